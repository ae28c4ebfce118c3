// Every sweep kernel against its CPU twin on SwiftShader (npm `webgpu` in Node), within each kernel's stated
// float32 tolerance (see selftest-cases.ts for the numbers and the reason for each).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestNodeGpu } from '../../server/compute/node-gpu.ts';
import type { GpuContext } from './gpu-context.ts';
import type { InstrumentColumns } from './types.ts';
import { checkKernel, syntheticBars } from './selftest.ts';
import { SweepKernel } from './sweep-kernel.ts';
import { KERNELS } from './kernels/index.ts';
import { SELFTEST_CASES } from './selftest-cases.ts';

let ctx: GpuContext;
// 6,000 bars x 3 instruments x ~6 parameter sets: long enough for float32 drift to show, short for SwiftShader.
const instruments = syntheticBars(6000, 3, 11);

beforeAll(async () => {
  const c = await requestNodeGpu();
  if (typeof c === 'string') throw new Error(c);
  ctx = c;
});
afterAll(() => ctx?.destroy());

describe('WGSL sweep kernels vs CPU twins (Node, SwiftShader)', () => {
  it('every GPU kernel has a self-test case', () => {
    expect(Object.keys(KERNELS).filter((id) => !SELFTEST_CASES.some((c) => c.id === id))).toEqual([]);
  });
  for (const c of SELFTEST_CASES.filter((x) => KERNELS[x.id])) {
    it(`${c.id}: ${c.paramSets.length || 1} parameter sets x 3 instruments x 6000 bars (${c.tolerance.why})`, async () => {
      const r = await checkKernel(ctx, c, instruments, () => performance.now());
      console.log(`[gpu] ${c.id}: worst error ${(r.worstRatio * 100).toFixed(1)}% of tolerance, max abs ${r.worstAbs.toExponential(2)}, ${r.cells} cells, ${r.ms.toFixed(0)} ms`);
      expect(r.detail && !r.ok ? r.detail : '').toBe('');
      expect(r.nanMismatches).toBe(0);
      expect(r.cells).toBeGreaterThan(0);
      expect(r.worstRatio).toBeLessThanOrEqual(1);
    });
  }
});

/** The real S&P 500 daily file (2000-2020) as float64 columns, exactly as the CPU twins read it. */
function sp500(): InstrumentColumns {
  const lines = readFileSync(new URL('../../data/sp500-daily-2000-2020.csv', import.meta.url), 'utf8').trim().split('\n').slice(1);
  const cols = { open: [] as number[], high: [] as number[], low: [] as number[], close: [] as number[], volume: [] as number[], time: [] as number[] };
  for (const l of lines) {
    const [date, o, h, lo, c, , v] = l.split(',');
    cols.time.push(Date.parse(`${date}T00:00:00Z`));
    cols.open.push(Number(o)); cols.high.push(Number(h)); cols.low.push(Number(lo)); cols.close.push(Number(c)); cols.volume.push(Number(v));
  }
  return Object.fromEntries(Object.entries(cols).map(([k, a]) => [k, Float64Array.from(a)]));
}

// Real prices are not float32-exact (1455.219971 rounds by up to 6e-5): this run includes input rounding, which
// the tolerances cover for every kernel. Ties closer than a float32 ulp could still flip a branch (ADX's +DM/-DM,
// Aroon's arg-max, MFI's flow sign); this file has none, and the test would show one.
describe('WGSL sweep kernels vs CPU twins on the real S&P 500 daily file (float64 inputs)', () => {
  const real = [sp500()];
  for (const c of SELFTEST_CASES.filter((x) => KERNELS[x.id])) {
    it(`${c.id}: S&P 500 2000-2020 (${real[0].close!.length} bars)`, async () => {
      const r = await checkKernel(ctx, c, real, () => performance.now());
      console.log(`[gpu sp500] ${c.id}: worst error ${(r.worstRatio * 100).toFixed(1)}% of tolerance, max abs ${r.worstAbs.toExponential(2)}`);
      expect(r.detail && !r.ok ? r.detail : '').toBe('');
      expect(r.worstRatio).toBeLessThanOrEqual(1);
    });
  }
});

