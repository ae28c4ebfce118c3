// Double EMA: 2*E1 - E2, E2 = EMA(E1); each EMA seeded with the SMA of its first `period` inputs (TA-Lib DEMA).
// Recursive: one invocation per series walks the bars in order, reading them from workgroup-memory tiles
// (common.wgsl series_tile_*). params: [period]. First value at 2*(period-1).
struct Dema { e1: f32, e2: f32 };

// A bar after both seeds: the branch-free recursion; returns DEMA.
fn dema_step(d: ptr<function, Dema>, x: f32, k: f32) -> f32 {
  let e1 = (*d).e1 + k * (x - (*d).e1);
  let e2 = (*d).e2 + k * (e1 - (*d).e2);
  (*d).e1 = e1;
  (*d).e2 = e2;
  return 2.0 * e1 - e2;
}

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let g = series_tile_group(wid, nwg, 1u);
  let local = g.first + lid.x;
  let live = local < dims.n_local;
  let s = series_of(min(local, max(dims.n_local, 1u) - 1u));
  let n = iparam(s.p, 0u);
  let k = 2.0 / (f32(n) + 1.0);
  let b = series_tile_base(g, 0u, s.instr);
  let stride = dims.n_local;
  var seed1 = KSum(0.0, 0.0);
  var seed2 = KSum(0.0, 0.0);
  var d = Dema(0.0, 0.0);
  for (var t0 = 0u; t0 < dims.n_bars; t0 += g.len) {
    series_tile_load(g, t0, lid.x);
    let m = series_tile_steps(g, t0, live);
    // Bars up to the first value (t <= 2*(n-1)): both seeds, one branchy step each.
    var j = 0u;
    for (; j < series_tile_warm(t0, m, 2u * n - 1u); j++) {
      let t = t0 + j;
      let x = series_tile[b + j];
      var v = nan();
      if (t + 1u < n) { seed1 = kadd(seed1, x); }
      else {
        if (t + 1u == n) { seed1 = kadd(seed1, x); d.e1 = kval(seed1) / f32(n); } else { d.e1 = d.e1 + k * (x - d.e1); }
        // E2 sees E1 from bar n-1 on.
        let j2 = t - (n - 1u);
        if (j2 + 1u < n) { seed2 = kadd(seed2, d.e1); }
        else {
          if (j2 + 1u == n) { seed2 = kadd(seed2, d.e1); d.e2 = kval(seed2) / f32(n); } else { d.e2 = d.e2 + k * (d.e1 - d.e2); }
          v = 2.0 * d.e1 - d.e2;
        }
      }
      put(0u, t, local, v);
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
      let v0 = dema_step(&d, x0, k);
      let v1 = dema_step(&d, x1, k);
      let v2 = dema_step(&d, x2, k);
      let v3 = dema_step(&d, x3, k);
      let v4 = dema_step(&d, x4, k);
      let v5 = dema_step(&d, x5, k);
      let v6 = dema_step(&d, x6, k);
      let v7 = dema_step(&d, x7, k);
      put8(oi, stride, v0, v1, v2, v3, v4, v5, v6, v7);
      oi += 8u * stride;
    }
    for (; j < m; j++) {
      put_at(oi, dema_step(&d, series_tile[b + j], k));
      oi += stride;
    }
  }
}
