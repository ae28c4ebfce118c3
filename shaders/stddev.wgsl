// Rolling population standard deviation (TA-Lib STDDEV, nbdev 1) and z-score, one invocation per (series, bar).
// Two passes over the window (mean, then squared deviations) instead of E[x^2] - E[x]^2, which cancels
// catastrophically in float32 on prices; both on d = x - x[t], which is exact in float32 for nearby prices, so
// a window whose range is a few float32 ulps of the price level still gives an accurate deviation.
// Variances below 1e-8 give 0, as TA-Lib does.
// params: [period]. outputs: [stddev], or with override ZSCORE = 1, [zscore] = (x - mean) / stddev.
override ZSCORE: u32 = 0u;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let id = flat_id(gid, nwg);
  if (id >= n_bar_cells()) { return; }
  let c = bar_cell(id);
  let n = iparam(c.p, 0u);
  if (c.t + 1u < n) { put(0u, c.t, c.local, nan()); return; }
  let anchor = col(0u, c.instr, c.t);
  var acc = KSum(0.0, 0.0);
  for (var i = 0u; i < n; i++) { acc = kadd(acc, col(0u, c.instr, c.t - i) - anchor); }
  let mean = kval(acc) / f32(n);
  var dev = KSum(0.0, 0.0);
  for (var i = 0u; i < n; i++) { let d = (col(0u, c.instr, c.t - i) - anchor) - mean; dev = kadd(dev, d * d); }
  let v = kval(dev) / f32(n);
  var sd = 0.0;
  if (v >= 1e-8) { sd = sqrt(v); }
  if (ZSCORE == 1u) {
    var z = 0.0;
    if (sd > 0.0) { z = -mean / sd; }
    put(0u, c.t, c.local, z);
  } else {
    put(0u, c.t, c.local, sd);
  }
}
