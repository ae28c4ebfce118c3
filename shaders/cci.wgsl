// Commodity channel index (TA-Lib CCI): typical price TP = (h+l+c)/3, CCI = (TP - SMA(TP)) / (0.015 * mean
// absolute deviation), 0 when either is 0. One invocation per (series, bar), two passes over the window.
// Works on TP - TP[t] = ((h - h[t]) + (l - l[t]) + (c - c[t])) / 3: each difference is exact in float32 for nearby
// prices, so a window whose spread is a few float32 ulps of the price level still gives an accurate ratio.
// columns: [high, low, close]. params: [period]. First value at period-1.
fn dtp(instr: u32, i: u32, t: u32) -> f32 {
  return ((col(0u, instr, i) - col(0u, instr, t)) + (col(1u, instr, i) - col(1u, instr, t)) + (col(2u, instr, i) - col(2u, instr, t))) / 3.0;
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let id = flat_id(gid, nwg);
  if (id >= n_bar_cells()) { return; }
  let c = bar_cell(id);
  let n = iparam(c.p, 0u);
  if (c.t + 1u < n) { put(0u, c.t, c.local, nan()); return; }
  var acc = KSum(0.0, 0.0);
  for (var i = 0u; i < n; i++) { acc = kadd(acc, dtp(c.instr, c.t - i, c.t)); }
  let mean = kval(acc) / f32(n);
  var dev = KSum(0.0, 0.0);
  for (var i = 0u; i < n; i++) { dev = kadd(dev, abs(dtp(c.instr, c.t - i, c.t) - mean)); }
  let md = kval(dev) / f32(n);
  // TP[t] - mean, with TP[t] - TP[t] = 0.
  let d = -mean;
  put(0u, c.t, c.local, select(0.0, d / (0.015 * md), d != 0.0 && md != 0.0));
}