// Recursive kernels carry float32 state across the whole series: show the error does not grow with length.
describe('recursive kernels over a long series (300,000 bars): float32 error stays bounded', () => {
  const long = syntheticBars(300_000, 1, 99);
  for (const id of ['ema', 'dema', 'kama', 'rsi', 'macd', 'atr', 'adx', 'dmi', 'keltner', 'obv', 'supertrend', 'psar']) {
    const c = SELFTEST_CASES.find((x) => x.id === id)!;
    it(`${id}: within the same tolerance as on 6,000 bars`, async () => {
      const r = await checkKernel(ctx, { ...c, paramSets: c.paramSets.slice(0, 2) }, long, () => performance.now());
      console.log(`[gpu long] ${id}: worst error ${(r.worstRatio * 100).toFixed(1)}% of tolerance, ${r.ms.toFixed(0)} ms`);
      expect(r.detail && !r.ok ? r.detail : '').toBe('');
      expect(r.worstRatio).toBeLessThanOrEqual(1);
    });
  }
});

// Edge cases every kernel must handle like its CPU twin: a constant series (zero ranges and deviations hit the
// TA-Lib "is zero" rules), a series shorter than the period (all warm-up), one bar, and no bars.
describe('edge cases vs CPU twins: constant prices, series shorter than the period, 1 bar, 0 bars', () => {
  const flat = (n: number): InstrumentColumns => {
    const c = new Float64Array(n).fill(100.25);
    return { open: c, high: c, low: c, close: c, volume: new Float64Array(n).fill(1000), time: Float64Array.from({ length: n }, (_, i) => i * 86_400_000) };
  };
  const short = syntheticBars(9, 1, 5);
  for (const c of SELFTEST_CASES.filter((x) => KERNELS[x.id])) {
    it(`${c.id}: constant 300 bars, 9 bars, 1 bar, 0 bars`, async () => {
      for (const ins of [[flat(300)], short, [flat(1)]]) {
        const r = await checkKernel(ctx, c, ins);
        expect(r.detail && (r.nanMismatches || r.worstRatio > 1) ? r.detail : '').toBe('');
        expect(r.nanMismatches).toBe(0);
        expect(r.worstRatio).toBeLessThanOrEqual(1);
      }
      const empty = await new SweepKernel(ctx, KERNELS[c.id]).run({ indicator: c.id, instruments: [flat(0)], paramSets: c.paramSets });
      expect(empty.values.length).toBe(0);
    });
  }
});

// NaN gaps and late starts: the GPU computes each NaN-free run as its own series (shared/gpu/gaps.ts), which must
// reproduce the indicators' NaN policy exactly (warm-up again after every gap; NaN positions compared one by one).
describe('NaN gaps and instruments that start later, vs CPU twins', () => {
  const base = syntheticBars(2500, 3, 21);
  const withGaps: InstrumentColumns[] = base.map((ins, i) => {
    const copy = Object.fromEntries(Object.entries(ins).map(([k, v]) => [k, Float64Array.from(v as Float64Array)])) as Record<string, Float64Array>;
    if (i > 0) for (const k of ['open', 'high', 'low', 'close', 'volume']) copy[k].fill(Number.NaN, 0, 400); // starts at bar 400
    if (i === 1) copy.close[1200] = Number.NaN; // a gap in the close only
    if (i === 2) copy.high[1800] = Number.NaN; // a gap only indicators reading the high see
    return copy;
  });
  for (const c of SELFTEST_CASES.filter((x) => KERNELS[x.id])) {
    it(`${c.id}: 3 instruments, two starting at bar 400, gaps at 1200 (close) and 1800 (high)`, async () => {
      const r = await checkKernel(ctx, c, withGaps);
      expect(r.detail && !r.ok ? r.detail : '').toBe('');
      expect(r.nanMismatches).toBe(0);
      expect(r.worstRatio).toBeLessThanOrEqual(1);
    });
  }
});
