// Keltner channel: middle = EMA(close, period) seeded with the SMA of the first `period` closes; upper/lower =
// middle +/- mult * Wilder ATR(atrPeriod) (TA-Lib-style, first ATR at atrPeriod). Recursive: one invocation per
// series. columns: [high, low, close]. params: [period, mult, atrPeriod]. outputs: [upper, middle, lower], from
// max(period-1, atrPeriod).
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let local = flat_id(gid, nwg);
  if (local >= dims.n_local) { return; }
  let s = series_of(local);
  let n = iparam(s.p, 0u);
  let mult = param(s.p, 1u);
  let ap = iparam(s.p, 2u);
  let k = 2.0 / (f32(n) + 1.0);
  let fa = f32(ap);
  let start = max(n - 1u, ap);
  var seed = KSum(0.0, 0.0);
  var trsum = KSum(0.0, 0.0);
  var ema = 0.0;
  var atr = 0.0;
  for (var t = 0u; t < dims.n_bars; t++) {
    let x = col(2u, s.instr, t);
    if (t + 1u < n) { seed = kadd(seed, x); }
    else if (t + 1u == n) { seed = kadd(seed, x); ema = kval(seed) / f32(n); }
    else { ema = ema + k * (x - ema); }
    if (t >= 1u) {
      let pc = col(2u, s.instr, t - 1u);
      let tr = max(col(0u, s.instr, t), pc) - min(col(1u, s.instr, t), pc);
      if (t < ap) { trsum = kadd(trsum, tr); }
      else if (t == ap) { trsum = kadd(trsum, tr); atr = kval(trsum) / fa; }
      else { atr = (atr * (fa - 1.0) + tr) / fa; }
    }
    if (t >= start) {
      put(0u, t, local, ema + mult * atr);
      put(1u, t, local, ema);
      put(2u, t, local, ema - mult * atr);
    } else {
      put(0u, t, local, nan());
      put(1u, t, local, nan());
      put(2u, t, local, nan());
    }
  }
}
