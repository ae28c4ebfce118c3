// Kaufman adaptive moving average (TA-Lib KAMA, fast 2 / slow 30), one invocation per series.
// The path length (sum of |dx| over the window) is a running sum, re-summed every `period` bars so float32
// drift stays bounded. params: [period]. First value at period.
fn smoothing(net: f32, path: f32) -> f32 {
  let slow = 2.0 / 31.0;
  let diff = 2.0 / 3.0 - slow;
  var er = 1.0;
  if (!(path <= net || (path > -1e-8 && path < 1e-8))) { er = abs(net / path); }
  let sc = er * diff + slow;
  return sc * sc;
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let local = flat_id(gid, nwg);
  if (local >= dims.n_local) { return; }
  let s = series_of(local);
  let p = iparam(s.p, 0u);
  let nb = dims.n_bars;
  for (var t = 0u; t < min(p, nb); t++) { put(0u, t, local, nan()); }
  if (nb <= p) { return; }
  var path = 0.0;
  for (var i = 1u; i <= p; i++) { path += abs(col(0u, s.instr, i) - col(0u, s.instr, i - 1u)); }
  var prev = col(0u, s.instr, p - 1u);
  prev = (col(0u, s.instr, p) - prev) * smoothing(col(0u, s.instr, p) - col(0u, s.instr, 0u), path) + prev;
  put(0u, p, local, prev);
  var since = 0u;
  for (var t = p + 1u; t < nb; t++) {
    let x = col(0u, s.instr, t);
    since++;
    if (since >= p) {
      since = 0u;
      path = 0.0;
      for (var j = t - p + 1u; j <= t; j++) { path += abs(col(0u, s.instr, j) - col(0u, s.instr, j - 1u)); }
    } else {
      path += abs(x - col(0u, s.instr, t - 1u)) - abs(col(0u, s.instr, t - p) - col(0u, s.instr, t - p - 1u));
    }
    prev = (x - prev) * smoothing(x - col(0u, s.instr, t - p), path) + prev;
    put(0u, t, local, prev);
  }
}
