// Relative strength index with Wilder smoothing (TA-Lib RSI): averages seeded with the mean of the first `period`
// changes, then avg = (avg*(p-1) + change)/p; 0 when gain+loss is ~0. One invocation per series.
// params: [period]. First value at period.
fn rsi_ratio(gain: f32, loss: f32) -> f32 {
  let t = gain + loss;
  if (t > -1e-8 && t < 1e-8) { return 0.0; }
  return 100.0 * (gain / t);
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
  var gain = 0.0;
  var loss = 0.0;
  var prev = col(0u, s.instr, 0u);
  for (var i = 1u; i <= p; i++) {
    let x = col(0u, s.instr, i);
    let d = x - prev;
    prev = x;
    if (d < 0.0) { loss -= d; } else { gain += d; }
  }
  let fp = f32(p);
  gain /= fp;
  loss /= fp;
  put(0u, p, local, rsi_ratio(gain, loss));
  let pm1 = fp - 1.0;
  for (var t = p + 1u; t < nb; t++) {
    let x = col(0u, s.instr, t);
    let d = x - prev;
    prev = x;
    gain *= pm1;
    loss *= pm1;
    if (d < 0.0) { loss -= d; } else { gain += d; }
    gain /= fp;
    loss /= fp;
    put(0u, t, local, rsi_ratio(gain, loss));
  }
}
