// Stochastic RSI (TradingView form; kSmooth = 1 is TA-Lib STOCHRSI): r = Wilder RSI(rsiPeriod);
// raw = 100 * (r - min r) / (max r - min r) over stochPeriod RSI values (0 when flat); %K = SMA(raw, kSmooth);
// %D = SMA(%K, dSmooth). Recursive (RSI), so one invocation per series; the last values of r, raw and %K live in
// private rings of RING entries, which caps stochPeriod, kSmooth and dSmooth at RING on the GPU (the host checks;
// larger values run on the CPU twin). params: [rsiPeriod, stochPeriod, kSmooth, dSmooth]. outputs: [k, d].
const RING = 128u;

fn rsi_ratio(gain: f32, loss: f32) -> f32 {
  let t = gain + loss;
  if (t > -1e-8 && t < 1e-8) { return 0.0; }
  return 100.0 * (gain / t);
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let local = flat_id(gid, nwg);
  if (local >= dims.n_local) { return; }
  let s = series_of(local);
  let rp = iparam(s.p, 0u);
  let sp = min(iparam(s.p, 1u), RING);
  let ks = min(iparam(s.p, 2u), RING);
  let ds = min(iparam(s.p, 3u), RING);
  let nb = dims.n_bars;
  var rs: array<f32, RING>;
  var raws: array<f32, RING>;
  var ksv: array<f32, RING>;
  var gain = 0.0;
  var loss = 0.0;
  let fp = f32(rp);
  for (var t = 0u; t < nb; t++) {
    var kout = nan();
    var dout = nan();
    if (t >= rp) {
      if (t == rp) {
        for (var i = 1u; i <= rp; i++) {
          let d = col(0u, s.instr, i) - col(0u, s.instr, i - 1u);
          if (d < 0.0) { loss -= d; } else { gain += d; }
        }
        gain /= fp;
        loss /= fp;
      } else {
        let d = col(0u, s.instr, t) - col(0u, s.instr, t - 1u);
        gain *= fp - 1.0;
        loss *= fp - 1.0;
        if (d < 0.0) { loss -= d; } else { gain += d; }
        gain /= fp;
        loss /= fp;
      }
      let r = rsi_ratio(gain, loss);
      let rc = t - rp;
      rs[rc % sp] = r;
      if (rc + 1u >= sp) {
        var hh = rs[0];
        var ll = rs[0];
        for (var i = 1u; i < sp; i++) { hh = max(hh, rs[i]); ll = min(ll, rs[i]); }
        let diff = (hh - ll) / 100.0;
        let raw = select(0.0, (r - ll) / diff, diff != 0.0);
        let wc = rc + 1u - sp;
        raws[wc % ks] = raw;
        if (wc + 1u >= ks) {
          var acc = 0.0;
          for (var i = 0u; i < ks; i++) { acc += raws[i]; }
          let k = acc / f32(ks);
          kout = k;
          let kc = wc + 1u - ks;
          ksv[kc % ds] = k;
          if (kc + 1u >= ds) {
            var acc2 = 0.0;
            for (var i = 0u; i < ds; i++) { acc2 += ksv[i]; }
            dout = acc2 / f32(ds);
          }
        }
      }
    }
    put(0u, t, local, kout);
    put(1u, t, local, dout);
  }
}
