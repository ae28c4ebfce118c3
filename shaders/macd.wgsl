// MACD as TA-Lib computes it: both EMAs start on bar slow-1 (slow EMA seeded with the SMA of the first `slow`
// closes, fast EMA with the SMA of the `fast` closes ending there); signal = EMA(macd, signal) seeded with the SMA
// of its first `signal` values. One invocation per series. params: [fast, slow, signal].
// outputs: [macd (from slow-1), signal, histogram (from slow+signal-2)].
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let g = series_tile_group(wid, nwg, 1u);
  let local = g.first + lid.x;
  let live = local < dims.n_local;
  let s = series_of(min(local, max(dims.n_local, 1u) - 1u));
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
  for (var t0 = 0u; t0 < dims.n_bars; t0 += g.len) {
    series_tile_load(g, t0, lid.x);
    // Invocations past n_local run no steps (no `continue`: the barriers need uniform control flow).
    let m = series_tile_steps(g, t0, live);
    for (var j = 0u; j < m; j++) {
      let t = t0 + j;
      let x = series_tile_x(g, 0u, s.instr, j);
      var mv = nan();
      var gv = nan();
      var hv = nan();
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
        mv = ef - es;
        let js = t - (ns - 1u);
        if (js + 1u < ng) { seed_g = kadd(seed_g, mv); }
        else {
          if (js + 1u == ng) { seed_g = kadd(seed_g, mv); sig = kval(seed_g) / f32(ng); } else { sig = sig + kg * (mv - sig); }
          gv = sig;
          hv = mv - sig;
        }
      }
      put(0u, t, local, mv);
      put(1u, t, local, gv);
      put(2u, t, local, hv);
    }
  }
}
