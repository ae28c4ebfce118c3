// Wilder's parabolic SAR, step for step as TA-Lib SAR (shared/indicators/psar.ts): the first trend is short when
// bar 1's -DM is positive, else long; on a reversal the SAR becomes the old extreme point, clamped to the last two
// bars' range, and the acceleration restarts. Every step branches on price vs a recursively computed SAR, so the
// state is df64 (df64.wgsl) and follows the float64 CPU twin's decisions. Recursive: one invocation per series.
// columns: [high, low] as df64. params: [step, max] as df64. outputs: [psar] (NaN at bar 0).
// Bars come from workgroup-memory tiles (common.wgsl series_tile_*).
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let g = series_tile_group(wid, nwg, 4u);
  let local = g.first + lid.x;
  let live = local < dims.n_local;
  let s = series_of(min(local, max(dims.n_local, 1u) - 1u));
  let accel = dparam(s.p, 0u);
  let amax = dparam(s.p, 1u);
  var is_long = true;
  var sar = df(0.0);
  var ep = df(0.0);
  var af = accel;
  var new_high = df(0.0);
  var new_low = df(0.0);
  let zero = df(0.0);
  for (var t0 = 0u; t0 < dims.n_bars; t0 += g.len) {
    series_tile_load(g, t0, lid.x);
    // Invocations past n_local run no steps (no `continue`: the barriers need uniform control flow).
    let m = series_tile_steps(g, t0, live);
    for (var j = 0u; j < m; j++) {
      let t = t0 + j;
      let high = series_tile_x2(g, 0u, s.instr, j);
      let low = series_tile_x2(g, 1u, s.instr, j);
      if (t == 0u) {
        new_high = high;
        new_low = low;
        put(0u, t, local, nan());
        continue;
      }
      if (t == 1u) {
        let diff_p = df_sub(high, new_high);
        let diff_m = df_sub(new_low, low);
        var minus_dm = zero;
        if (df_gt(diff_m, zero) && df_lt(diff_p, diff_m)) { minus_dm = diff_m; }
        is_long = !df_gt(minus_dm, zero);
        if (is_long) { ep = high; sar = new_low; } else { ep = low; sar = new_high; }
        new_low = low;
        new_high = high;
      }
      let prev_low = new_low;
      let prev_high = new_high;
      new_low = low;
      new_high = high;
      var out: vec2<f32>;
      if (is_long) {
        if (df_le(low, sar)) {
          is_long = false;
          sar = ep;
          if (df_lt(sar, prev_high)) { sar = prev_high; }
          if (df_lt(sar, high)) { sar = high; }
          out = sar;
          af = accel;
          ep = low;
          sar = df_add(sar, df_mul(af, df_sub(ep, sar)));
          if (df_lt(sar, prev_high)) { sar = prev_high; }
          if (df_lt(sar, high)) { sar = high; }
        } else {
          out = sar;
          if (df_gt(high, ep)) {
            ep = high;
            af = df_add(af, accel);
            if (df_gt(af, amax)) { af = amax; }
          }
          sar = df_add(sar, df_mul(af, df_sub(ep, sar)));
          if (df_gt(sar, prev_low)) { sar = prev_low; }
          if (df_gt(sar, low)) { sar = low; }
        }
      } else if (df_ge(high, sar)) {
        is_long = true;
        sar = ep;
        if (df_gt(sar, prev_low)) { sar = prev_low; }
        if (df_gt(sar, low)) { sar = low; }
        out = sar;
        af = accel;
        ep = high;
        sar = df_add(sar, df_mul(af, df_sub(ep, sar)));
        if (df_gt(sar, prev_low)) { sar = prev_low; }
        if (df_gt(sar, low)) { sar = low; }
      } else {
        out = sar;
        if (df_lt(low, ep)) {
          ep = low;
          af = df_add(af, accel);
          if (df_gt(af, amax)) { af = amax; }
        }
        sar = df_add(sar, df_mul(af, df_sub(ep, sar)));
        if (df_lt(sar, prev_high)) { sar = prev_high; }
        if (df_lt(sar, high)) { sar = high; }
      }
      put(0u, t, local, df_out(out));
    }
  }
}
