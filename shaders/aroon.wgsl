// Aroon (TA-Lib AROON / AROONOSC): over the last period+1 bars, up = 100 * (period - bars since the highest high)
// / period, down likewise with the lowest low, ties to the most recent extreme; osc = up - down. One invocation per
// (series, bar) scanning its window. columns: [high, low]. params: [period]. outputs: [up, down, osc], from period.
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let id = flat_id(gid, nwg);
  if (id >= n_bar_cells()) { return; }
  let c = bar_cell(id);
  let n = iparam(c.p, 0u);
  if (c.t < n) {
    put(0u, c.t, c.local, nan());
    put(1u, c.t, c.local, nan());
    put(2u, c.t, c.local, nan());
    return;
  }
  var hi = c.t - n;
  var lo = c.t - n;
  var hh = col(0u, c.instr, hi);
  var ll = col(1u, c.instr, lo);
  for (var i = c.t - n + 1u; i <= c.t; i++) {
    let h = col(0u, c.instr, i);
    let l = col(1u, c.instr, i);
    if (h >= hh) { hh = h; hi = i; }
    if (l <= ll) { ll = l; lo = i; }
  }
  let factor = 100.0 / f32(n);
  let up = factor * f32(n - (c.t - hi));
  let down = factor * f32(n - (c.t - lo));
  put(0u, c.t, c.local, up);
  put(1u, c.t, c.local, down);
  put(2u, c.t, c.local, up - down);
}
