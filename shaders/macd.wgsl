// MACD as TA-Lib computes it: both EMAs start on bar slow-1 (slow EMA seeded with the SMA of the first `slow`
// closes, fast EMA with the SMA of the `fast` closes ending there); signal = EMA(macd, signal) seeded with the SMA
// of its first `signal` values. One invocation per series. params: [fast, slow, signal].
// outputs: [macd (from slow-1), signal, histogram (from slow+signal-2)].
struct Macd { es: f32, ef: f32, sig: f32 };

// A bar after all seeds: the branch-free recursion; returns (macd, signal).
fn macd_step(st: ptr<function, Macd>, x: f32, ks: f32, kf: f32, kg: f32) -> vec2<f32> {
  let es = (*st).es + ks * (x - (*st).es);
  let ef = (*st).ef + kf * (x - (*st).ef);
  let mv = ef - es;
  let sig = (*st).sig + kg * (mv - (*st).sig);
  (*st).es = es;
  (*st).ef = ef;
  (*st).sig = sig;
  return vec2<f32>(mv, sig);
}

fn macd_put(i: u32, plane: u32, r: vec2<f32>) {
  put_at(i, r.x);
  put_at(i + plane, r.y);
  put_at(i + 2u * plane, r.x - r.y);
}

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
  var st = Macd(0.0, 0.0, 0.0);
  let b = series_tile_base(g, 0u, s.instr);
  let stride = dims.n_local;
  let plane = dims.n_bars * dims.n_local; // output words from one output to the next
  for (var t0 = 0u; t0 < dims.n_bars; t0 += g.len) {
    series_tile_load(g, t0, lid.x);
    // Invocations past n_local run no steps (no `continue`: the barriers need uniform control flow).
    let m = series_tile_steps(g, t0, live);
    // Bars up to the first signal (t < slow + signal - 1): the three seeds, one branchy step each.
    var j = 0u;
    for (; j < series_tile_warm(t0, m, ns + ng - 1u); j++) {
      let t = t0 + j;
      let x = series_tile[b + j];
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
          st.es = kval(seed_s) / f32(ns);
          st.ef = kval(seed_f) / f32(nf);
        } else {
          st.es = st.es + ks * (x - st.es);
          st.ef = st.ef + kf * (x - st.ef);
        }
        mv = st.ef - st.es;
        let js = t - (ns - 1u);
        if (js + 1u < ng) { seed_g = kadd(seed_g, mv); }
        else {
          if (js + 1u == ng) { seed_g = kadd(seed_g, mv); st.sig = kval(seed_g) / f32(ng); } else { st.sig = st.sig + kg * (mv - st.sig); }
          gv = st.sig;
          hv = mv - st.sig;
        }
      }
      put(0u, t, local, mv);
      put(1u, t, local, gv);
      put(2u, t, local, hv);
    }
    // The recursion proper, branch-free, eight bars at a time (see ema.wgsl).
    var oi = out_index(0u, t0 + j, local);
    for (; j + 8u <= m; j += 8u) {
      let x0 = series_tile[b + j + 0u];
      let x1 = series_tile[b + j + 1u];
      let x2 = series_tile[b + j + 2u];
      let x3 = series_tile[b + j + 3u];
      let x4 = series_tile[b + j + 4u];
      let x5 = series_tile[b + j + 5u];
      let x6 = series_tile[b + j + 6u];
      let x7 = series_tile[b + j + 7u];
      let r0 = macd_step(&st, x0, ks, kf, kg);
      let r1 = macd_step(&st, x1, ks, kf, kg);
      let r2 = macd_step(&st, x2, ks, kf, kg);
      let r3 = macd_step(&st, x3, ks, kf, kg);
      let r4 = macd_step(&st, x4, ks, kf, kg);
      let r5 = macd_step(&st, x5, ks, kf, kg);
      let r6 = macd_step(&st, x6, ks, kf, kg);
      let r7 = macd_step(&st, x7, ks, kf, kg);
      put8(oi, stride, r0.x, r1.x, r2.x, r3.x, r4.x, r5.x, r6.x, r7.x);
      put8(oi + plane, stride, r0.y, r1.y, r2.y, r3.y, r4.y, r5.y, r6.y, r7.y);
      put8(oi + 2u * plane, stride, r0.x - r0.y, r1.x - r1.y, r2.x - r2.y, r3.x - r3.y, r4.x - r4.y, r5.x - r5.y, r6.x - r6.y, r7.x - r7.y);
      oi += 8u * stride;
    }
    for (; j < m; j++) {
      macd_put(oi, plane, macd_step(&st, series_tile[b + j], ks, kf, kg));
      oi += stride;
    }
  }
}
