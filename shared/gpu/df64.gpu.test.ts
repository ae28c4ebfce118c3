// The float tricks the kernels rely on, run on the real WGSL: df64 (double-float) add/mul/div from shaders/df64.wgsl
// and the compensated running sum (kadd) from shaders/common.wgsl, checked against float64 on the CPU.
// Shader compilers apply algebra that is wrong in floating point (b * (a / b) -> a, (a + b) - a -> b): SwiftShader and
// NVIDIA's Vulkan driver both did, which turned every error term into 0, df64 into float32 (SuperTrend/SAR flipped
// direction on 1M-bar series) and the compensated sums into plain ones (VWAP off by 2.5e-4 over 1M bars).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_ADAPTER_FIX, nodeNavigatorGpu } from '../../server/compute/node-gpu.ts';
import { WGSL } from './shaders.generated.ts';
import { SeededRandom } from '../util/random.ts';

const N = 1024; // pairs
const OUT_PER = 8;
const MAIN = /* wgsl */ `
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= dims.n_local) { return; }
  let a = vec2<f32>(src[4u * i], src[4u * i + 1u]);
  let b = vec2<f32>(src[4u * i + 2u], src[4u * i + 3u]);
  let s = df_add(a, b);
  let p = df_mul(a, b);
  let q = df_div(a, b);
  let k = df_sub(df(1.0), df_div(df(1.0), b)); // 1 - 1/b, as SuperTrend's Wilder factor
  out[8u * i] = s.x; out[8u * i + 1u] = s.y;
  out[8u * i + 2u] = p.x; out[8u * i + 3u] = p.y;
  out[8u * i + 4u] = q.x; out[8u * i + 5u] = q.y;
  out[8u * i + 6u] = k.x; out[8u * i + 7u] = k.y;
  if (i == 0u) {
    // Compensated sum of every a.hi + 4096 (a total near 4M, where each float32 add rounds): the KSum the running-sum kernels (VWAP, OBV, seeds) use.
    var acc = KSum(0.0, 0.0);
    for (var j = 0u; j < dims.n_local; j++) { acc = kadd(acc, src[4u * j] + 4096.0); }
    out[8u * dims.n_local] = acc.s;
    out[8u * dims.n_local + 1u] = acc.c;
  }
}`;

/** (hi, lo) float32 pair of a float64, as the host packs df64 inputs. */
const split = (x: number): [number, number] => {
  const hi = Math.fround(x);
  return [hi, Math.fround(x - hi)];
};

describe('df64 and compensated sums in WGSL (Node, npm webgpu)', () => {
  let device: GPUDevice;
  beforeAll(async () => {
    const gpu = await nodeNavigatorGpu();
    if (typeof gpu === 'string') throw new Error(`${gpu}. ${NO_ADAPTER_FIX}`);
    const adapter = await gpu.requestAdapter();
    if (!adapter) throw new Error(NO_ADAPTER_FIX);
    device = await adapter.requestDevice();
  });
  afterAll(() => device?.destroy());

  it('add, mul, div and 1 - 1/b keep ~44+ bits; the compensated sum is exact to float32 rounding of the total', async () => {
    const rng = new SeededRandom(11);
    const src = new Float32Array(4 * N);
    const a: number[] = [], b: number[] = [];
    for (let i = 0; i < N; i++) {
      // Prices and factors across 6 orders of magnitude, and Wilder periods 1..200 for b.
      const x = Math.exp((rng.next() - 0.5) * 14);
      const y = i % 4 === 0 ? 1 + Math.floor(rng.next() * 200) : Math.exp((rng.next() - 0.5) * 14);
      const [ah, al] = split(x), [bh, bl] = split(y);
      src.set([ah, al, bh, bl], 4 * i);
      a.push(ah + al);
      b.push(bh + bl);
    }
    const dims = new Uint32Array([1, 1, 1, 1, 0, N, 0x7fc00000, 1]);
    const usage = GPUBufferUsage;
    const ubuf = device.createBuffer({ size: dims.byteLength, usage: usage.UNIFORM | usage.COPY_DST });
    const sbuf = device.createBuffer({ size: src.byteLength, usage: usage.STORAGE | usage.COPY_DST });
    const outBytes = (OUT_PER * N + 2) * 4;
    const obuf = device.createBuffer({ size: outBytes, usage: usage.STORAGE | usage.COPY_SRC });
    const rbuf = device.createBuffer({ size: outBytes, usage: usage.MAP_READ | usage.COPY_DST });
    device.queue.writeBuffer(ubuf, 0, dims);
    device.queue.writeBuffer(sbuf, 0, src);
    const code = `${WGSL['common']}\n${WGSL['df64']}\n${MAIN}`;
    const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code }), entryPoint: 'main' } });
    const bind = device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: [{ binding: 0, resource: { buffer: ubuf } }, { binding: 1, resource: { buffer: sbuf } }, { binding: 3, resource: { buffer: obuf } }],
    });
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bind);
    pass.dispatchWorkgroups(Math.ceil(N / 64));
    pass.end();
    enc.copyBufferToBuffer(obuf, 0, rbuf, 0, outBytes);
    device.queue.submit([enc.finish()]);
    await rbuf.mapAsync(GPUMapMode.READ);
    const out = new Float32Array(rbuf.getMappedRange().slice(0));
    rbuf.unmap();

    const worst = { add: 0, mul: 0, div: 0, keep: 0 };
    const rel = (got: number, want: number): number => Math.abs(got - want) / Math.abs(want);
    for (let i = 0; i < N; i++) {
      const o = OUT_PER * i;
      worst.add = Math.max(worst.add, rel(out[o] + out[o + 1], a[i] + b[i]));
      worst.mul = Math.max(worst.mul, rel(out[o + 2] + out[o + 3], a[i] * b[i]));
      worst.div = Math.max(worst.div, rel(out[o + 4] + out[o + 5], a[i] / b[i]));
      if (b[i] > 1.5) worst.keep = Math.max(worst.keep, rel(out[o + 6] + out[o + 7], 1 - 1 / b[i]));
    }
    // float32 alone is ~6e-8 relative; df64 is ~2^-46 ~ 1.4e-14 per operation.
    expect(worst.add, 'df_add').toBeLessThan(1e-13);
    expect(worst.mul, 'df_mul').toBeLessThan(1e-13);
    expect(worst.div, 'df_div').toBeLessThan(1e-13);
    expect(worst.keep, 'df_sub(1, df_div(1, b))').toBeLessThan(1e-13);

    // kadd over the 1,024 values a.hi + 4096 (each rounded to float32 as the shader does): s + c must equal the
    // float64 sum of those values to within float32 rounding of the total, where a plain float32 sum is off by more.
    const terms = Array.from({ length: N }, (_, i) => Math.fround(src[4 * i] + 4096));
    let exact = 0;
    for (const x of terms) exact += x;
    const total = out[OUT_PER * N] + out[OUT_PER * N + 1];
    const ulp = Math.abs(exact) * 2 ** -23;
    expect(Math.abs(total - exact) / ulp, 'kadd error in float32 ulps of the total').toBeLessThan(2);
    let plain = 0;
    for (const x of terms) plain = Math.fround(plain + x);
    // The data are such that compensation matters: the plain float32 sum is visibly worse.
    expect(Math.abs(plain - exact) / ulp).toBeGreaterThan(4);
  });
});
