// Anchored VWAP (shared/indicators/vwap.ts): sum(tp*volume)/sum(volume) since the start of the bar's anchor
// period, tp = (h+l+c)/3; NaN while the period's volume is 0. Anchors: 0 session (UTC day shifted by
// offsetMinutes), 1 week (from Monday), 2 month, 3 none. Recursive: one invocation per series, compensated sums.
// The time column arrives as whole epoch minutes + 2^30 in the bits of a float32 word (the host packs it; the
// offset keeps every realistic date a normal float, never a NaN or denormal pattern a GPU could alter).
// columns: [high, low, close, volume, time]. params: [anchor, offsetMinutes]. outputs: [vwap], from bar 0.
// Bars come from workgroup-memory tiles (common.wgsl series_tile_*).
fn minutes_of(word: f32) -> i32 { return i32(bitcast<u32>(word)) - (1 << 30u); }

fn floor_div(a: i32, b: i32) -> i32 {
  let q = a / b;
  return select(q, q - 1, (a % b != 0) && ((a < 0) != (b < 0)));
}

fn anchor_key(minutes: i32, anchor: u32, offset: i32) -> i32 {
  if (anchor == 3u) { return 0; }
  let day = floor_div(minutes + offset, 1440);
  if (anchor == 0u) { return day; }
  if (anchor == 1u) { return floor_div(day + 3, 7); } // 1970-01-01 was a Thursday
  // Month: Howard Hinnant's civil_from_days in integers.
  let z = day + 719468;
  let era = floor_div(z, 146097);
  let doe = z - era * 146097;
  let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  let mp = (5 * doy + 2) / 153;
  let month = select(mp + 3, mp - 9, mp >= 10); // 1..12
  let year = yoe + era * 400 + select(0, 1, month <= 2);
  return year * 12 + (month - 1);
}

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let g = series_tile_group(wid, nwg, 5u);
  let local = g.first + lid.x;
  let live = local < dims.n_local;
  let s = series_of(min(local, max(dims.n_local, 1u) - 1u));
  let anchor = u32(param(s.p, 0u) + 0.5);
  let offset = i32(round(param(s.p, 1u)));
  var key = 0;
  var pv = KSum(0.0, 0.0);
  var vs = KSum(0.0, 0.0);
  for (var t0 = 0u; t0 < dims.n_bars; t0 += g.len) {
    series_tile_load(g, t0, lid.x);
    // Invocations past n_local run no steps (no `continue`: the barriers need uniform control flow).
    let m = series_tile_steps(g, t0, live);
    for (var j = 0u; j < m; j++) {
      let t = t0 + j;
      let k = anchor_key(minutes_of(series_tile_x(g, 4u, s.instr, j)), anchor, offset);
      if (t == 0u || k != key) {
        key = k;
        pv = KSum(0.0, 0.0);
        vs = KSum(0.0, 0.0);
      }
      let v = series_tile_x(g, 3u, s.instr, j);
      pv = kadd(pv, (series_tile_x(g, 0u, s.instr, j) + series_tile_x(g, 1u, s.instr, j) + series_tile_x(g, 2u, s.instr, j)) / 3.0 * v);
      vs = kadd(vs, v);
      let den = kval(vs);
      put(0u, t, local, select(nan(), kval(pv) / den, den != 0.0));
    }
  }
}
