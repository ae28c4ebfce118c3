// Volume-weighted moving average sum(close*volume)/sum(volume) over `period` bars, one invocation per
// (series, bar). NaN where the window's volume is zero. columns: [close, volume]. params: [period].
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let id = flat_id(gid, nwg);
  if (id >= n_bar_cells()) { return; }
  let c = bar_cell(id);
  let n = iparam(c.p, 0u);
  if (c.t + 1u < n) { put(0u, c.t, c.local, nan()); return; }
  var pv = KSum(0.0, 0.0);
  var vs = KSum(0.0, 0.0);
  for (var i = 0u; i < n; i++) {
    let v = col(1u, c.instr, c.t - i);
    pv = kadd(pv, col(0u, c.instr, c.t - i) * v);
    vs = kadd(vs, v);
  }
  let den = kval(vs);
  var r = nan();
  if (den != 0.0) { r = kval(pv) / den; }
  put(0u, c.t, c.local, r);
}
