// Prelude shared by every indicator sweep kernel: bindings, grid dimensions and small helpers.
// The host (shared/gpu/sweep-kernel.ts) prepends this file to each kernel's source.
//
// Grid: a "series" is one (instrument, parameter set) pair, s = instrument * n_params + paramSet.
// A dispatch covers the chunk of series [series0, series0 + n_local) so that the output fits one binding.
struct Dims {
  n_bars: u32,        // bars per instrument (all instruments have the same length)
  n_instr: u32,       // instruments in the input buffer
  n_params: u32,      // parameter sets in the whole grid
  param_stride: u32,  // f32 values per parameter set in `params`
  series0: u32,       // first series of this chunk
  n_local: u32,       // series in this chunk
  nan_bits: u32,      // 0x7fc00000: WGSL rejects NaN constants, so the host passes the bit pattern
  n_cols: u32,        // input columns in `src`
};

@group(0) @binding(0) var<uniform> dims: Dims;
// Inputs, column-major: [column][instrument][bar]; columns in the order the kernel's host spec lists them.
@group(0) @binding(1) var<storage, read> src: array<f32>;
// Parameter sets: [paramSet][param_stride].
@group(0) @binding(2) var<storage, read> params: array<f32>;
// Outputs, bar-major so that neighbouring invocations write neighbouring words: [output][bar][local series].
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

fn nan() -> f32 { return bitcast<f32>(dims.nan_bits); }

fn col(c: u32, instr: u32, t: u32) -> f32 {
  let i = (c * dims.n_instr + instr) * dims.n_bars + t;
  if (i >= arrayLength(&src)) { return nan(); }
  return src[i];
}

fn param(p: u32, k: u32) -> f32 {
  let i = p * dims.param_stride + k;
  if (i >= arrayLength(&params)) { return 0.0; }
  return params[i];
}

// Periods are validated integers >= 1 on the host; round to be safe against 13.999999.
fn iparam(p: u32, k: u32) -> u32 { return u32(max(param(p, k) + 0.5, 1.0)); }

fn out_index(o: u32, t: u32, local: u32) -> u32 { return (o * dims.n_bars + t) * dims.n_local + local; }

fn put(o: u32, t: u32, local: u32, v: f32) {
  let i = out_index(o, t, local);
  if (i < arrayLength(&out)) { out[i] = v; }
}

// A kernel may read back what the same invocation wrote earlier (its own outputs double as history buffers).
fn got(o: u32, t: u32, local: u32) -> f32 {
  let i = out_index(o, t, local);
  if (i >= arrayLength(&out)) { return nan(); }
  return out[i];
}

// Flat invocation id over a 2-D dispatch (x is capped at maxComputeWorkgroupsPerDimension).
fn flat_id(gid: vec3<u32>, nwg: vec3<u32>) -> u32 { return gid.y * nwg.x * 64u + gid.x; }

struct Series { local: u32, instr: u32, p: u32 };

fn series_of(local: u32) -> Series {
  let s = dims.series0 + local;
  return Series(local, s / dims.n_params, s % dims.n_params);
}

// Kernels that run one invocation per (series, bar): bar-major ids so neighbours write neighbouring words.
struct BarCell { local: u32, instr: u32, p: u32, t: u32 };

fn bar_cell(id: u32) -> BarCell {
  let t = id / dims.n_local;
  let local = id % dims.n_local;
  let s = series_of(local);
  return BarCell(local, s.instr, s.p, t);
}

fn n_bar_cells() -> u32 { return dims.n_local * dims.n_bars; }

// A float the shader compiler cannot reason about: XOR with a word that is 0 at run time (the high bit of the NaN
// pattern the host passes) but unknown when the shader is compiled. Drivers apply algebra that is wrong in floating
// point (b * (a / b) -> a, (a + b) - a -> b: seen on SwiftShader and on NVIDIA's Vulkan driver), which turns every
// error term into exactly 0 (compensated sums below, df64.wgsl) and df64 into plain float32. Each rounded result an error term is computed from
// goes through opaque(), so the compiler must take it as it is.
fn opaque(x: f32) -> f32 { return bitcast<f32>(bitcast<u32>(x) ^ (dims.nan_bits >> 31u)); }

// Compensated (Kahan-Babuska-Neumaier) running sum: keeps f32 running sums accurate over 1M-bar series.
struct KSum { s: f32, c: f32 };

fn kadd(a: KSum, x: f32) -> KSum {
  let t = opaque(a.s + x);
  var c = a.c;
  if (abs(a.s) >= abs(x)) { c = c + ((a.s - t) + x); } else { c = c + ((x - t) + a.s); }
  return KSum(t, c);
}

fn kval(a: KSum) -> f32 { return a.s + a.c; }

// ---- Input tiles for series-mode kernels (one invocation walks all bars of its series) ----
// Such a kernel is latency-bound when each step waits on a global load of its input bar. Instead the workgroup
// loads a tile of bars of every column it reads into workgroup memory with coalesced loads (series_tile_load),
// waits, and each invocation runs its recurrence over the tile from there (series_tile_x). The grid is
// instrument-major, so a workgroup's 64 series usually share one instrument; when they span several (small
// parameter grids, or a workgroup across an instrument boundary) the tile holds all of them and is shorter:
// TILE_CAP floats = columns x instruments x bars. Barriers need uniform control flow: every invocation of the
// workgroup, also those past n_local, calls series_tile_load for every tile and none returns early; invocations
// past n_local just run no steps (series_tile_steps).
const TILE_CAP: u32 = 1024u; // 4 KiB of workgroup memory (larger tiles were no faster on an H100 and compile for seconds on SwiftShader)
var<workgroup> series_tile: array<f32, 1024>; // [column][instrument - i0][bar - t0]

