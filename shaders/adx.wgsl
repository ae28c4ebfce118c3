// ADX with +DI and -DI, step for step as TA-Lib ADX / PLUS_DI / MINUS_DI (Wilder sums s = s - s/p + x).
// Bars 1..p-1 accumulate plain sums; from bar p +DI/-DI are output; DX is summed over bars p..2p-1 and its mean is
// the first ADX (bar 2p-1), then adx = (adx*(p-1) + dx)/p; where TR or +DI + -DI is ~0 the ADX is left unchanged.
// Recursive: one invocation per series. columns: [high, low, close]. params: [period].
// outputs: [plusDI, minusDI, adx] (DMI) or, with override ADX_ONLY = 1, [adx] (ADX).
override ADX_ONLY: u32 = 0u;

fn is_zero(v: f32) -> bool { return v > -1e-8 && v < 1e-8; }

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let local = flat_id(gid, nwg);
  if (local >= dims.n_local) { return; }
  let s = series_of(local);
  let p = iparam(s.p, 0u);
  let fp = f32(p);
  var pdm = 0.0;
  var mdm = 0.0;
  var tr = 0.0;
  var sum_dx = 0.0;
  var adx = nan();
  var pdi = nan();
  var mdi = nan();
  for (var t = 0u; t < dims.n_bars; t++) {
    if (t > 0u) {
      let h = col(0u, s.instr, t);
      let l = col(1u, s.instr, t);
      let diff_p = h - col(0u, s.instr, t - 1u);
      let diff_m = col(1u, s.instr, t - 1u) - l;
      let pc = col(2u, s.instr, t - 1u);
      let trv = max(h, pc) - min(l, pc);
      if (t >= p) {
        mdm -= mdm / fp;
        pdm -= pdm / fp;
      }
      if (diff_m > 0.0 && diff_p < diff_m) { mdm += diff_m; } else if (diff_p > 0.0 && diff_p > diff_m) { pdm += diff_p; }
      if (t < p) {
        tr += trv;
      } else {
        tr = tr - tr / fp + trv;
        var dx = 0.0;
        var has_dx = false;
        if (!is_zero(tr)) {
          mdi = 100.0 * (mdm / tr);
          pdi = 100.0 * (pdm / tr);
          let sdi = mdi + pdi;
          if (!is_zero(sdi)) { dx = 100.0 * (abs(mdi - pdi) / sdi); has_dx = true; }
        } else {
          mdi = 0.0;
          pdi = 0.0;
        }
        if (t < 2u * p - 1u) { if (has_dx) { sum_dx += dx; } }
        else if (t == 2u * p - 1u) { if (has_dx) { sum_dx += dx; } adx = sum_dx / fp; }
        else if (has_dx) { adx = (adx * (fp - 1.0) + dx) / fp; }
      }
    }
    let adx_out = select(nan(), adx, t >= 2u * p - 1u);
    if (ADX_ONLY == 1u) {
      put(0u, t, local, adx_out);
    } else {
      let ready = t >= p;
      put(0u, t, local, select(nan(), pdi, ready));
      put(1u, t, local, select(nan(), mdi, ready));
      put(2u, t, local, adx_out);
    }
  }
}
