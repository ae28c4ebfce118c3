// Hull moving average: WMA(2*WMA(x, p/2) - WMA(x, p), floor(sqrt(p))), one invocation per (series, bar).
// params: [period >= 2]. First value at p-1 + floor(sqrt(p)) - 1.
fn wma_at(instr: u32, t: u32, n: u32) -> f32 {
  var acc = KSum(0.0, 0.0);
  for (var i = 0u; i < n; i++) { acc = kadd(acc, f32(n - i) * col(0u, instr, t - i)); }
  return kval(acc) / (f32(n) * f32(n + 1u) * 0.5);
}

// Integer square root: WGSL's sqrt is not correctly rounded, and floor(sqrt(49.0)) must be 7.
fn isqrt(n: u32) -> u32 {
  var r = 0u;
  loop { if ((r + 1u) * (r + 1u) > n) { break; } r++; }
  return r;
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let id = flat_id(gid, nwg);
  if (id >= n_bar_cells()) { return; }
  let c = bar_cell(id);
  let n = iparam(c.p, 0u);
  let half = n / 2u;
  let sq = isqrt(n);
  if (c.t + 2u < n + sq) { put(0u, c.t, c.local, nan()); return; }
  var acc = KSum(0.0, 0.0);
  for (var j = 0u; j < sq; j++) {
    let u = c.t - j;
    let d = 2.0 * wma_at(c.instr, u, half) - wma_at(c.instr, u, n);
    acc = kadd(acc, f32(sq - j) * d);
  }
  put(0u, c.t, c.local, kval(acc) / (f32(sq) * f32(sq + 1u) * 0.5));
}