struct TileGroup {
  first: u32, // first local series of the workgroup
  i0: u32,    // its instrument
  span: u32,  // instruments of the workgroup's series (1..64)
  ncols: u32, // columns tiled
  len: u32,   // bars per tile
};

// Uniform: computed from the workgroup id and the uniform dims only.
fn series_tile_group(wid: vec3<u32>, nwg: vec3<u32>, ncols: u32) -> TileGroup {
  let first = (wid.y * nwg.x + wid.x) * 64u;
  let last = min(first + 63u, max(dims.n_local, 1u) - 1u);
  let i0 = series_of(min(first, last)).instr;
  let span = series_of(last).instr - i0 + 1u;
  return TileGroup(first, i0, span, ncols, max(TILE_CAP / (ncols * span), 1u));
}

// Word of the tile at flat index i (column-major as series_tile), read from `src`; 0 past the last bar.
fn series_tile_src(g: TileGroup, t0: u32, i: u32) -> f32 {
  let j = i % g.len;
  let cd = i / g.len;
  let t = t0 + j;
  if (t >= dims.n_bars) { return 0.0; }
  return col(cd / g.span, g.i0 + cd % g.span, t);
}

// Loads bars [t0, t0 + g.len) of the workgroup's columns and instruments. Call from uniform control flow.
fn series_tile_load(g: TileGroup, t0: u32, lid: u32) {
  workgroupBarrier(); // every invocation is done with the previous tile
  let total = min(g.ncols * g.span * g.len, TILE_CAP);
  // Four loads in flight per invocation before the first store waits on one.
  for (var i = lid; i < total; i += 256u) {
    let v0 = series_tile_src(g, t0, i);
    let v1 = select(0.0, series_tile_src(g, t0, i + 64u), i + 64u < total);
    let v2 = select(0.0, series_tile_src(g, t0, i + 128u), i + 128u < total);
    let v3 = select(0.0, series_tile_src(g, t0, i + 192u), i + 192u < total);
    series_tile[i] = v0;
    if (i + 64u < total) { series_tile[i + 64u] = v1; }
    if (i + 128u < total) { series_tile[i + 128u] = v2; }
    if (i + 192u < total) { series_tile[i + 192u] = v3; }
  }
  workgroupBarrier();
}

// Steps this invocation runs over the tile starting at t0: none past n_local (see above).
fn series_tile_steps(g: TileGroup, t0: u32, live: bool) -> u32 {
  return select(0u, min(g.len, dims.n_bars - t0), live);
}

// Index in series_tile of column c, bar t0 + j, for instrument `instr` of the workgroup.
fn series_tile_base(g: TileGroup, c: u32, instr: u32) -> u32 { return (c * g.span + (instr - g.i0)) * g.len; }

fn series_tile_x(g: TileGroup, c: u32, instr: u32, j: u32) -> f32 { return series_tile[series_tile_base(g, c, instr) + j]; }

// Steps of the current tile (m of them from bar t0) that fall before bar `warm`: the branchy warm-up steps of a
// recursion; the rest of the tile runs the branch-free steady state.
fn series_tile_warm(t0: u32, m: u32, warm: u32) -> u32 { return min(m, select(0u, warm - t0, warm > t0)); }

// Store at a flat output index (out_index plus bars x n_local), checked like put().
fn put_at(i: u32, v: f32) {
  if (i < arrayLength(&out)) { out[i] = v; }
}

// Stores one series' values at 8 consecutive bars from flat output index i (bars `stride` words apart) with one
// bounds check for all 8: a check per store costs the series kernels' unrolled loops about a third of their time.
fn put8(i: u32, stride: u32, v0: f32, v1: f32, v2: f32, v3: f32, v4: f32, v5: f32, v6: f32, v7: f32) {
  if (i + 7u * stride < arrayLength(&out)) {
    out[i] = v0;
    out[i + stride] = v1;
    out[i + 2u * stride] = v2;
    out[i + 3u * stride] = v3;
    out[i + 4u * stride] = v4;
    out[i + 5u * stride] = v5;
    out[i + 6u * stride] = v6;
    out[i + 7u * stride] = v7;
  } else {
    put_at(i, v0);
    put_at(i + stride, v1);
    put_at(i + 2u * stride, v2);
    put_at(i + 3u * stride, v3);
    put_at(i + 4u * stride, v4);
    put_at(i + 5u * stride, v5);
    put_at(i + 6u * stride, v6);
    put_at(i + 7u * stride, v7);
  }
}

// A df64 input (df64.wgsl dcol) from the tile: the host stores its hi words in column 2c and lo words in 2c + 1.
fn series_tile_x2(g: TileGroup, c: u32, instr: u32, j: u32) -> vec2<f32> {
  return vec2<f32>(series_tile_x(g, 2u * c, instr, j), series_tile_x(g, 2u * c + 1u, instr, j));
}
