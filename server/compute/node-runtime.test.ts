// The Node runtime glue: picks WebGPU when Dawn finds an adapter, else the worker_threads pool, and says which.
import { describe, expect, it } from 'vitest';
import { syntheticBars } from '../../shared/gpu/selftest.ts';
import { createNodeRuntime } from './node-runtime.ts';

describe('createNodeRuntime', () => {
  it('honours forceCpu with a worker pool and says why', async () => {
    const rt = await createNodeRuntime({ forceCpu: true, workers: 1 });
    expect(rt.status).toMatchObject({ backend: 'cpu', reason: 'CPU fallback (1 worker): GPU disabled by setting', workers: 1 });
    const r = await rt.sweep({ indicator: 'rsi', instruments: syntheticBars(500, 2, 1), paramSets: [{ period: 14 }, { period: 20 }] });
    expect(r.backend).toBe('cpu');
    expect(r.nInstruments * r.nParamSets).toBe(4);
    expect(r.values.slice(0, 4 * 14).every(Number.isNaN)).toBe(true);
    expect(Number.isFinite(r.values[4 * 14])).toBe(true);
    rt.destroy();
  });

  it('names the backend it picked: a WebGPU adapter, or the CPU pool with the fix for the missing adapter', async () => {
    const rt = await createNodeRuntime({ workers: 1 });
    const s = rt.status;
    if (s.backend === 'webgpu') expect(s.reason).toMatch(/^WebGPU: .*vendor/);
    else expect(s.reason).toMatch(/^CPU fallback \(1 worker\): .*VK_ICD_FILENAMES/);
    const r = await rt.sweep({ indicator: 'ema', instruments: syntheticBars(300, 1, 2), paramSets: [{ period: 10 }] });
    expect(r.backend).toBe(s.backend);
    rt.destroy();
  });
});
