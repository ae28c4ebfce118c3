// Rate of change and momentum against the close `period` bars back, one invocation per (series, bar).
// MODE 0: ROC = 100 * (x / x[t-n] - 1), 0 when x[t-n] is 0 (TA-Lib ROC). MODE 1: MOM = x - x[t-n].
// params: [period]. First value at period.
override MODE: u32 = 0u;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let id = flat_id(gid, nwg);
  if (id >= n_bar_cells()) { return; }
  let c = bar_cell(id);
  let n = iparam(c.p, 0u);
  if (c.t < n) { put(0u, c.t, c.local, nan()); return; }
  let x = col(0u, c.instr, c.t);
  let x0 = col(0u, c.instr, c.t - n);
  var v = x - x0;
  if (MODE == 0u) { v = select(0.0, (x / x0 - 1.0) * 100.0, x0 != 0.0); }
  put(0u, c.t, c.local, v);
}
