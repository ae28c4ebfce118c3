// Average true range with Wilder smoothing (TA-Lib ATR) and its normalised form NATR = 100*ATR/close.
// TR from bar 1; first ATR at bar `period` = mean TR over bars 1..period. One invocation per series walks the
// bars in order, reading them from workgroup-memory tiles (common.wgsl series_tile_*).
// columns: [high, low, close]. params: [period]. outputs: [atr] or, with override NORMALISE = 1, [natr].
override NORMALISE: u32 = 0u;

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
  for (var t0 = 0u; t0 < dims.n_bars; t0 += g.len) {
    series_tile_load(g, t0, lid.x);
    // Invocations past n_local run no steps (no `continue`: the barriers need uniform control flow).
    let m = series_tile_steps(g, t0, live);
    for (var j = 0u; j < m; j++) {
      let t = t0 + j;
      let h = series_tile_x(g, 0u, s.instr, j);
      let l = series_tile_x(g, 1u, s.instr, j);
      let c = series_tile_x(g, 2u, s.instr, j);
      let tr = max(h, pc) - min(l, pc);
      pc = c;
      if (t < p) {
        if (t >= 1u) { sum = kadd(sum, tr); }
        put(0u, t, local, nan());
        continue;
      }
      if (t == p) { sum = kadd(sum, tr); a = kval(sum) / fp; } else { a = (a * (fp - 1.0) + tr) / fp; }
      var v = a;
      if (NORMALISE == 1u) { v = select(0.0, a / c * 100.0, c != 0.0); }
      put(0u, t, local, v);
    }
  }
}
