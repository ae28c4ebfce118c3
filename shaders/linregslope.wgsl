// Least-squares slope of the last N closes against time (TA-Lib LINEARREG_SLOPE), price units per bar.
// One invocation per (series, bar), two passes over the window: slope = sum((j - jbar)(y - ybar)) / sum((j - jbar)^2),
// the centred form, which avoids the cancellation of N*Sxy - Sx*Sy in float32. params: [period]. First at period-1.
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let id = flat_id(gid, nwg);
  if (id >= n_bar_cells()) { return; }
  let c = bar_cell(id);
  let n = iparam(c.p, 0u);
  if (c.t + 1u < n) { put(0u, c.t, c.local, nan()); return; }
  let first = c.t + 1u - n;
  // y - y[t]: exact in float32 for nearby prices (see stddev.wgsl).
  let anchor = col(0u, c.instr, c.t);
  var acc = KSum(0.0, 0.0);
  for (var j = 0u; j < n; j++) { acc = kadd(acc, col(0u, c.instr, first + j) - anchor); }
  let ybar = kval(acc) / f32(n);
  let jbar = (f32(n) - 1.0) * 0.5;
  var num = KSum(0.0, 0.0);
  for (var j = 0u; j < n; j++) { num = kadd(num, (f32(j) - jbar) * ((col(0u, c.instr, first + j) - anchor) - ybar)); }
  // sum((j - jbar)^2) over j = 0..n-1 = n (n^2 - 1) / 12
  let fn_ = f32(n);
  put(0u, c.t, c.local, kval(num) / (fn_ * (fn_ * fn_ - 1.0) / 12.0));
}
