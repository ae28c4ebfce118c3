// Triple EMA: 3*E1 - 3*E2 + E3 with E2 = EMA(E1), E3 = EMA(E2), each seeded with the SMA of its first `period`
// inputs (TA-Lib TEMA). Recursive: one invocation per series walks the bars in order, reading them from
// workgroup-memory tiles (common.wgsl series_tile_*). params: [period]. First value at 3*(period-1).
struct Stage { seed: KSum, v: f32 };

// Feeds x (the j-th input of this stage); returns true once the stage has a value.
fn stage_push(st: ptr<function, Stage>, x: f32, j: u32, n: u32, k: f32) -> bool {
  if (j + 1u < n) { (*st).seed = kadd((*st).seed, x); return false; }
  if (j + 1u == n) { (*st).seed = kadd((*st).seed, x); (*st).v = kval((*st).seed) / f32(n); return true; }
  (*st).v = (*st).v + k * (x - (*st).v);
  return true;
}

// A bar after all three seeds: the same recursion as stage_push's last line, without its branches.
fn tema_step(a: ptr<function, Stage>, b: ptr<function, Stage>, c: ptr<function, Stage>, x: f32, k: f32) -> f32 {
  let av = (*a).v + k * (x - (*a).v);
  let bv = (*b).v + k * (av - (*b).v);
  let cv = (*c).v + k * (bv - (*c).v);
  (*a).v = av;
  (*b).v = bv;
  (*c).v = cv;
  return 3.0 * av - 3.0 * bv + cv;
}

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let g = series_tile_group(wid, nwg, 1u);
  let local = g.first + lid.x;
  let live = local < dims.n_local;
  let s = series_of(min(local, max(dims.n_local, 1u) - 1u));
  let n = iparam(s.p, 0u);
  let k = 2.0 / (f32(n) + 1.0);
  let base = series_tile_base(g, 0u, s.instr);
  let stride = dims.n_local;
  var a = Stage(KSum(0.0, 0.0), 0.0);
  var b = Stage(KSum(0.0, 0.0), 0.0);
  var c = Stage(KSum(0.0, 0.0), 0.0);
  for (var t0 = 0u; t0 < dims.n_bars; t0 += g.len) {
    series_tile_load(g, t0, lid.x);
    let m = series_tile_steps(g, t0, live);
    // Bars up to the first value (t <= 3*(n-1)): the three seeds, one branchy step each.
    var j = 0u;
    for (; j < series_tile_warm(t0, m, 3u * n - 2u); j++) {
      let t = t0 + j;
      var v = nan();
      if (stage_push(&a, series_tile[base + j], t, n, k)) {
        if (stage_push(&b, a.v, t - (n - 1u), n, k)) {
          if (stage_push(&c, b.v, t - 2u * (n - 1u), n, k)) { v = 3.0 * a.v - 3.0 * b.v + c.v; }
        }
      }
      put(0u, t, local, v);
    }
    // The recursion proper, branch-free, eight bars at a time (see ema.wgsl).
    var oi = out_index(0u, t0 + j, local);
    for (; j + 8u <= m; j += 8u) {
      let x0 = series_tile[base + j + 0u];
      let x1 = series_tile[base + j + 1u];
      let x2 = series_tile[base + j + 2u];
      let x3 = series_tile[base + j + 3u];
      let x4 = series_tile[base + j + 4u];
      let x5 = series_tile[base + j + 5u];
      let x6 = series_tile[base + j + 6u];
      let x7 = series_tile[base + j + 7u];
      let v0 = tema_step(&a, &b, &c, x0, k);
      let v1 = tema_step(&a, &b, &c, x1, k);
      let v2 = tema_step(&a, &b, &c, x2, k);
      let v3 = tema_step(&a, &b, &c, x3, k);
      let v4 = tema_step(&a, &b, &c, x4, k);
      let v5 = tema_step(&a, &b, &c, x5, k);
      let v6 = tema_step(&a, &b, &c, x6, k);
      let v7 = tema_step(&a, &b, &c, x7, k);
      put8(oi, stride, v0, v1, v2, v3, v4, v5, v6, v7);
      oi += 8u * stride;
    }
    for (; j < m; j++) {
      put_at(oi, tema_step(&a, &b, &c, series_tile[base + j], k));
      oi += stride;
    }
  }
}
