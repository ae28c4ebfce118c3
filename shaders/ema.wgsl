// Exponential moving average, k = 2 / (period + 1), seeded with the SMA of the first `period` bars (TA-Lib).
// Recursive: one invocation per (instrument, parameter set) series walks the bars in order, reading them from
// workgroup-memory tiles (common.wgsl series_tile_*). params: [period]. outputs: [ema]. First value at bar period-1.
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let g = series_tile_group(wid, nwg, 1u);
  let local = g.first + lid.x;
  let live = local < dims.n_local;
  let s = series_of(min(local, max(dims.n_local, 1u) - 1u));
  let n = iparam(s.p, 0u);
  let k = 2.0 / (f32(n) + 1.0);
  let b = series_tile_base(g, 0u, s.instr);
  let stride = dims.n_local; // output words from one bar to the next
  var seed = KSum(0.0, 0.0);
  var ema = 0.0;
  for (var t0 = 0u; t0 < dims.n_bars; t0 += g.len) {
    series_tile_load(g, t0, lid.x);
    let m = series_tile_steps(g, t0, live);
    // Bars up to the seed's last (t < n), one branchy step each.
    var j = 0u;
    for (; j < series_tile_warm(t0, m, n); j++) {
      let t = t0 + j;
      seed = kadd(seed, series_tile[b + j]);
      if (t + 1u < n) { put(0u, t, local, nan()); } else { ema = kval(seed) / f32(n); put(0u, t, local, ema); }
    }
    // The recursion proper, branch-free: eight bars' loads issued before the first is needed, one bounds check per eight stores (put8).
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
      ema = ema + k * (x0 - ema);
      let e0 = ema;
      ema = ema + k * (x1 - ema);
      let e1 = ema;
      ema = ema + k * (x2 - ema);
      let e2 = ema;
      ema = ema + k * (x3 - ema);
      let e3 = ema;
      ema = ema + k * (x4 - ema);
      let e4 = ema;
      ema = ema + k * (x5 - ema);
      let e5 = ema;
      ema = ema + k * (x6 - ema);
      let e6 = ema;
      ema = ema + k * (x7 - ema);
      let e7 = ema;
      put8(oi, stride, e0, e1, e2, e3, e4, e5, e6, e7);
      oi += 8u * stride;
    }
    for (; j < m; j++) {
      ema = ema + k * (series_tile[b + j] - ema);
      put_at(oi, ema);
      oi += stride;
    }
  }
}
