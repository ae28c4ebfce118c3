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
