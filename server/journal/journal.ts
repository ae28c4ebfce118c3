import { hash } from 'node:crypto';
import Database from 'better-sqlite3';
import { BackgroundCheckpointer } from './checkpointer.ts';

/** One journal row. `hash = sha256(prevHash \n seq \n ts \n kind \n payload)`, `prevHash` = the previous row's hash. */
export interface JournalEntry {
  seq: number;
  /** Epoch ms UTC when the gateway appended it. */
  ts: number;
  /** What happened, e.g. 'gateway.started', 'order.submitted', 'operator.note'. */
  kind: string;
  /** JSON text exactly as stored and hashed. */
  payload: string;
  prevHash: string;
  hash: string;
}

export type VerifyResult =
  | { ok: true; rows: number; head: { seq: number; hash: string } }
  | { ok: false; rows: number; badSeq: number; reason: string };

export const GENESIS_HASH = '0'.repeat(64);

export function entryHash(prevHash: string, seq: number, ts: number, kind: string, payload: string): string {
  // Fields joined by newlines; kind cannot contain one (checked on append) and payload is last, so the split is unique.
  // One-shot crypto.hash: no Hash object per append (each is a weak handle that every young-generation GC of the
  // gateway walks: ~7 per order were a third of each scavenge's pause).
  return hash('sha256', `${prevHash}\n${seq}\n${ts}\n${kind}\n${payload}`, 'hex');
}

const KIND = /^[a-z][a-z0-9_.-]{0,63}$/;

/**
 * How hard an append is pushed to the disk (docs/gateway.md, "Journal durability"):
 * - 'normal' (default): WAL with synchronous=NORMAL. A commit is written to the WAL file (the OS page cache) before
 *   `append` returns, so it survives the process being killed (SIGKILL, OOM, a crash: the crash tests prove it); an
 *   OS crash or power loss may lose the last commits since the previous checkpoint. No fsync per order: ~20x faster.
 * - 'full': synchronous=FULL, an fsync per commit: survives power loss too, at ~2-40 ms per commit on a busy disk.
 */
export type JournalSync = 'normal' | 'full';

export interface JournalOptions {
  /**
   * Checkpoint the WAL from a worker thread instead of inside the commit that fills it (BackgroundCheckpointer): the
   * gateway sets it so no order waits for a checkpoint's fsyncs. Off by default (SQLite's auto-checkpoint).
   */
  backgroundCheckpoint?: boolean | { everyMs?: number; maxFrames?: number };
}

/**
 * Append-only, hash-chained journal of every command and event, in SQLite (better-sqlite3) with WAL; see JournalSync
 * for what a returned append survives.
 * Triggers refuse UPDATE and DELETE; whoever bypasses them (editing the file) breaks the chain, which `verify` finds.
 * The chain cannot reveal rows cut off the end: compare `head()` with a copy kept elsewhere (an audit export) for that.
 */
export class Journal {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private last: { seq: number; hash: string };
  /** appendMany's transaction, made once (better-sqlite3 builds a wrapper per `transaction()` call). */
  private readonly appendAll: (items: ReadonlyArray<{ kind: string; payload: unknown; ts: number }>, out: JournalEntry[]) => void;
  /** The worker that checkpoints the WAL, when JournalOptions.backgroundCheckpoint is set. */
  readonly checkpointer?: BackgroundCheckpointer;
  /** Called after each durable append (the gateway publishes it on the WebSocket topic `journal.<kind>`). */
  onAppend?: (e: JournalEntry) => void;

