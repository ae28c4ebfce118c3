// Commodity channel index (TA-Lib CCI): typical price TP = (h+l+c)/3, CCI = (TP - SMA(TP)) / (0.015 * mean
// absolute deviation), 0 when either is 0. One invocation per (series, bar), two passes over the window.
// columns: [high, low, close]. params: [period]. First value at period-1.
fn tp(instr: u32, t: u32) -> f32 { return (col(0u, instr, t) + col(1u, instr, t) + col(2u, instr, t)) / 3.0; }

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let id = flat_id(gid, nwg);
  if (id >= n_bar_cells()) { return; }
  let c = bar_cell(id);
  let n = iparam(c.p, 0u);
  if (c.t + 1u < n) { put(0u, c.t, c.local, nan()); return; }
  var acc = KSum(0.0, 0.0);
  for (var i = 0u; i < n; i++) { acc = kadd(acc, tp(c.instr, c.t - i)); }
  let mean = kval(acc) / f32(n);
  var dev = KSum(0.0, 0.0);
  for (var i = 0u; i < n; i++) { dev = kadd(dev, abs(tp(c.instr, c.t - i) - mean)); }
  let md = kval(dev) / f32(n);
  let d = tp(c.instr, c.t) - mean;
  put(0u, c.t, c.local, select(0.0, d / (0.015 * md), d != 0.0 && md != 0.0));
}
