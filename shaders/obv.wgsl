// On-balance volume (TA-Lib OBV): starts at volume[0], then adds the bar's volume on an up close and subtracts
// it on a down close. A compensated running sum keeps float32 exact to ~1 ulp of the total over 1M bars.
// One invocation per instrument (OBV has no parameters; the grid has one empty parameter set).
// columns: [close, volume]. outputs: [obv]. First value at bar 0.
// No workgroup-memory tiles (common.wgsl series_tile_*): an OBV grid is one series per instrument, so a workgroup
// spans 64 instruments, shares no loads, and its tiles would be 8 bars long (64 instruments: 1.45 s direct, 1.6-2.6 s
// tiled on an H100).
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let local = flat_id(gid, nwg);
  if (local >= dims.n_local) { return; }
  let s = series_of(local);
  if (dims.n_bars == 0u) { return; }
  var acc = KSum(col(1u, s.instr, 0u), 0.0);
  var prev = col(0u, s.instr, 0u);
  put(0u, 0u, local, kval(acc));
  for (var t = 1u; t < dims.n_bars; t++) {
    let x = col(0u, s.instr, t);
    let v = col(1u, s.instr, t);
    if (x > prev) { acc = kadd(acc, v); } else if (x < prev) { acc = kadd(acc, -v); }
    prev = x;
    put(0u, t, local, kval(acc));
  }
}
