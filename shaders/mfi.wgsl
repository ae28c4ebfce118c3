// Money flow index (TA-Lib MFI): flow = tp * volume with tp = (h+l+c)/3, positive when tp rose, negative when it
// fell; MFI = 100 * pos / (pos + neg) over `period` flows, 0 when pos + neg < 1. One invocation per (series, bar).
// The rise/fall test sums the three bar-to-bar differences (each exact in float32 for nearby prices) instead of
// comparing two rounded tp values, so float32 rounding cannot flip a flow's sign.
// columns: [high, low, close, volume]. params: [period]. First value at period.
fn tp(instr: u32, t: u32) -> f32 { return (col(0u, instr, t) + col(1u, instr, t) + col(2u, instr, t)) / 3.0; }

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let id = flat_id(gid, nwg);
  if (id >= n_bar_cells()) { return; }
  let c = bar_cell(id);
  let n = iparam(c.p, 0u);
  if (c.t < n) { put(0u, c.t, c.local, nan()); return; }
  var pos = KSum(0.0, 0.0);
  var neg = KSum(0.0, 0.0);
  for (var i = c.t + 1u - n; i <= c.t; i++) {
    let up = (col(0u, c.instr, i) - col(0u, c.instr, i - 1u)) + (col(1u, c.instr, i) - col(1u, c.instr, i - 1u)) + (col(2u, c.instr, i) - col(2u, c.instr, i - 1u));
    let f = tp(c.instr, i) * col(3u, c.instr, i);
    if (up > 0.0) { pos = kadd(pos, f); } else if (up < 0.0) { neg = kadd(neg, f); }
  }
  let p = kval(pos);
  let t = p + kval(neg);
  put(0u, c.t, c.local, select(100.0 * (p / t), 0.0, t < 1.0));
}
