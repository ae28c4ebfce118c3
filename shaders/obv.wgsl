// On-balance volume (TA-Lib OBV): starts at volume[0], then adds the bar's volume on an up close and subtracts
// it on a down close. A compensated running sum keeps float32 exact to ~1 ulp of the total over 1M bars.
// One invocation per instrument (OBV has no parameters; the grid has one empty parameter set).
// columns: [close, volume]. outputs: [obv]. First value at bar 0.
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
