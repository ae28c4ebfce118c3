// Ichimoku Kinko Hyo, causal form (as shared/indicators/ichimoku.ts): tenkan/kijun = midpoints of the high/low
// range over their periods; leadA = (tenkan + kijun)/2 and leadB = midpoint over senkouB are computed now (drawn
// displacement-1 bars ahead); spanA/spanB = leadA/leadB from displacement-1 bars ago (the cloud at this bar).
// One invocation per (series, bar). columns: [high, low]. params: [tenkan, kijun, senkouB, displacement].
// outputs: [tenkan, kijun, spanA, spanB, leadA, leadB].
fn mid(instr: u32, t: u32, n: u32) -> f32 {
  var hh = col(0u, instr, t);
  var ll = col(1u, instr, t);
  for (var i = 1u; i < n; i++) {
    hh = max(hh, col(0u, instr, t - i));
    ll = min(ll, col(1u, instr, t - i));
  }
  return (hh + ll) * 0.5;
}

fn lead_a(instr: u32, t: u32, tk: u32, kj: u32) -> f32 {
  if (t + 1u < max(tk, kj)) { return nan(); }
  return (mid(instr, t, tk) + mid(instr, t, kj)) * 0.5;
}

fn lead_b(instr: u32, t: u32, sb: u32) -> f32 {
  if (t + 1u < sb) { return nan(); }
  return mid(instr, t, sb);
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let id = flat_id(gid, nwg);
  if (id >= n_bar_cells()) { return; }
  let c = bar_cell(id);
  let tk = iparam(c.p, 0u);
  let kj = iparam(c.p, 1u);
  let sb = iparam(c.p, 2u);
  let lag = iparam(c.p, 3u) - 1u;
  let t = c.t;
  put(0u, t, c.local, select(nan(), mid(c.instr, t, tk), t + 1u >= tk));
  put(1u, t, c.local, select(nan(), mid(c.instr, t, kj), t + 1u >= kj));
  var sa = nan();
  var sbv = nan();
  if (t >= lag) {
    sa = lead_a(c.instr, t - lag, tk, kj);
    sbv = lead_b(c.instr, t - lag, sb);
  }
  put(2u, t, c.local, sa);
  put(3u, t, c.local, sbv);
  put(4u, t, c.local, lead_a(c.instr, t, tk, kj));
  put(5u, t, c.local, lead_b(c.instr, t, sb));
}
