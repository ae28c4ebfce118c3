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
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let local = flat_id(gid, nwg);
  if (local >= dims.n_local) { return; }
  let s = series_of(local);
  let n = iparam(s.p, 0u);
  let k = 2.0 / (f32(n) + 1.0);
  var a = Stage(KSum(0.0, 0.0), 0.0);
  var b = Stage(KSum(0.0, 0.0), 0.0);
  var c = Stage(KSum(0.0, 0.0), 0.0);
  for (var t = 0u; t < dims.n_bars; t++) {
    var v = nan();
    if (stage_push(&a, col(0u, s.instr, t), t, n, k)) {
      if (stage_push(&b, a.v, t - (n - 1u), n, k)) {
        if (stage_push(&c, b.v, t - 2u * (n - 1u), n, k)) { v = 3.0 * a.v - 3.0 * b.v + c.v; }
      }
    }
    put(0u, t, local, v);
  }
}
