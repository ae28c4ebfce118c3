// Stochastic oscillator (TA-Lib STOCH with SMA smoothing): raw %K = (close - LL) / ((HH - LL) / 100) over kPeriod
// bars (0 when HH == LL); %K = SMA(raw, kSmooth); %D = SMA(%K, dPeriod). One invocation per (series, bar),
// re-reading its windows (exact max/min, no drifting sums). columns: [high, low, close].
// params: [kPeriod, kSmooth, dPeriod]. outputs: [k (from kPeriod+kSmooth-2), d (from kPeriod+kSmooth+dPeriod-3)].
fn raw_k(instr: u32, u: u32, kp: u32) -> f32 {
  var hh = col(0u, instr, u);
  var ll = col(1u, instr, u);
  for (var i = 1u; i < kp; i++) {
    hh = max(hh, col(0u, instr, u - i));
    ll = min(ll, col(1u, instr, u - i));
  }
  let diff = (hh - ll) / 100.0;
  return select(0.0, (col(2u, instr, u) - ll) / diff, diff != 0.0);
}

fn k_at(instr: u32, u: u32, kp: u32, ks: u32) -> f32 {
  var acc = KSum(0.0, 0.0);
  for (var j = 0u; j < ks; j++) { acc = kadd(acc, raw_k(instr, u - j, kp)); }
  return kval(acc) / f32(ks);
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let id = flat_id(gid, nwg);
  if (id >= n_bar_cells()) { return; }
  let c = bar_cell(id);
  let kp = iparam(c.p, 0u);
  let ks = iparam(c.p, 1u);
  let dp = iparam(c.p, 2u);
  var k = nan();
  var d = nan();
  if (c.t + 2u >= kp + ks) { k = k_at(c.instr, c.t, kp, ks); }
  if (c.t + 3u >= kp + ks + dp) {
    var acc = KSum(0.0, 0.0);
    for (var i = 0u; i < dp; i++) { acc = kadd(acc, k_at(c.instr, c.t - i, kp, ks)); }
    d = kval(acc) / f32(dp);
  }
  put(0u, c.t, c.local, k);
  put(1u, c.t, c.local, d);
}
