// On-balance volume (TA-Lib OBV): starts at volume[0], then adds the bar's volume on an up close and subtracts
// it on a down close. A compensated running sum keeps float32 exact to ~1 ulp of the total over 1M bars.
// One invocation per instrument (OBV has no parameters; the grid has one empty parameter set), reading the bars
// from workgroup-memory tiles (common.wgsl series_tile_*). columns: [close, volume]. outputs: [obv]. First value at bar 0.

// The volume a bar adds: +v on an up close, -v on a down close, 0 when unchanged.
fn obv_signed(v: f32, x: f32, prev: f32) -> f32 { return select(select(0.0, -v, x < prev), v, x > prev); }

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let g = series_tile_group(wid, nwg, 2u);
  let local = g.first + lid.x;
  let live = local < dims.n_local;
  let s = series_of(min(local, max(dims.n_local, 1u) - 1u));
  var acc = KSum(0.0, 0.0);
  var prev = 0.0;
  let stride = dims.n_local;
  for (var t0 = 0u; t0 < dims.n_bars; t0 += g.len) {
    series_tile_load(g, t0, lid.x);
    // Invocations past n_local run no steps (no `continue`: the barriers need uniform control flow).
    let m = series_tile_steps(g, t0, live);
    let bx = series_tile_base(g, 0u, s.instr);
    let bv = series_tile_base(g, 1u, s.instr);
    var j = 0u;
    if (t0 == 0u && m > 0u) {
      acc = KSum(series_tile[bv], 0.0);
      prev = series_tile[bx];
      put(0u, 0u, local, kval(acc));
      j = 1u;
    }
    // Branch-free steps (a 0 added on an unchanged close leaves the sum as it is), eight bars at a time (see ema.wgsl).
    var oi = out_index(0u, t0 + j, local);
    for (; j + 8u <= m; j += 8u) {
      let x0 = series_tile[bx + j + 0u];
      let x1 = series_tile[bx + j + 1u];
      let x2 = series_tile[bx + j + 2u];
      let x3 = series_tile[bx + j + 3u];
      let x4 = series_tile[bx + j + 4u];
      let x5 = series_tile[bx + j + 5u];
      let x6 = series_tile[bx + j + 6u];
      let x7 = series_tile[bx + j + 7u];
      let v0 = series_tile[bv + j + 0u];
      let v1 = series_tile[bv + j + 1u];
      let v2 = series_tile[bv + j + 2u];
      let v3 = series_tile[bv + j + 3u];
      let v4 = series_tile[bv + j + 4u];
      let v5 = series_tile[bv + j + 5u];
      let v6 = series_tile[bv + j + 6u];
      let v7 = series_tile[bv + j + 7u];
      acc = kadd(acc, obv_signed(v0, x0, prev));
      let o0 = kval(acc);
      acc = kadd(acc, obv_signed(v1, x1, x0));
      let o1 = kval(acc);
      acc = kadd(acc, obv_signed(v2, x2, x1));
      let o2 = kval(acc);
      acc = kadd(acc, obv_signed(v3, x3, x2));
      let o3 = kval(acc);
      acc = kadd(acc, obv_signed(v4, x4, x3));
      let o4 = kval(acc);
      acc = kadd(acc, obv_signed(v5, x5, x4));
      let o5 = kval(acc);
      acc = kadd(acc, obv_signed(v6, x6, x5));
      let o6 = kval(acc);
      acc = kadd(acc, obv_signed(v7, x7, x6));
      let o7 = kval(acc);
      prev = x7;
      put8(oi, stride, o0, o1, o2, o3, o4, o5, o6, o7);
      oi += 8u * stride;
    }
    for (; j < m; j++) {
      let x = series_tile[bx + j];
      acc = kadd(acc, obv_signed(series_tile[bv + j], x, prev));
      put_at(oi, kval(acc));
      prev = x;
      oi += stride;
    }
  }
}
