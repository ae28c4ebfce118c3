// Triple EMA: 3*E1 - 3*E2 + E3 with E2 = EMA(E1), E3 = EMA(E2), each seeded with the SMA of its first `period`
// inputs (TA-Lib TEMA). Recursive: one invocation per series. params: [period]. First value at 3*(period-1).
struct Stage { seed: KSum, v: f32 };

// Feeds x (the j-th input of this stage); returns true once the stage has a value.
fn stage_push(st: ptr<function, Stage>, x: f32, j: u32, n: u32, k: f32) -> bool {
  if (j + 1u < n) { (*st).seed = kadd((*st).seed, x); return false; }
  if (j + 1u == n) { (*st).seed = kadd((*st).seed, x); (*st).v = kval((*st).seed) / f32(n); return true; }
  (*st).v = (*st).v + k * (x - (*st).v);
  return true;
}

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let g = series_tile_group(wid, nwg, 1u);
  let local = g.first + lid.x;
  let live = local < dims.n_local;
  let s = series_of(min(local, max(dims.n_local, 1u) - 1u));
  let n = iparam(s.p, 0u);
  let k = 2.0 / (f32(n) + 1.0);
  var a = Stage(KSum(0.0, 0.0), 0.0);
  var b = Stage(KSum(0.0, 0.0), 0.0);
  var c = Stage(KSum(0.0, 0.0), 0.0);
  for (var t0 = 0u; t0 < dims.n_bars; t0 += g.len) {
    series_tile_load(g, t0, lid.x);
    // Invocations past n_local run no steps (no `continue`: the barriers need uniform control flow).
    let m = series_tile_steps(g, t0, live);
    for (var j = 0u; j < m; j++) {
      let t = t0 + j;
      var v = nan();
      if (stage_push(&a, series_tile_x(g, 0u, s.instr, j), t, n, k)) {
        if (stage_push(&b, a.v, t - (n - 1u), n, k)) {
          if (stage_push(&c, b.v, t - 2u * (n - 1u), n, k)) { v = 3.0 * a.v - 3.0 * b.v + c.v; }
        }
      }
      put(0u, t, local, v);
    }
  }
}
