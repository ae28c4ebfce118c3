// Linearly weighted moving average (weights 1..period, newest heaviest), one invocation per (series, bar):
// the window is re-read, so float32 error does not grow along the series. params: [period]. First at period-1.
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let id = flat_id(gid, nwg);
  if (id >= n_bar_cells()) { return; }
  let c = bar_cell(id);
  let n = iparam(c.p, 0u);
  if (c.t + 1u < n) { put(0u, c.t, c.local, nan()); return; }
  var acc = KSum(0.0, 0.0);
  for (var i = 0u; i < n; i++) { acc = kadd(acc, f32(n - i) * col(0u, c.instr, c.t - i)); }
  put(0u, c.t, c.local, kval(acc) / (f32(n) * f32(n + 1u) * 0.5));
}
