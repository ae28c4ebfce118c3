// The runtime on a real (SwiftShader) device: backend choice and reason, chunking, and falling back to the CPU
// twins when the device is lost or the input cannot go to the GPU.
import { afterAll, describe, expect, it } from 'vitest';
import { requestNodeGpu } from '../../server/compute/node-gpu.ts';
import { cpuTwin } from './cpu-twins.ts';
import { cpuSweep } from './cpu-sweep.ts';
import type { GpuContext } from './gpu-context.ts';
import { seriesOf } from './grid.ts';
import { KERNELS } from './kernels/index.ts';
import { ComputeRuntime, type RuntimeStatus } from './runtime.ts';
import { syntheticBars } from './selftest.ts';
import { SweepKernel } from './sweep-kernel.ts';

const contexts: GpuContext[] = [];
async function freshContext(): Promise<GpuContext> {
  const c = await requestNodeGpu();
  if (typeof c === 'string') throw new Error(c);
  contexts.push(c);
  return c;
}
afterAll(() => contexts.forEach((c) => c.destroy()));

const instruments = syntheticBars(2000, 2, 3);
const paramSets = [3, 10, 30].map((period) => ({ period }));

describe('ComputeRuntime on WebGPU (Node, SwiftShader)', () => {
  it('picks WebGPU, says which adapter, reports GPU memory, and matches the CPU path', async () => {
    const rt = await ComputeRuntime.create({ context: await freshContext() });
    expect(rt.status.backend).toBe('webgpu');
    expect(rt.status.reason).toMatch(/^WebGPU: .*\(vendor /);
    const r = await rt.sweep({ indicator: 'ema', instruments, paramSets });
    expect(r.backend).toBe('webgpu');
    expect(rt.status.gpuMemoryBytes).toBeGreaterThan(r.values.byteLength);
    const cpu = cpuSweep(KERNELS.ema, cpuTwin('ema')!, { indicator: 'ema', instruments, paramSets });
    // EMA in float32 vs float64: relative 1e-5 (see selftest-cases.ts).
    const g = seriesOf(r, 'ema', 1, 2), c = seriesOf(cpu, 'ema', 1, 2);
    for (let t = 29; t < g.length; t++) expect(Math.abs(g[t] - c[t])).toBeLessThanOrEqual(1e-5 * Math.abs(c[t]));
    rt.destroy();
  });

  it('falls back to the CPU twins, and says so, when the device is lost', async () => {
    const ctx = await freshContext();
    const rt = await ComputeRuntime.create({ context: ctx });
    const seen: RuntimeStatus[] = [];
    rt.onStatus((s) => seen.push(s));
    await rt.sweep({ indicator: 'sma', instruments, paramSets });
    ctx.device.destroy();
    await ctx.device.lost;
    expect(rt.status.backend).toBe('cpu');
    expect(rt.status.reason).toMatch(/^CPU fallback \(main thread\): WebGPU device lost \(destroyed/);
    expect(seen.map((s) => s.backend)).toEqual(['webgpu', 'cpu']);
    const r = await rt.sweep({ indicator: 'sma', instruments, paramSets });
    expect(r.backend).toBe('cpu');
    const cpu = cpuSweep(KERNELS.sma, cpuTwin('sma')!, { indicator: 'sma', instruments, paramSets });
    expect(r.values).toEqual(cpu.values);
  });

  it('a host whose device is lost mid-use throws GpuDeviceLostError', async () => {
    const ctx = await freshContext();
    const host = new SweepKernel(ctx, KERNELS.ema);
    await host.run({ indicator: 'ema', instruments, paramSets });
    ctx.device.destroy();
    await ctx.device.lost;
    await expect(host.run({ indicator: 'ema', instruments, paramSets })).rejects.toThrow(/device lost/);
  });

  it('computes NaN gaps on the GPU (restart after the gap, as the CPU twin) and sends an infinity to the CPU', async () => {
    const rt = await ComputeRuntime.create({ context: await freshContext() });
    const close = Float64Array.from(instruments[0].close as Float64Array);
    close[100] = Number.NaN;
    const r = await rt.sweep({ indicator: 'sma', instruments: [{ close }], paramSets });
    expect(r.backend).toBe('webgpu');
    const cpu = cpuSweep(KERNELS.sma, cpuTwin('sma')!, { indicator: 'sma', instruments: [{ close }], paramSets });
    const g = seriesOf(r, 'sma', 0, 1), c = seriesOf(cpu, 'sma', 0, 1);
    for (let t = 0; t < g.length; t++) {
      if (Number.isNaN(c[t])) expect(g[t]).toBeNaN();
      else expect(Math.abs(g[t] - c[t])).toBeLessThanOrEqual(1e-5 * Math.abs(c[t]));
    }
    expect(g.slice(100, 110).every(Number.isNaN)).toBe(true); // the gap and the period-10 warm-up after it
    close[100] = Number.POSITIVE_INFINITY;
    const inf = await rt.sweep({ indicator: 'sma', instruments: [{ close }], paramSets });
    expect(inf.backend).toBe('cpu');
    expect(inf.reason).toMatch(/close\[100\] is Infinity/);
    expect(rt.status.backend).toBe('webgpu');
    rt.destroy();
  });

  it('splits a grid into chunks that fit the binding limit and gives the same grid', async () => {
    const ctx = await freshContext();
    const many = [2, 3, 5, 8, 13, 21, 34].map((period) => ({ period }));
    const req = { indicator: 'ema', instruments, paramSets: many };
    const whole = await new SweepKernel(ctx, KERNELS.ema).run(req);
    const small = new SweepKernel(ctx, KERNELS.ema, { maxChunkBytes: 2000 * 4 * 3 });
    const chunked = await small.run(req);
    expect(chunked.values).toEqual(whole.values);
    expect(small.memoryBytes).toBeLessThan(2000 * 4 * 3 * 2 + 1024 + 2 * 2000 * 8);
    small.destroy();
    expect(small.memoryBytes).toBe(0);
  });

  it('reports progress per chunk and stops between chunks when cancelled', async () => {
    const ctx = await freshContext();
    const many = [2, 3, 5, 8, 13, 21].map((period) => ({ period }));
    const host = new SweepKernel(ctx, KERNELS.rsi, { maxChunkBytes: 2000 * 4 * 2 });
    const seen: number[] = [];
    await host.run({ indicator: 'rsi', instruments, paramSets: many }, { onProgress: (f) => seen.push(f) });
    expect(seen).toEqual([2 / 12, 4 / 12, 6 / 12, 8 / 12, 10 / 12, 1]);
    const signal = { aborted: false };
    const cancelled = host.run({ indicator: 'rsi', instruments, paramSets: many }, { signal, onProgress: (f) => { if (f > 0.3) signal.aborted = true; } });
    await expect(cancelled).rejects.toThrow(/sweep cancelled after 4 of 12 series/);
  });

  it('uses a 2-D dispatch beyond 65,535 workgroups (4.4M bar cells) and guards the tail', async () => {
    const ctx = await freshContext();
    const n = 2_200_003;
    const close = new Float64Array(n);
    for (let t = 0; t < n; t++) close[t] = 100 + (t % 97) * 0.25;
    const req = { indicator: 'sma', instruments: [{ close }], paramSets: [{ period: 2 }, { period: 3 }] };
    const g = await new SweepKernel(ctx, KERNELS.sma).run(req);
    // Bar cell id = t * 2 + paramSet: bars around 65,535 * 64 / 2 sit where the dispatch wraps into its second row.
    for (const t of [0, 1, 2, 2_097_119, 2_097_120, 2_097_121, n - 2, n - 1]) {
      const want2 = t >= 1 ? (close[t] + close[t - 1]) / 2 : Number.NaN;
      const want3 = t >= 2 ? (close[t] + close[t - 1] + close[t - 2]) / 3 : Number.NaN;
      const got2 = g.values[t * 2], got3 = g.values[t * 2 + 1];
      if (Number.isNaN(want2)) expect(got2).toBeNaN(); else expect(Math.abs(got2 - want2)).toBeLessThan(1e-4);
      if (Number.isNaN(want3)) expect(got3).toBeNaN(); else expect(Math.abs(got3 - want3)).toBeLessThan(1e-4);
    }
  });

  it('runs parameters beyond a kernel\'s GPU limit on the CPU twin (Stoch RSI rings hold 128 values)', async () => {
    const rt = await ComputeRuntime.create({ context: await freshContext() });
    const ok = await rt.sweep({ indicator: 'stochrsi', instruments, paramSets: [{ stochPeriod: 128 }] });
    expect(ok.backend).toBe('webgpu');
    const big = await rt.sweep({ indicator: 'stochrsi', instruments, paramSets: [{ stochPeriod: 129 }] });
    expect(big.backend).toBe('cpu');
    expect(big.reason).toMatch(/stochPeriod = 129 is above the GPU kernel's limit of 128/);
    rt.destroy();
  });

  it('rejects bad parameters with the name and value', async () => {
    const rt = await ComputeRuntime.create({ context: await freshContext() });
    await expect(rt.sweep({ indicator: 'ema', instruments, paramSets: [{ period: 0 }] })).rejects.toThrow(/ema: period must be in \[1, \d+\], got 0/);
    await expect(rt.sweep({ indicator: 'ema', instruments, paramSets: [{ period: 2.5 }] })).rejects.toThrow(/ema: period must be an integer, got 2.5/);
    await expect(rt.sweep({ indicator: 'nope', instruments, paramSets })).rejects.toThrow(/unknown indicator "nope"/);
    rt.destroy();
  });
});
