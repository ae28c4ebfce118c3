import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { eventLoopSliceUs } from '../event-loop-slice.ts';

/** What one `PRAGMA wal_checkpoint(PASSIVE)` reported: WAL frames in the log, and how many of them are in the db now. */
export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

// Plain JS, run with `eval` so it needs no loader (tsx hooks do not reach worker threads on Node 20). It opens its own
// connection to the journal file and copies the WAL into the database every `everyMs`, PASSIVE: it never waits for
// the writer and the writer never waits for it (SQLite lets one checkpointer run beside one writer).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
// Where the event loop has the default scheduler slice, this thread's priority is lowered (nice 19, Linux:
// setpriority on a thread id applies to that thread only): a checkpoint copies pages and fsyncs for a few ms, and at
// normal priority its wake-up every second preempted the event loop in the middle of an order on a busy core. It
// still runs whenever a core is free. (checkpointerNice says when.)
if (workerData.nice !== undefined) {
  try {
    const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) require('node:os').setPriority(tid, workerData.nice);
  } catch {
    // Not Linux, or not permitted: it runs at normal priority.
  }
}
const Database = require(workerData.sqlite);
const db = new Database(workerData.path, { fileMustExist: true, timeout: 200 });
const checkpoint = () => {
  const r = db.pragma('wal_checkpoint(PASSIVE)')[0];
  // Commits kept landing while checkpoints ran, so the WAL never started over and has grown past maxFrames: RESTART
  // waits for the writer's current commit, and holds its next one for a few ms while it finishes (rare, bounded).
  return r.log > workerData.maxFrames ? db.pragma('wal_checkpoint(RESTART)')[0] : r;
};
let timer;
const tick = () => {
  const r = checkpoint();
  // A commit landed while it ran, so the WAL cannot start over from its beginning yet. Usually the next checkpoint
  // finds a quiet moment; once the WAL has grown to a quarter of maxFrames, try again soon rather than let it grow.
  // (Not always: every checkpoint fsyncs, and fsyncs beside the writer's commits slow them down.)
  const behind = r.checkpointed < r.log && r.log > workerData.maxFrames / 4;
  timer = setTimeout(tick, behind ? workerData.retryMs : workerData.everyMs);
};
timer = setTimeout(tick, workerData.everyMs);
parentPort.on('message', (m) => {
  if (m.kind === 'checkpoint') parentPort.postMessage({ kind: 'checkpointed', id: m.id, result: checkpoint() });
  else if (m.kind === 'close') {
    clearTimeout(timer);
    db.close();
    parentPort.close();
  }
});
`;

/**
 * The checkpointer thread's nice value (undefined: normal priority). AIO_CHECKPOINT_NICE sets it (0-19). Unset: 19,
 * unless the event loop has its short scheduler slice (server/event-loop-slice.ts), which lets it preempt the
 * checkpointer at once anyway. At nice 19 beside busy processes the checkpointer fell behind, the WAL passed maxFrames
 * and a RESTART checkpoint held a commit for ~105 ms (two busy loops on 2 cores); at normal priority the WAL stayed
 * under 5 MB and the slowest order took 8-10 ms.
 */
export function checkpointerNice(env: string | undefined): number | undefined {
  if (env === undefined || env === '') return eventLoopSliceUs() === undefined ? 19 : undefined;
  const n = Number(env);
  if (!Number.isInteger(n) || n < 0 || n > 19) throw new Error(`AIO_CHECKPOINT_NICE=${env} is not valid: use 0 (normal priority) to 19, or leave it unset.`);
  return n === 0 ? undefined : n;
}

/**
 * Moves SQLite's WAL checkpoints off the event loop. With the default auto-checkpoint, the commit that pushes the
 * WAL past 1,000 pages copies it into the database and fsyncs both files before it returns: 3-20 ms, once every ~80
 * orders, inside the order's request (the round trip's p99). The journal's own connection turns auto-checkpoint off
 * and this worker thread checkpoints instead. A commit's durability is unchanged (JournalSync): a checkpoint only
 * moves committed pages from the WAL into the database file.
 */
export class BackgroundCheckpointer {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly waiting = new Map<number, (r: CheckpointResult) => void>();
  private failed: Error | undefined;
  readonly exited: Promise<void>;

  /**
   * `everyMs`: time between checkpoints (default 1 s; 20 ms while a WAL past maxFrames / 4 could not be taken whole).
   * `maxFrames`: WAL frames (4 KiB pages) past which a checkpoint also restarts the WAL (default 4096, 16 MiB).
   */
  constructor(path: string, opts: { everyMs?: number; maxFrames?: number; onError?: (e: Error) => void } = {}) {
    const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
    const nice = checkpointerNice(process.env.AIO_CHECKPOINT_NICE);
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, sqlite, nice, everyMs: opts.everyMs ?? 1000, retryMs: Math.min(20, opts.everyMs ?? 20), maxFrames: opts.maxFrames ?? 4096 } });
    // Never keeps the process alive: a gateway that exits without closing the journal loses nothing (the WAL is
    // replayed when the file is opened again).
    this.worker.unref();
    this.worker.on('message', (m: { kind: string; id: number; result: CheckpointResult }) => {
      if (m.kind !== 'checkpointed') return;
      this.waiting.get(m.id)?.(m.result);
      this.waiting.delete(m.id);
    });
    this.worker.on('error', (e) => {
      this.failed = e;
      opts.onError?.(e);
    });
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
  }

  /** Runs a checkpoint now (tests, or before a backup); resolves with what SQLite reported. */
  checkpoint(): Promise<CheckpointResult> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, resolve);
      this.worker.postMessage({ kind: 'checkpoint', id });
      void this.exited.then(() => {
        if (this.waiting.delete(id)) reject(new Error('journal checkpointer stopped'));
      });
    });
  }

  /** Asks the worker to close its connection and exit; `exited` resolves when it has. */
  close(): void {
    this.worker.postMessage({ kind: 'close' });
  }
}
