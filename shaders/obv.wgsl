// On-balance volume (TA-Lib OBV): starts at volume[0], then adds the bar's volume on an up close and subtracts
// it on a down close. A compensated running sum keeps float32 exact to ~1 ulp of the total over 1M bars.
// One invocation per instrument (OBV has no parameters; the grid has one empty parameter set), reading the bars
// from workgroup-memory tiles (common.wgsl series_tile_*). columns: [close, volume]. outputs: [obv]. First value at bar 0.
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let g = series_tile_group(wid, nwg, 2u);
  let local = g.first + lid.x;
  let live = local < dims.n_local;
  let s = series_of(min(local, max(dims.n_local, 1u) - 1u));
  var acc = KSum(0.0, 0.0);
  var prev = 0.0;
  for (var t0 = 0u; t0 < dims.n_bars; t0 += g.len) {
    series_tile_load(g, t0, lid.x);
    // Invocations past n_local run no steps (no `continue`: the barriers need uniform control flow).
    let m = series_tile_steps(g, t0, live);
    for (var j = 0u; j < m; j++) {
      let t = t0 + j;
      let x = series_tile_x(g, 0u, s.instr, j);
      let v = series_tile_x(g, 1u, s.instr, j);
      if (t == 0u) { acc = KSum(v, 0.0); }
      else if (x > prev) { acc = kadd(acc, v); } else if (x < prev) { acc = kadd(acc, -v); }
      prev = x;
      put(0u, t, local, kval(acc));
    }
  }
}
