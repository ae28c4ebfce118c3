// SuperTrend as TradingView's ta.supertrend(factor, atrPeriod), step for step as shared/indicators/supertrend.ts:
// bands hl2 +/- factor * ATR (TradingView ATR: bar 0's TR is high-low, RMA seeded with the SMA of the first
// atrPeriod TRs) that only ratchet toward price, flipping when the close crosses the active band.
// Its branches compare the close with recursively computed bands, so a float32 rounding could take the other
// branch and change the rest of the series; the whole state is therefore kept in df64 (df64.wgsl), which follows
// the float64 CPU twin's decisions. Recursive: one invocation per series. columns: [high, low, close] as df64.
// params: [atrPeriod, factor] as df64. outputs: [supertrend, direction (+1 up, -1 down)], from atrPeriod-1.
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let local = flat_id(gid, nwg);
  if (local >= dims.n_local) { return; }
  let s = series_of(local);
  let pd = dparam(s.p, 0u);
  let p = u32(pd.x + 0.5);
  let factor = dparam(s.p, 1u);
  let inv = df_div(df(1.0), pd);
  let keep = df_sub(df(1.0), inv);
  var prev_close = df(0.0);
  var tr_sum = df(0.0);
  var atr = df(0.0);
  var has_atr = false;
  var upper = df(0.0);
  var lower = df(0.0);
  var has_bands = false;
  var st = df(0.0);
  for (var t = 0u; t < dims.n_bars; t++) {
    let h = dcol(0u, s.instr, t);
    let l = dcol(1u, s.instr, t);
    let c = dcol(2u, s.instr, t);
    var tr = df_sub(h, l);
    if (t > 0u) { tr = df_sub(df_max(h, prev_close), df_min(l, prev_close)); }
    let had_atr = has_atr;
    if (!had_atr) {
      tr_sum = df_add(tr_sum, tr);
      if (t + 1u == p) { atr = df_div(tr_sum, pd); has_atr = true; }
    } else {
      atr = df_add(df_mul(inv, tr), df_mul(keep, atr));
    }
    let pc_bands = prev_close;
    let has_pc = t > 0u;
    prev_close = c;
    if (!has_atr) {
      put(0u, t, local, nan());
      put(1u, t, local, nan());
      continue;
    }
    let src = df_mul(df_add(h, l), df(0.5));
    let off = df_mul(factor, atr);
    var up = df_add(src, off);
    var lo = df_sub(src, off);
    var prev_lower = df(0.0);
    var prev_upper = df(0.0);
    if (has_bands) { prev_lower = lower; prev_upper = upper; }
    // A missing previous close compares false, as NaN does on the CPU.
    if (!(df_gt(lo, prev_lower) || (has_pc && df_lt(pc_bands, prev_lower)))) { lo = prev_lower; }
    if (!(df_lt(up, prev_upper) || (has_pc && df_gt(pc_bands, prev_upper)))) { up = prev_upper; }
    var dir = -1.0;
    if (had_atr) {
      if (has_bands && df_eq(st, prev_upper)) { dir = select(-1.0, 1.0, df_gt(c, up)); }
      else { dir = select(1.0, -1.0, df_lt(c, lo)); }
    }
    st = select(up, lo, dir == 1.0);
    upper = up;
    lower = lo;
    has_bands = true;
    put(0u, t, local, df_out(st));
    put(1u, t, local, dir);
  }
}
