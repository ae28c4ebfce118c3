// For server/event-loop-slice.test.ts: `node --import tsx server/event-loop-slice-probe.ts <µs>` calls
// shortenEventLoopSlice(<µs>) on the main thread of a fresh process (a vitest worker is not one) at nice 3, and prints
// one JSON line (ProbeReport) of what the kernel says afterwards, read from /proc: the kernel's own account, not ours.
// Also the thread helpers the checkpointer's test reads.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { getPriority, setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { shortenEventLoopSlice, type EventLoopSlice } from './event-loop-slice.ts';
import { Journal } from './journal/journal.ts';

export interface ProbeReport {
  result: EventLoopSlice;
  /** The main thread's slice before and after the call, µs. */
  before: number | null;
  after: number | null;
  /** A worker started after the call: its slice, what the same call does there, and its slice after that. */
  worker: { slice: number | null; inWorker: EventLoopSlice; sliceAfterCall: number | null };
  /** The main thread's nice value after the call. */
  nice: number;
  /** Nice values of the threads a Journal with a background checkpointer started after the call. */
  checkpointerNice: number[];
}

/** The calling thread's scheduler slice (µs) as /proc/thread-self/sched reports it (Linux 6.6+); null if not shown. */
export function threadSliceUs(): number | null {
  try {
    const m = /^se\.slice\s*:\s*(\d+)/m.exec(readFileSync('/proc/thread-self/sched', 'utf8'));
    return m ? Number(m[1]) / 1000 : null;
  } catch {
    return null;
  }
}

/** Nice value of every thread of this process, by thread id (/proc/self/task/<tid>/stat, field 19). */
export function threadNices(): Map<number, number> {
  const m = new Map<number, number>();
  for (const t of readdirSync('/proc/self/task')) {
    try {
      // The command name (field 2) may hold spaces: count fields from the last ')'.
      const stat = readFileSync(`/proc/self/task/${t}/stat`, 'utf8');
      m.set(Number(t), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
    } catch {
      // the thread exited meanwhile
    }
  }
  return m;
}

async function probe(us: number): Promise<ProbeReport> {
  setPriority(0, 3);
  const before = threadSliceUs();
  const result = await shortenEventLoopSlice(us);
  const after = threadSliceUs();
  // Loader hooks do not reach worker threads on Node 20: the worker registers tsx, then loads this file.
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const w = new Worker(boot, { eval: true, workerData: { probeWorker: true } });
  const worker = await new Promise<ProbeReport['worker']>((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
  });
  await w.terminate();
  const threadsBefore = threadNices();
  const keepAlive = setInterval(() => {}, 1000); // the checkpointer's thread is unref()ed
  const j = new Journal(join(mkdtempSync(join(tmpdir(), 'aio-slice-')), 'j.sqlite'), 'normal', { backgroundCheckpoint: { everyMs: 60_000 } });
  await j.checkpointer!.checkpoint(); // its thread is up and has run
  const checkpointerNice = [...threadNices()].filter(([tid]) => !threadsBefore.has(tid)).map(([, n]) => n);
  j.close();
  await j.closed();
  clearInterval(keepAlive);
  return { result, before, after, worker, nice: getPriority(0), checkpointerNice };
}

if (!isMainThread && (workerData as { probeWorker?: boolean } | null)?.probeWorker) {
  const slice = threadSliceUs();
  const inWorker = await shortenEventLoopSlice(100);
  parentPort!.postMessage({ slice, inWorker, sliceAfterCall: threadSliceUs() } satisfies ProbeReport['worker']);
} else if (isMainThread && process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await probe(Number(process.argv[2]))));
}
