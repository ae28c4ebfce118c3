// The worker_threads pool must give exactly what the in-thread CPU path gives (same twins, same float32 grid).
import { afterAll, describe, expect, it } from 'vitest';
import { ComputeRuntime } from '../../shared/gpu/runtime.ts';
import { syntheticBars } from '../../shared/gpu/selftest.ts';
import { NodeCpuPool } from './node-cpu-pool.ts';

const pool = new NodeCpuPool(2);
afterAll(() => pool.destroy());

describe('NodeCpuPool (worker_threads CPU fallback)', () => {
  it('reports progress up to 1 and can be cancelled between parts', async () => {
    const rt = await ComputeRuntime.create({ gpu: 'none (test)', cpuPool: pool });
    const req = { indicator: 'ema', instruments: syntheticBars(1000, 2, 9), paramSets: [3, 5, 8, 13, 21, 34, 55, 89].map((period) => ({ period })) };
    const seen: number[] = [];
    await rt.sweep(req, { onProgress: (f) => seen.push(f) });
    expect(seen.length).toBe(8);
    expect(seen.at(-1)).toBe(1);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    const signal = { aborted: false };
    await expect(rt.sweep(req, { signal, onProgress: () => { signal.aborted = true; } })).rejects.toThrow(/sweep cancelled after/);
  });

  it('gives results identical to the direct CPU path and reports its backend and reason', async () => {
    const instruments = syntheticBars(3000, 3, 5);
    const paramSets = [5, 14, 30, 60, 100].map((period) => ({ period }));
    const pooled = await ComputeRuntime.create({ gpu: 'navigator.gpu missing (test)', cpuPool: pool });
    const direct = await ComputeRuntime.create({ gpu: 'navigator.gpu missing (test)' });
    expect(pooled.status.backend).toBe('cpu');
    expect(pooled.status.reason).toBe('CPU fallback (2 workers): navigator.gpu missing (test)');
    expect(direct.status.reason).toBe('CPU fallback (main thread): navigator.gpu missing (test)');
    for (const ind of pooled.indicators()) {
      // Several periods where the indicator has one, else the registry defaults.
      const req = { indicator: ind.id, instruments, paramSets: ind.params.includes('period') ? paramSets : [] };
      const a = await pooled.sweep(req);
      const b = await direct.sweep(req);
      expect(a.backend).toBe('cpu');
      expect(a.values.length).toBe(b.values.length);
      expect(Buffer.from(a.values.buffer).equals(Buffer.from(b.values.buffer))).toBe(true);
    }
  });
});
