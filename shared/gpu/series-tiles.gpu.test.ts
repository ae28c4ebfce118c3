// Series kernels that read their bars from workgroup-memory tiles (common.wgsl series_tile_*) on the grids where
// tiling has edge cases, against the CPU twins within each kernel's stated tolerance (selftest-cases.ts):
// a workgroup whose 64 series span two instruments (shorter tiles holding both), a last workgroup with inactive
// invocations, dispatch chunks that start inside an instrument, a last tile shorter than the unrolled 8 bars, and
// workgroups spanning many instruments (one parameter set each: 1,024 / (columns x instruments)-bar tiles).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestNodeGpu } from '../../server/compute/node-gpu.ts';
import type { GpuContext } from './gpu-context.ts';
import { KERNELS } from './kernels/index.ts';
import { compareGrid, syntheticBars } from './selftest.ts';
import { SELFTEST_CASES } from './selftest-cases.ts';
import { SweepKernel } from './sweep-kernel.ts';

const TILED = ['ema', 'rsi', 'dema', 'tema', 'macd', 'atr', 'natr', 'keltner', 'supertrend', 'psar', 'vwap'];

let ctx: GpuContext;
beforeAll(async () => {
  const c = await requestNodeGpu();
  if (typeof c === 'string') throw new Error(c);
  ctx = c;
});
afterAll(() => ctx?.destroy());

describe('tiled series kernels on grids that cross tile and workgroup edges (SwiftShader)', () => {
  // 1,501 bars: 1 full + 1 partial tile for one instrument and one column; 1,501 - 8k is never 0.
  const two = syntheticBars(1501, 2, 23);
  const many = syntheticBars(403, 70, 29);
  for (const id of TILED) {
    const base = SELFTEST_CASES.find((c) => c.id === id)!;
    it(`${id}: 2 instruments x 70 parameter sets in 50-series chunks`, async () => {
      // 140 series: workgroup 0 is instrument 0, workgroup 1 holds series 64..69 of instrument 0 and 0..57 of 1,
      // workgroup 2 has 12 live invocations; with 50-series chunks each chunk starts at another offset.
      const c = { ...base, paramSets: Array.from({ length: 70 }, (_, i) => base.paramSets[i % base.paramSets.length]) };
      const host = new SweepKernel(ctx, KERNELS[id], { maxChunkBytes: 50 * KERNELS[id].outputs.length * 1501 * 4 });
      try {
        const grid = await host.run({ indicator: id, instruments: two, paramSets: c.paramSets });
        const r = compareGrid(grid, c, two);
        expect(r.detail && !r.ok ? r.detail : '').toBe('');
        expect(r.nanMismatches).toBe(0);
        expect(r.cells).toBeGreaterThan(0);
        expect(r.worstRatio).toBeLessThanOrEqual(1);
      } finally {
        host.destroy();
      }
    });
    it(`${id}: 70 instruments x 1 parameter set (a workgroup spans 64 instruments)`, async () => {
      const c = { ...base, paramSets: [base.paramSets[base.paramSets.length - 1]] };
      const host = new SweepKernel(ctx, KERNELS[id]);
      try {
        const grid = await host.run({ indicator: id, instruments: many, paramSets: c.paramSets });
        const r = compareGrid(grid, c, many);
        expect(r.detail && !r.ok ? r.detail : '').toBe('');
        expect(r.nanMismatches).toBe(0);
        expect(r.cells).toBeGreaterThan(0);
        expect(r.worstRatio).toBeLessThanOrEqual(1);
      } finally {
        host.destroy();
      }
    });
  }
});
