import { execFileSync } from 'node:child_process';
import { platform, release } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, repoRoot } from './config.ts';
import { shortenEventLoopSlice } from './event-loop-slice.ts';
import type { ProbeReport } from './event-loop-slice-probe.ts';

/** server/event-loop-slice-probe.ts in a fresh process: the call on a main thread, and what the kernel says after. */
function inChild(us: number): ProbeReport {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'server', 'event-loop-slice-probe.ts'), String(us)], { cwd: repoRoot, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as ProbeReport;
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
      // The kernel's own account of the main thread, before and after.
      expect(r.before).toBeGreaterThan(100);
      expect(r.after).toBe(100);
      expect(r.result).toEqual({ applied: true, sliceUs: 100, defaultSliceUs: r.before });
      // SCHED_FLAG_RESET_ON_FORK: a worker started afterwards is back on the default.
      expect(r.worker.slice).toBe(r.before);
      // The event loop now preempts the journal's checkpointer anyway: it keeps the priority it inherits (nice 3 here).
      expect(r.checkpointerNice).toContain(3);
      expect(r.checkpointerNice).not.toContain(19);
    } else {
      expect(r.result).toEqual({ applied: false, reason: expect.stringMatching(/Linux 6\.12|per-thread scheduler slice/) });
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

  it('reads AIO_EVENT_LOOP_SLICE_US: 100 µs by default, 0 to turn off, a clear error otherwise', () => {
    expect(loadConfig({}).eventLoopSliceUs).toBe(100);
    expect(loadConfig({ AIO_EVENT_LOOP_SLICE_US: '0' }).eventLoopSliceUs).toBe(0);
    expect(loadConfig({ AIO_EVENT_LOOP_SLICE_US: '250' }).eventLoopSliceUs).toBe(250);
    expect(() => loadConfig({ AIO_EVENT_LOOP_SLICE_US: '50' })).toThrow('AIO_EVENT_LOOP_SLICE_US=50 is not valid: use 0');
    expect(() => loadConfig({ AIO_EVENT_LOOP_SLICE_US: 'fast' })).toThrow('AIO_EVENT_LOOP_SLICE_US=fast is not valid');
    expect(() => loadConfig({ AIO_EVENT_LOOP_SLICE_US: '200000' })).toThrow('from 0 to 100000');
  });
});
