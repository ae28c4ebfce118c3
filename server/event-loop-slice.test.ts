import { execFileSync } from 'node:child_process';
import { platform, release } from 'node:os';
import { describe, expect, it } from 'vitest';
import { loadConfig, repoRoot } from './config.ts';
import { shortenEventLoopSlice } from './event-loop-slice.ts';

/**
 * Runs shortenEventLoopSlice(us) on the main thread of a fresh Node process (this test's own thread is a vitest worker)
 * and reports what the kernel says afterwards: the main thread's slice and nice value, and the slice of a worker
 * thread started after the call, each read from /proc/thread-self/sched (the kernel's own account, not ours).
 */
function inChild(us: number): {
  result: { applied: boolean; sliceUs?: number; defaultSliceUs?: number; reason?: string };
  before?: number;
  after?: number;
  worker: { slice: number | null; inWorker: { applied: boolean; reason?: string }; sliceAfterCall: number | null };
  nice: number;
} {
  const script = `
    import { readFileSync } from 'node:fs';
    import { getPriority, setPriority } from 'node:os';
    import { Worker } from 'node:worker_threads';
    import { shortenEventLoopSlice } from './server/event-loop-slice.ts';
    const slice = () => { try { const m = /^se\\.slice\\s*:\\s*(\\d+)/m.exec(readFileSync('/proc/thread-self/sched', 'utf8')); return m ? Number(m[1]) / 1000 : undefined; } catch { return undefined; } };
    setPriority(0, 3);
    const before = slice();
    const result = await shortenEventLoopSlice(${us});
    const after = slice();
    // A worker started afterwards: its slice, and what the same call does there (it is not the event loop).
    const w = new Worker(${JSON.stringify(`
      import { readFileSync } from 'node:fs';
      import { parentPort } from 'node:worker_threads';
      const slice = () => { try { const m = /^se\\.slice\\s*:\\s*(\\d+)/m.exec(readFileSync('/proc/thread-self/sched', 'utf8')); return m ? Number(m[1]) / 1000 : undefined; } catch { return undefined; } };
      const s = slice();
      (await import('tsx/esm/api')).register();
      const { shortenEventLoopSlice } = await import('./server/event-loop-slice.ts');
      const inWorker = await shortenEventLoopSlice(100);
      parentPort.postMessage({ slice: s ?? null, inWorker, sliceAfterCall: slice() ?? null });
    `)}, { eval: true });
    const worker = await new Promise((r, j) => { w.once('message', r); w.once('error', j); });
    await w.terminate();
    console.log(JSON.stringify({ result, before, after, worker, nice: getPriority(0) }));
  `;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!);
}

/** Linux 6.12 added a per-thread slice for normal threads (sched_attr.sched_runtime); `uname -r` says which we run on. */
function kernelHasCustomSlice(): boolean {
  if (platform() !== 'linux') return false;
  const m = /^(\d+)\.(\d+)/.exec(release());
  return !!m && (Number(m[1]) > 6 || (Number(m[1]) === 6 && Number(m[2]) >= 12));
}

describe('event loop scheduler slice (sched_setattr)', () => {
  it('gives the calling thread the slice the kernel then reports, keeps its nice value, and not threads started later', () => {
    const r = inChild(100);
    if (kernelHasCustomSlice()) {
      expect(r.result).toMatchObject({ applied: true, sliceUs: 100 });
      // The kernel's own account of the main thread, before and after.
      expect(r.before).toBeGreaterThan(100);
      expect(r.after).toBe(100);
      expect(r.result.defaultSliceUs).toBe(r.before);
      // SCHED_FLAG_RESET_ON_FORK: a worker started afterwards is back on the default.
      expect(r.worker.slice).toBe(r.before);
    } else {
      expect(r.result.applied).toBe(false);
      expect(r.result.reason).toMatch(/Linux 6\.12|per-thread scheduler slice/);
      expect(r.after).toBe(r.before);
    }
    expect(r.nice).toBe(3);
    // The same call on a worker thread changes nothing there.
    expect(r.worker.inWorker).toEqual({ applied: false, reason: expect.stringContaining('main thread') });
    expect(r.worker.sliceAfterCall).toBe(r.worker.slice);
  });

  it('leaves the default when disabled with 0, and says so', () => {
    const r = inChild(0);
    expect(r.result).toEqual({ applied: false, reason: expect.stringContaining('AIO_EVENT_LOOP_SLICE_US=0') });
    expect(r.after).toBe(r.before);
  });

  it('refuses a slice Linux would not accept', async () => {
    expect(await shortenEventLoopSlice(50)).toEqual({ applied: false, reason: expect.stringContaining('100-100000') });
    expect(await shortenEventLoopSlice(100.5)).toEqual({ applied: false, reason: expect.stringContaining('outside what Linux accepts') });
  });

  it('reads AIO_EVENT_LOOP_SLICE_US: 100 µs by default, 0 to turn off, a clear error otherwise', () => {
    expect(loadConfig({}).eventLoopSliceUs).toBe(100);
    expect(loadConfig({ AIO_EVENT_LOOP_SLICE_US: '0' }).eventLoopSliceUs).toBe(0);
    expect(loadConfig({ AIO_EVENT_LOOP_SLICE_US: '250' }).eventLoopSliceUs).toBe(250);
    expect(() => loadConfig({ AIO_EVENT_LOOP_SLICE_US: '50' })).toThrow('AIO_EVENT_LOOP_SLICE_US=50 is not valid: use 0');
    expect(() => loadConfig({ AIO_EVENT_LOOP_SLICE_US: 'fast' })).toThrow('AIO_EVENT_LOOP_SLICE_US=fast is not valid');
    expect(() => loadConfig({ AIO_EVENT_LOOP_SLICE_US: '200000' })).toThrow('from 0 to 100000');
  });
});
