// SuperTrend as TradingView's ta.supertrend(factor, atrPeriod), step for step as shared/indicators/supertrend.ts:
// bands hl2 +/- factor * ATR (TradingView ATR: bar 0's TR is high-low, RMA seeded with the SMA of the first
// atrPeriod TRs) that only ratchet toward price, flipping when the close crosses the active band.
// Its branches compare the close with recursively computed bands, so a float32 rounding could take the other
// branch and change the rest of the series; the whole state is therefore kept in df64 (df64.wgsl), which follows
// the float64 CPU twin's decisions. Recursive: one invocation per series. columns: [high, low, close] as df64.
// params: [atrPeriod, factor] as df64. outputs: [supertrend, direction (+1 up, -1 down)], from atrPeriod-1.
// Bars come from workgroup-memory tiles (common.wgsl series_tile_*).
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let g = series_tile_group(wid, nwg, 6u);
  let local = g.first + lid.x;
  let live = local < dims.n_local;
  let s = series_of(min(local, max(dims.n_local, 1u) - 1u));
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
  for (var t0 = 0u; t0 < dims.n_bars; t0 += g.len) {
    series_tile_load(g, t0, lid.x);
    // Invocations past n_local run no steps (no `continue`: the barriers need uniform control flow).
    let m = series_tile_steps(g, t0, live);
    for (var j = 0u; j < m; j++) {
      let t = t0 + j;
      let h = series_tile_x2(g, 0u, s.instr, j);
      let l = series_tile_x2(g, 1u, s.instr, j);
      let c = series_tile_x2(g, 2u, s.instr, j);
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
}
