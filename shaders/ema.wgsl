// Exponential moving average, k = 2 / (period + 1), seeded with the SMA of the first `period` bars (TA-Lib).
// Recursive: one invocation per (instrument, parameter set) series walks the bars in order.
// params: [period]. outputs: [ema]. First value at bar period-1.
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let local = flat_id(gid, nwg);
  if (local >= dims.n_local) { return; }
  let s = series_of(local);
  let n = iparam(s.p, 0u);
  let k = 2.0 / (f32(n) + 1.0);
  var seed = KSum(0.0, 0.0);
  var ema = 0.0;
  for (var t = 0u; t < dims.n_bars; t++) {
    let x = col(0u, s.instr, t);
    if (t + 1u < n) {
      seed = kadd(seed, x);
      put(0u, t, local, nan());
    } else if (t + 1u == n) {
      seed = kadd(seed, x);
      ema = kval(seed) / f32(n);
      put(0u, t, local, ema);
    } else {
      ema = ema + k * (x - ema);
      put(0u, t, local, ema);
    }
  }
}
