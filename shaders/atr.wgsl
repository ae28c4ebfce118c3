// Average true range with Wilder smoothing (TA-Lib ATR) and its normalised form NATR = 100*ATR/close.
// TR from bar 1; first ATR at bar `period` = mean TR over bars 1..period. One invocation per series.
// columns: [high, low, close]. params: [period]. outputs: [atr] or, with override NORMALISE = 1, [natr].
override NORMALISE: u32 = 0u;

fn true_range(instr: u32, t: u32) -> f32 {
  let h = col(0u, instr, t);
  let l = col(1u, instr, t);
  let pc = col(2u, instr, t - 1u);
  return max(h, pc) - min(l, pc);
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let local = flat_id(gid, nwg);
  if (local >= dims.n_local) { return; }
  let s = series_of(local);
  let p = iparam(s.p, 0u);
  let nb = dims.n_bars;
  for (var t = 0u; t < min(p, nb); t++) { put(0u, t, local, nan()); }
  if (nb <= p) { return; }
  var sum = KSum(0.0, 0.0);
  for (var i = 1u; i <= p; i++) { sum = kadd(sum, true_range(s.instr, i)); }
  let fp = f32(p);
  var a = kval(sum) / fp;
  for (var t = p; t < nb; t++) {
    if (t > p) { a = (a * (fp - 1.0) + true_range(s.instr, t)) / fp; }
    var v = a;
    if (NORMALISE == 1u) {
      let c = col(2u, s.instr, t);
      v = select(0.0, a / c * 100.0, c != 0.0);
    }
    put(0u, t, local, v);
  }
}
