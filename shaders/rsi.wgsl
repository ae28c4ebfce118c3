// Relative strength index with Wilder smoothing (TA-Lib RSI): averages seeded with the mean of the first `period`
// changes, then avg = (avg*(p-1) + change)/p; 0 when gain+loss is ~0. One invocation per series walks the bars
// in order, reading them from workgroup-memory tiles (common.wgsl series_tile_*). params: [period].
// First value at period.
fn rsi_ratio(gain: f32, loss: f32) -> f32 {
  let t = gain + loss;
  if (t > -1e-8 && t < 1e-8) { return 0.0; }
  return 100.0 * (gain / t);
}

struct Wilder { gain: f32, loss: f32, prev: f32 };

// One bar after the seed: both averages decay and take this bar's change; returns the RSI.
fn rsi_step(w: ptr<function, Wilder>, x: f32, fp: f32, pm1: f32) -> f32 {
  let d = x - (*w).prev;
  (*w).prev = x;
  var gain = (*w).gain * pm1;
  var loss = (*w).loss * pm1;
  if (d < 0.0) { loss -= d; } else { gain += d; }
  gain /= fp;
  loss /= fp;
  (*w).gain = gain;
  (*w).loss = loss;
  return rsi_ratio(gain, loss);
}

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let g = series_tile_group(wid, nwg, 1u);
  let local = g.first + lid.x;
  let live = local < dims.n_local;
  let s = series_of(min(local, max(dims.n_local, 1u) - 1u));
  let p = iparam(s.p, 0u);
  let fp = f32(p);
  let pm1 = fp - 1.0;
  let b = series_tile_base(g, 0u, s.instr);
  let stride = dims.n_local; // output words from one bar to the next
  var w = Wilder(0.0, 0.0, 0.0);
  for (var t0 = 0u; t0 < dims.n_bars; t0 += g.len) {
    series_tile_load(g, t0, lid.x);
    let m = series_tile_steps(g, t0, live);
    // Bars up to the first RSI (t <= p): the seed sums the first `period` changes.
    var j = 0u;
    for (; j < series_tile_warm(t0, m, p + 1u); j++) {
      let t = t0 + j;
      let x = series_tile[b + j];
      let d = x - w.prev;
      w.prev = x;
      if (t == 0u) { put(0u, t, local, nan()); continue; }
      if (d < 0.0) { w.loss -= d; } else { w.gain += d; }
      if (t < p) { put(0u, t, local, nan()); continue; }
      w.gain /= fp;
      w.loss /= fp;
      put(0u, t, local, rsi_ratio(w.gain, w.loss));
    }
    // Wilder recursion, branch-free, eight bars at a time (see ema.wgsl).
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
      let r0 = rsi_step(&w, x0, fp, pm1);
      let r1 = rsi_step(&w, x1, fp, pm1);
      let r2 = rsi_step(&w, x2, fp, pm1);
      let r3 = rsi_step(&w, x3, fp, pm1);
      let r4 = rsi_step(&w, x4, fp, pm1);
      let r5 = rsi_step(&w, x5, fp, pm1);
      let r6 = rsi_step(&w, x6, fp, pm1);
      let r7 = rsi_step(&w, x7, fp, pm1);
      put8(oi, stride, r0, r1, r2, r3, r4, r5, r6, r7);
      oi += 8u * stride;
    }
    for (; j < m; j++) {
      let r = rsi_step(&w, series_tile[b + j], fp, pm1);
      put_at(oi, r);
      oi += stride;
    }
  }
}
