// MACD as TA-Lib computes it: both EMAs start on bar slow-1 (slow EMA seeded with the SMA of the first `slow`
// closes, fast EMA with the SMA of the `fast` closes ending there); signal = EMA(macd, signal) seeded with the SMA
// of its first `signal` values. One invocation per series. params: [fast, slow, signal].
// outputs: [macd (from slow-1), signal, histogram (from slow+signal-2)].
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let local = flat_id(gid, nwg);
  if (local >= dims.n_local) { return; }
  let s = series_of(local);
  let nf = iparam(s.p, 0u);
  let ns = iparam(s.p, 1u);
  let ng = iparam(s.p, 2u);
  let kf = 2.0 / (f32(nf) + 1.0);
  let ks = 2.0 / (f32(ns) + 1.0);
  let kg = 2.0 / (f32(ng) + 1.0);
  var seed_s = KSum(0.0, 0.0);
  var seed_f = KSum(0.0, 0.0);
  var seed_g = KSum(0.0, 0.0);
  var es = 0.0;
  var ef = 0.0;
  var sig = 0.0;
  for (var t = 0u; t < dims.n_bars; t++) {
    let x = col(0u, s.instr, t);
    var m = nan();
    var g = nan();
    var h = nan();
    if (t + 1u < ns) {
      seed_s = kadd(seed_s, x);
      if (t + nf >= ns) { seed_f = kadd(seed_f, x); }
    } else {
      if (t + 1u == ns) {
        seed_s = kadd(seed_s, x);
        seed_f = kadd(seed_f, x);
        es = kval(seed_s) / f32(ns);
        ef = kval(seed_f) / f32(nf);
      } else {
        es = es + ks * (x - es);
        ef = ef + kf * (x - ef);
      }
      m = ef - es;
      let j = t - (ns - 1u);
      if (j + 1u < ng) { seed_g = kadd(seed_g, m); }
      else {
        if (j + 1u == ng) { seed_g = kadd(seed_g, m); sig = kval(seed_g) / f32(ng); } else { sig = sig + kg * (m - sig); }
        g = sig;
        h = m - sig;
      }
    }
    put(0u, t, local, m);
    put(1u, t, local, g);
    put(2u, t, local, h);
  }
}
