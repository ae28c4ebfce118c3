// Every sweep kernel against its CPU twin on SwiftShader (npm `webgpu` in Node), within each kernel's stated
// float32 tolerance (see selftest-cases.ts for the numbers and the reason for each).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestNodeGpu } from '../../server/compute/node-gpu.ts';
import type { GpuContext } from './gpu-context.ts';
import { checkKernel, syntheticBars } from './selftest.ts';
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
