// Keltner channel: middle = EMA(close, period) seeded with the SMA of the first `period` closes; upper/lower =
// middle +/- mult * Wilder ATR(atrPeriod) (TA-Lib-style, first ATR at atrPeriod). Recursive: one invocation per
// series walks the bars in order, reading them from workgroup-memory tiles (common.wgsl series_tile_*).
// columns: [high, low, close]. params: [period, mult, atrPeriod]. outputs: [upper, middle, lower], from
// max(period-1, atrPeriod).
struct Keltner { ema: f32, atr: f32, pc: f32 };

// A bar after both seeds: the branch-free recursion; returns (middle, ATR).
fn keltner_step(st: ptr<function, Keltner>, h: f32, l: f32, c: f32, k: f32, fa: f32) -> vec2<f32> {
  let ema = (*st).ema + k * (c - (*st).ema);
  let tr = max(h, (*st).pc) - min(l, (*st).pc);
  let atr = ((*st).atr * (fa - 1.0) + tr) / fa;
  (*st).ema = ema;
  (*st).atr = atr;
  (*st).pc = c;
  return vec2<f32>(ema, atr);
}

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let g = series_tile_group(wid, nwg, 3u);
  let local = g.first + lid.x;
  let live = local < dims.n_local;
  let s = series_of(min(local, max(dims.n_local, 1u) - 1u));
  let n = iparam(s.p, 0u);
  let mult = param(s.p, 1u);
  let ap = iparam(s.p, 2u);
  let k = 2.0 / (f32(n) + 1.0);
  let fa = f32(ap);
  let start = max(n - 1u, ap);
  let stride = dims.n_local;
  let plane = dims.n_bars * dims.n_local; // output words from one output to the next
  var seed = KSum(0.0, 0.0);
  var trsum = KSum(0.0, 0.0);
  var st = Keltner(0.0, 0.0, 0.0);
  for (var t0 = 0u; t0 < dims.n_bars; t0 += g.len) {
    series_tile_load(g, t0, lid.x);
    // Invocations past n_local run no steps (no `continue`: the barriers need uniform control flow).
    let m = series_tile_steps(g, t0, live);
    let bh = series_tile_base(g, 0u, s.instr);
    let bl = series_tile_base(g, 1u, s.instr);
    let bc = series_tile_base(g, 2u, s.instr);
    // Bars until both recursions run (t < max(period, atrPeriod + 1)): the seeds, one branchy step each.
    var j = 0u;
    for (; j < series_tile_warm(t0, m, max(n, ap + 1u)); j++) {
      let t = t0 + j;
      let x = series_tile[bc + j];
      if (t + 1u < n) { seed = kadd(seed, x); }
      else if (t + 1u == n) { seed = kadd(seed, x); st.ema = kval(seed) / f32(n); }
      else { st.ema = st.ema + k * (x - st.ema); }
      if (t >= 1u) {
        let tr = max(series_tile[bh + j], st.pc) - min(series_tile[bl + j], st.pc);
        if (t < ap) { trsum = kadd(trsum, tr); }
        else if (t == ap) { trsum = kadd(trsum, tr); st.atr = kval(trsum) / fa; }
        else { st.atr = (st.atr * (fa - 1.0) + tr) / fa; }
      }
      st.pc = x;
      if (t >= start) {
        put(0u, t, local, st.ema + mult * st.atr);
        put(1u, t, local, st.ema);
        put(2u, t, local, st.ema - mult * st.atr);
      } else {
        put(0u, t, local, nan());
        put(1u, t, local, nan());
        put(2u, t, local, nan());
      }
    }
    // The recursion proper, branch-free, eight bars at a time (see ema.wgsl).
    var oi = out_index(0u, t0 + j, local);
    for (; j + 8u <= m; j += 8u) {
      let h0 = series_tile[bh + j + 0u];
      let l0 = series_tile[bl + j + 0u];
      let c0 = series_tile[bc + j + 0u];
      let h1 = series_tile[bh + j + 1u];
      let l1 = series_tile[bl + j + 1u];
      let c1 = series_tile[bc + j + 1u];
      let h2 = series_tile[bh + j + 2u];
      let l2 = series_tile[bl + j + 2u];
      let c2 = series_tile[bc + j + 2u];
      let h3 = series_tile[bh + j + 3u];
      let l3 = series_tile[bl + j + 3u];
      let c3 = series_tile[bc + j + 3u];
      let h4 = series_tile[bh + j + 4u];
      let l4 = series_tile[bl + j + 4u];
      let c4 = series_tile[bc + j + 4u];
      let h5 = series_tile[bh + j + 5u];
      let l5 = series_tile[bl + j + 5u];
      let c5 = series_tile[bc + j + 5u];
      let h6 = series_tile[bh + j + 6u];
      let l6 = series_tile[bl + j + 6u];
      let c6 = series_tile[bc + j + 6u];
      let h7 = series_tile[bh + j + 7u];
      let l7 = series_tile[bl + j + 7u];
      let c7 = series_tile[bc + j + 7u];
      let r0 = keltner_step(&st, h0, l0, c0, k, fa);
      let r1 = keltner_step(&st, h1, l1, c1, k, fa);
      let r2 = keltner_step(&st, h2, l2, c2, k, fa);
      let r3 = keltner_step(&st, h3, l3, c3, k, fa);
      let r4 = keltner_step(&st, h4, l4, c4, k, fa);
      let r5 = keltner_step(&st, h5, l5, c5, k, fa);
      let r6 = keltner_step(&st, h6, l6, c6, k, fa);
      let r7 = keltner_step(&st, h7, l7, c7, k, fa);
      put8(oi, stride, r0.x + mult * r0.y, r1.x + mult * r1.y, r2.x + mult * r2.y, r3.x + mult * r3.y, r4.x + mult * r4.y, r5.x + mult * r5.y, r6.x + mult * r6.y, r7.x + mult * r7.y);
      put8(oi + plane, stride, r0.x, r1.x, r2.x, r3.x, r4.x, r5.x, r6.x, r7.x);
      put8(oi + 2u * plane, stride, r0.x - mult * r0.y, r1.x - mult * r1.y, r2.x - mult * r2.y, r3.x - mult * r3.y, r4.x - mult * r4.y, r5.x - mult * r5.y, r6.x - mult * r6.y, r7.x - mult * r7.y);
      oi += 8u * stride;
    }
    for (; j < m; j++) {
      let r = keltner_step(&st, series_tile[bh + j], series_tile[bl + j], series_tile[bc + j], k, fa);
      put_at(oi, r.x + mult * r.y);
      put_at(oi + plane, r.x);
      put_at(oi + 2u * plane, r.x - mult * r.y);
      oi += stride;
    }
  }
}
