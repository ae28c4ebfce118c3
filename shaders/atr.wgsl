// Average true range with Wilder smoothing (TA-Lib ATR) and its normalised form NATR = 100*ATR/close.
// TR from bar 1; first ATR at bar `period` = mean TR over bars 1..period. One invocation per series walks the
// bars in order, reading them from workgroup-memory tiles (common.wgsl series_tile_*).
// columns: [high, low, close]. params: [period]. outputs: [atr] or, with override NORMALISE = 1, [natr].
override NORMALISE: u32 = 0u;

// The output at a bar with ATR a and close c.
fn atr_value(a: f32, c: f32) -> f32 {
  if (NORMALISE == 1u) { return select(0.0, a / c * 100.0, c != 0.0); }
  return a;
}

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let g = series_tile_group(wid, nwg, 3u);
  let local = g.first + lid.x;
  let live = local < dims.n_local;
  let s = series_of(min(local, max(dims.n_local, 1u) - 1u));
  let p = iparam(s.p, 0u);
  let fp = f32(p);
  var sum = KSum(0.0, 0.0);
  var a = 0.0;
  var pc = 0.0; // previous close
  let stride = dims.n_local;
  for (var t0 = 0u; t0 < dims.n_bars; t0 += g.len) {
    series_tile_load(g, t0, lid.x);
    // Invocations past n_local run no steps (no `continue`: the barriers need uniform control flow).
    let m = series_tile_steps(g, t0, live);
    let bh = series_tile_base(g, 0u, s.instr);
    let bl = series_tile_base(g, 1u, s.instr);
    let bc = series_tile_base(g, 2u, s.instr);
    // Bars up to the first ATR (t <= period): the seed's mean true range, one branchy step each.
    var j = 0u;
    for (; j < series_tile_warm(t0, m, p + 1u); j++) {
      let t = t0 + j;
      let c = series_tile[bc + j];
      let tr = max(series_tile[bh + j], pc) - min(series_tile[bl + j], pc);
      pc = c;
      if (t < p) {
        if (t >= 1u) { sum = kadd(sum, tr); }
        put(0u, t, local, nan());
        continue;
      }
      sum = kadd(sum, tr);
      a = kval(sum) / fp;
      put(0u, t, local, atr_value(a, c));
    }
    // Wilder recursion, branch-free, eight bars at a time (see ema.wgsl).
    var oi = out_index(0u, t0 + j, local);
    for (; j + 8u <= m; j += 8u) {
      let h0 = series_tile[bh + j + 0u];
      let h1 = series_tile[bh + j + 1u];
      let h2 = series_tile[bh + j + 2u];
      let h3 = series_tile[bh + j + 3u];
      let h4 = series_tile[bh + j + 4u];
      let h5 = series_tile[bh + j + 5u];
      let h6 = series_tile[bh + j + 6u];
      let h7 = series_tile[bh + j + 7u];
      let l0 = series_tile[bl + j + 0u];
      let l1 = series_tile[bl + j + 1u];
      let l2 = series_tile[bl + j + 2u];
      let l3 = series_tile[bl + j + 3u];
      let l4 = series_tile[bl + j + 4u];
      let l5 = series_tile[bl + j + 5u];
      let l6 = series_tile[bl + j + 6u];
      let l7 = series_tile[bl + j + 7u];
      let c0 = series_tile[bc + j + 0u];
      let c1 = series_tile[bc + j + 1u];
      let c2 = series_tile[bc + j + 2u];
      let c3 = series_tile[bc + j + 3u];
      let c4 = series_tile[bc + j + 4u];
      let c5 = series_tile[bc + j + 5u];
      let c6 = series_tile[bc + j + 6u];
      let c7 = series_tile[bc + j + 7u];
      a = (a * (fp - 1.0) + (max(h0, pc) - min(l0, pc))) / fp;
      let v0 = atr_value(a, c0);
      a = (a * (fp - 1.0) + (max(h1, c0) - min(l1, c0))) / fp;
      let v1 = atr_value(a, c1);
      a = (a * (fp - 1.0) + (max(h2, c1) - min(l2, c1))) / fp;
      let v2 = atr_value(a, c2);
      a = (a * (fp - 1.0) + (max(h3, c2) - min(l3, c2))) / fp;
      let v3 = atr_value(a, c3);
      a = (a * (fp - 1.0) + (max(h4, c3) - min(l4, c3))) / fp;
      let v4 = atr_value(a, c4);
      a = (a * (fp - 1.0) + (max(h5, c4) - min(l5, c4))) / fp;
      let v5 = atr_value(a, c5);
      a = (a * (fp - 1.0) + (max(h6, c5) - min(l6, c5))) / fp;
      let v6 = atr_value(a, c6);
      a = (a * (fp - 1.0) + (max(h7, c6) - min(l7, c6))) / fp;
      let v7 = atr_value(a, c7);
      pc = c7;
      put8(oi, stride, v0, v1, v2, v3, v4, v5, v6, v7);
      oi += 8u * stride;
    }
    for (; j < m; j++) {
      let c = series_tile[bc + j];
      a = (a * (fp - 1.0) + (max(series_tile[bh + j], pc) - min(series_tile[bl + j], pc))) / fp;
      put_at(oi, atr_value(a, c));
      pc = c;
      oi += stride;
    }
  }
}
