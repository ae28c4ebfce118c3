// Bollinger Bands: middle = SMA(period), upper/lower = middle +/- mult * population stddev (TA-Lib BBANDS with
// SMA), one invocation per (series, bar), two passes over the window on d = x - x[t] (exact in float32 for nearby
// prices; see stddev.wgsl). params: [period, mult].
// outputs: [upper, middle, lower].
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let id = flat_id(gid, nwg);
  if (id >= n_bar_cells()) { return; }
  let c = bar_cell(id);
  let n = iparam(c.p, 0u);
  let mult = param(c.p, 1u);
  if (c.t + 1u < n) {
    put(0u, c.t, c.local, nan());
    put(1u, c.t, c.local, nan());
    put(2u, c.t, c.local, nan());
    return;
  }
  let anchor = col(0u, c.instr, c.t);
  var acc = KSum(0.0, 0.0);
  for (var i = 0u; i < n; i++) { acc = kadd(acc, col(0u, c.instr, c.t - i) - anchor); }
  let md = kval(acc) / f32(n);
  let mean = anchor + md;
  var dev = KSum(0.0, 0.0);
  for (var i = 0u; i < n; i++) { let d = (col(0u, c.instr, c.t - i) - anchor) - md; dev = kadd(dev, d * d); }
  let v = kval(dev) / f32(n);
  var sd = 0.0;
  if (v >= 1e-8) { sd = sqrt(v); }
  put(0u, c.t, c.local, mean + mult * sd);
  put(1u, c.t, c.local, mean);
  put(2u, c.t, c.local, mean - mult * sd);
}
