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
  let olen = arrayLength(&out);
  var w = Wilder(0.0, 0.0, 0.0);
  for (var t0 = 0u; t0 < dims.n_bars; t0 += g.len) {
    series_tile_load(g, t0, lid.x);
    let m = series_tile_steps(g, t0, live);
    // Bars up to the first RSI (t <= p): the seed sums the first `period` changes.
    var j = 0u;
    for (; j < min(m, select(0u, p + 1u - t0, p + 1u > t0)); j++) {
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
    // Wilder recursion: four bars' loads issued before the first is needed (see ema.wgsl).
    var oi = out_index(0u, t0 + j, local);
    for (; j + 4u <= m; j += 4u) {
      let x0 = series_tile[b + j];
      let x1 = series_tile[b + j + 1u];
      let x2 = series_tile[b + j + 2u];
      let x3 = series_tile[b + j + 3u];
      let r0 = rsi_step(&w, x0, fp, pm1);
      if (oi < olen) { out[oi] = r0; }
      let r1 = rsi_step(&w, x1, fp, pm1);
      if (oi + stride < olen) { out[oi + stride] = r1; }
      let r2 = rsi_step(&w, x2, fp, pm1);
      if (oi + 2u * stride < olen) { out[oi + 2u * stride] = r2; }
      let r3 = rsi_step(&w, x3, fp, pm1);
      if (oi + 3u * stride < olen) { out[oi + 3u * stride] = r3; }
      oi += 4u * stride;
    }
    for (; j < m; j++) {
      let r = rsi_step(&w, series_tile[b + j], fp, pm1);
      if (oi < olen) { out[oi] = r; }
      oi += stride;
    }
  }
}
