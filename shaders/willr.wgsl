// Williams %R = -100 * (HH - close) / (HH - LL) over `period` bars; 0 when HH == LL (TA-Lib WILLR).
// One invocation per (series, bar). columns: [high, low, close]. params: [period]. First value at period-1.
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let id = flat_id(gid, nwg);
  if (id >= n_bar_cells()) { return; }
  let c = bar_cell(id);
  let n = iparam(c.p, 0u);
  if (c.t + 1u < n) { put(0u, c.t, c.local, nan()); return; }
  var hh = col(0u, c.instr, c.t);
  var ll = col(1u, c.instr, c.t);
  for (var i = 1u; i < n; i++) {
    hh = max(hh, col(0u, c.instr, c.t - i));
    ll = min(ll, col(1u, c.instr, c.t - i));
  }
  let d = hh - ll;
  put(0u, c.t, c.local, select(0.0, (hh - col(2u, c.instr, c.t)) / d * -100.0, d != 0.0));
}
