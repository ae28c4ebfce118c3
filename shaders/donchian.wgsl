// Donchian channel: highest high and lowest low over `period` bars and their midpoint, one invocation per
// (series, bar) scanning its window (max/min are exact in float32). columns: [high, low]. params: [period].
// outputs: [upper, middle, lower]. First value at period-1.
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let id = flat_id(gid, nwg);
  if (id >= n_bar_cells()) { return; }
  let c = bar_cell(id);
  let n = iparam(c.p, 0u);
  if (c.t + 1u < n) {
    put(0u, c.t, c.local, nan());
    put(1u, c.t, c.local, nan());
    put(2u, c.t, c.local, nan());
    return;
  }
  var hh = col(0u, c.instr, c.t);
  var ll = col(1u, c.instr, c.t);
  for (var i = 1u; i < n; i++) {
    hh = max(hh, col(0u, c.instr, c.t - i));
    ll = min(ll, col(1u, c.instr, c.t - i));
  }
  put(0u, c.t, c.local, hh);
  put(1u, c.t, c.local, (hh + ll) * 0.5);
  put(2u, c.t, c.local, ll);
}
