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
  let olen = arrayLength(&out);
  var seed = KSum(0.0, 0.0);
  var ema = 0.0;
  for (var t0 = 0u; t0 < dims.n_bars; t0 += g.len) {
    series_tile_load(g, t0, lid.x);
    let m = series_tile_steps(g, t0, live);
    // Bars up to the seed's last (t < n), one branchy step each.
    var j = 0u;
    for (; j < min(m, select(0u, n - t0, n > t0)); j++) {
      let t = t0 + j;
      seed = kadd(seed, series_tile[b + j]);
      if (t + 1u < n) { put(0u, t, local, nan()); } else { ema = kval(seed) / f32(n); put(0u, t, local, ema); }
    }
    // The recursion proper, without branches; four bars' loads issued before the first is needed. The
    // recursion stays one dependent chain per bar, so this is all the GPU can overlap within one series.
    var oi = out_index(0u, t0 + j, local);
    for (; j + 4u <= m; j += 4u) {
      let x0 = series_tile[b + j];
      let x1 = series_tile[b + j + 1u];
      let x2 = series_tile[b + j + 2u];
      let x3 = series_tile[b + j + 3u];
      ema = ema + k * (x0 - ema);
      if (oi < olen) { out[oi] = ema; }
      ema = ema + k * (x1 - ema);
      if (oi + stride < olen) { out[oi + stride] = ema; }
      ema = ema + k * (x2 - ema);
      if (oi + 2u * stride < olen) { out[oi + 2u * stride] = ema; }
      ema = ema + k * (x3 - ema);
      if (oi + 3u * stride < olen) { out[oi + 3u * stride] = ema; }
      oi += 4u * stride;
    }
    for (; j < m; j++) {
      ema = ema + k * (series_tile[b + j] - ema);
      if (oi < olen) { out[oi] = ema; }
      oi += stride;
    }
  }
}
