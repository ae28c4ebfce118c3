// Double EMA: 2*E1 - E2, E2 = EMA(E1); each EMA seeded with the SMA of its first `period` inputs (TA-Lib DEMA).
// Recursive: one invocation per series. params: [period]. First value at 2*(period-1).
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let g = series_tile_group(wid, nwg, 1u);
  let local = g.first + lid.x;
  let live = local < dims.n_local;
  let s = series_of(min(local, max(dims.n_local, 1u) - 1u));
  let n = iparam(s.p, 0u);
  let k = 2.0 / (f32(n) + 1.0);
  var seed1 = KSum(0.0, 0.0);
  var seed2 = KSum(0.0, 0.0);
  var e1 = 0.0;
  var e2 = 0.0;
  for (var t0 = 0u; t0 < dims.n_bars; t0 += g.len) {
    series_tile_load(g, t0, lid.x);
    // Invocations past n_local run no steps (no `continue`: the barriers need uniform control flow).
    let m = series_tile_steps(g, t0, live);
    for (var j = 0u; j < m; j++) {
      let t = t0 + j;
      let x = series_tile_x(g, 0u, s.instr, j);
      var v = nan();
      if (t + 1u < n) { seed1 = kadd(seed1, x); }
      else {
        if (t + 1u == n) { seed1 = kadd(seed1, x); e1 = kval(seed1) / f32(n); } else { e1 = e1 + k * (x - e1); }
        // E2 sees E1 from bar n-1 on.
        let j2 = t - (n - 1u);
        if (j2 + 1u < n) { seed2 = kadd(seed2, e1); }
        else {
          if (j2 + 1u == n) { seed2 = kadd(seed2, e1); e2 = kval(seed2) / f32(n); } else { e2 = e2 + k * (e1 - e2); }
          v = 2.0 * e1 - e2;
        }
      }
      put(0u, t, local, v);
    }
  }
}
