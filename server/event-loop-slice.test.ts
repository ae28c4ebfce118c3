import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { platform, release } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig, repoRoot } from './config.ts';
import { shortenEventLoopSlice } from './event-loop-slice.ts';
import { checkpointerNice } from './journal/checkpointer.ts';

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
  checkpointerNice: number[];
} {
  const script = `
    import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
    import { getPriority, setPriority, tmpdir } from 'node:os';
    import { join } from 'node:path';
    import { Journal } from ${JSON.stringify(mod('journal/journal.ts'))};
    import { Worker } from 'node:worker_threads';
    import { shortenEventLoopSlice } from ${JSON.stringify(mod('event-loop-slice.ts'))};
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
      const { shortenEventLoopSlice } = await import(${JSON.stringify(mod('event-loop-slice.ts'))});
      const inWorker = await shortenEventLoopSlice(100);
      parentPort.postMessage({ slice: s ?? null, inWorker, sliceAfterCall: slice() ?? null });
    `)}, { eval: true });
    const worker = await new Promise((r, j) => { w.once('message', r); w.once('error', j); });
    await w.terminate();
    // The journal's checkpointer thread, started now: its nice value (field 19 of /proc/self/task/<tid>/stat).
    const niceOf = () => new Map(readdirSync('/proc/self/task').map((t) => { const st = readFileSync('/proc/self/task/' + t + '/stat', 'utf8'); return [t, Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[16])]; }));
    const threadsBefore = niceOf();
    const keepAlive = setInterval(() => {}, 1000); // the checkpointer's thread is unref()ed
    const j = new Journal(join(mkdtempSync(join(tmpdir(), 'aio-slice-')), 'j.sqlite'), 'normal', { backgroundCheckpoint: { everyMs: 60_000 } });
    await j.checkpointer.checkpoint();
    const checkpointerNice = [...niceOf()].filter(([t]) => !threadsBefore.has(t)).map(([, n]) => n);
    j.close();
    await j.closed();
    clearInterval(keepAlive);
    console.log(JSON.stringify({ result, before, after, worker, nice: getPriority(0), checkpointerNice }));
  `;
  // A file, not `-e`: with --input-type=module the eval workers (the checkpointer's is CommonJS) would be read as ESM.
  const dir = join(repoRoot, 'test-results', 'event-loop-slice');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `child-${process.pid}-${us}.mjs`);
  writeFileSync(file, script);
  const out = execFileSync(process.execPath, ['--import', 'tsx', file], { cwd: repoRoot, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!);
}

const mod = (path: string): string => pathToFileURL(join(repoRoot, 'server', path)).href;

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
      // The event loop now preempts the journal's checkpointer anyway: it keeps the priority it inherits (nice 3 here).
      expect(r.checkpointerNice).toContain(3);
      expect(r.checkpointerNice).not.toContain(19);
    } else {
      expect(r.result.applied).toBe(false);
      expect(r.result.reason).toMatch(/Linux 6\.12|per-thread scheduler slice/);
      expect(r.after).toBe(r.before);
      expect(r.checkpointerNice).toContain(19);
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
    // Without the short slice the checkpointer steps aside (nice 19).
    expect(r.checkpointerNice).toContain(19);
  });

  it('refuses a slice Linux would not accept', async () => {
    expect(await shortenEventLoopSlice(50)).toEqual({ applied: false, reason: expect.stringContaining('100-100000') });
    expect(await shortenEventLoopSlice(100.5)).toEqual({ applied: false, reason: expect.stringContaining('outside what Linux accepts') });
  });

  it('reads AIO_CHECKPOINT_NICE: 0-19, unset = automatic, a clear error otherwise', () => {
    // This process's event loop has the default slice.
    expect(checkpointerNice(undefined)).toBe(19);
    expect(checkpointerNice('0')).toBeUndefined();
    expect(checkpointerNice('10')).toBe(10);
    expect(() => checkpointerNice('-5')).toThrow('AIO_CHECKPOINT_NICE=-5 is not valid');
    expect(() => checkpointerNice('low')).toThrow('use 0 (normal priority) to 19');
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