  constructor(
    readonly path: string,
    readonly sync: JournalSync = 'normal',
    opts: JournalOptions = {},
  ) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(sync === 'full' ? 'synchronous = FULL' : 'synchronous = NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS journal (
        seq INTEGER PRIMARY KEY,
        ts INTEGER NOT NULL,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE TRIGGER IF NOT EXISTS journal_no_update BEFORE UPDATE ON journal
        BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
      CREATE TRIGGER IF NOT EXISTS journal_no_delete BEFORE DELETE ON journal
        BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
    `);
    this.insert = this.db.prepare('INSERT INTO journal (seq, ts, kind, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)');
    const row = this.db.prepare('SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
    this.last = row ?? { seq: 0, hash: GENESIS_HASH };
    this.appendAll = this.db.transaction((items: ReadonlyArray<{ kind: string; payload: unknown; ts: number }>, out: JournalEntry[]) => {
      for (const it of items) out.push(this.append(it.kind, it.payload, it.ts));
    });
    if (opts.backgroundCheckpoint) {
      this.db.pragma('wal_autocheckpoint = 0');
      const o = typeof opts.backgroundCheckpoint === 'object' ? opts.backgroundCheckpoint : {};
      this.checkpointer = new BackgroundCheckpointer(path, {
        ...o,
        // Without its checkpointer the WAL would grow for ever: the commits take the work back.
        onError: () => {
          if (this.db.open) this.db.pragma('wal_autocheckpoint = 1000');
        },
      });
    }
  }

  /** Appends one entry (committed when it returns; see JournalSync). `payload` must be JSON-serialisable. */
  append(kind: string, payload: unknown, ts: number): JournalEntry {
    if (!KIND.test(kind)) throw new Error(`journal: kind '${kind}' must match ${KIND}`);
    const text = JSON.stringify(payload ?? null);
    const seq = this.last.seq + 1;
    const prevHash = this.last.hash;
    const hash = entryHash(prevHash, seq, ts, kind, text);
    this.insert.run(seq, ts, kind, text, prevHash, hash);
    this.last = { seq, hash };
    const entry = { seq, ts, kind, payload: text, prevHash, hash };
    this.onAppend?.(entry);
    return entry;
  }

  /**
   * Appends several entries in one transaction (one disk sync): all or none. The gateway commits the command and
   * every event it caused together, before it answers the request.
   */
  appendMany(items: ReadonlyArray<{ kind: string; payload: unknown; ts: number }>): JournalEntry[] {
    if (items.length === 0) return [];
    const saved = { ...this.last };
    const out: JournalEntry[] = [];
    const listener = this.onAppend;
    this.onAppend = undefined;
    try {
      this.appendAll(items, out);
    } catch (e) {
      this.last = saved; // the transaction rolled back: so does the chain head
      throw e;
    } finally {
      this.onAppend = listener;
    }
    for (const e of out) listener?.(e);
    return out;
  }

  head(): { seq: number; hash: string } {
    return { ...this.last };
  }

  /** Entries with seq >= fromSeq, in order, at most `limit`. */
  entries(fromSeq = 1, limit = 10_000): JournalEntry[] {
    return this.db
      .prepare('SELECT seq, ts, kind, payload, prev_hash AS prevHash, hash FROM journal WHERE seq >= ? ORDER BY seq LIMIT ?')
      .all(fromSeq, limit) as JournalEntry[];
  }

  /** Recomputes the whole chain: every row's hash, its link to the previous row, and gap-free sequence numbers. */
  verify(): VerifyResult {
    let prev = GENESIS_HASH;
    let expectSeq = 1;
    let rows = 0;
    const it = this.db.prepare('SELECT seq, ts, kind, payload, prev_hash AS prevHash, hash FROM journal ORDER BY seq').iterate() as IterableIterator<JournalEntry>;
    for (const e of it) {
      if (e.seq !== expectSeq) return { ok: false, rows, badSeq: expectSeq, reason: `row ${expectSeq} is missing (next row is ${e.seq})` };
      if (e.prevHash !== prev) return { ok: false, rows, badSeq: e.seq, reason: `row ${e.seq} does not link to row ${e.seq - 1} (prev_hash differs)` };
      if (entryHash(e.prevHash, e.seq, e.ts, e.kind, e.payload) !== e.hash) {
        return { ok: false, rows, badSeq: e.seq, reason: `row ${e.seq} was altered (its hash does not match its content)` };
      }
      prev = e.hash;
      expectSeq++;
      rows++;
    }
    return { ok: true, rows, head: { seq: expectSeq - 1, hash: prev } };
  }

  close(): void {
    this.checkpointer?.close();
    if (this.db.open) this.db.close();
  }

  /** Resolves once close() has finished everywhere (the checkpointer's thread has exited too). */
  async closed(): Promise<void> {
    await this.checkpointer?.exited;
  }
}

const CSV_COLUMNS = ['seq', 'ts', 'time', 'kind', 'payload', 'prev_hash', 'hash'] as const;

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV of journal entries, with an ISO time column beside the epoch-ms one for people. */
export function journalCsv(entries: JournalEntry[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const e of entries) {
    lines.push([String(e.seq), String(e.ts), new Date(e.ts).toISOString(), e.kind, e.payload, e.prevHash, e.hash].map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
