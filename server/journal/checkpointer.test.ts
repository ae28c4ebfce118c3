import { copyFileSync, existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { threadNices } from '../event-loop-slice-probe.ts';
import { checkpointerNice } from './checkpointer.ts';
import { Journal } from './journal.ts';

const fresh = (): string => join(mkdtempSync(join(tmpdir(), 'aio-ckpt-')), 'journal.sqlite');
/** ~1 KiB payloads, one commit each: every commit writes at least one 4 KiB WAL frame (the leaf page it changed). */
const ROW = { note: 'x'.repeat(1000) };

/**
 * Rows in the database file alone, read from a copy made without its -wal file: exactly the rows a checkpoint has
 * moved out of the WAL (SQLite reads the WAL first, so a reader of the live file cannot tell the two apart).
 */
function rowsInDbFile(path: string): number {
  const copy = join(mkdtempSync(join(tmpdir(), 'aio-ckpt-copy-')), 'copy.sqlite');
  copyFileSync(path, copy);
  const db = new Database(copy, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM journal').get() as { n: number }).n;
  } catch {
    return 0; // not even the table's creation was checkpointed
  } finally {
    db.close();
  }
}

function appendRows(j: Journal, n: number): void {
  for (let i = 0; i < n; i++) j.appendMany([{ kind: 'operator.note', payload: { i, ...ROW }, ts: i }]);
}

describe('Journal WAL checkpoints', () => {
  it("by default, SQLite's auto-checkpoint runs inside a commit once the WAL passes 1,000 pages (the control)", () => {
    const path = fresh();
    const j = new Journal(path);
    appendRows(j, 2400); // one 4 KiB page per ~1 KiB row plus the index: well past 1,000 pages
    expect(rowsInDbFile(path)).toBeGreaterThan(0);
    j.close();
  });

  it('with backgroundCheckpoint, no commit checkpoints: the rows reach the db file only when the worker runs', async () => {
    const path = fresh();
    // The worker's own timer is pushed out of the test; it checkpoints when asked.
    const j = new Journal(path, 'normal', { backgroundCheckpoint: { everyMs: 600_000 } });
    appendRows(j, 2400);
    expect(rowsInDbFile(path)).toBe(0);
    const r = await j.checkpointer!.checkpoint();
    expect(r.busy).toBe(0);
    expect(r.checkpointed).toBe(r.log);
    expect(r.log).toBeGreaterThan(1000);
    expect(rowsInDbFile(path)).toBe(2400);
    // The WAL starts over at the next commit instead of growing: its size stays what it was.
    const walBytes = statSync(`${path}-wal`).size;
    appendRows(j, 100);
    expect(statSync(`${path}-wal`).size).toBe(walBytes);
    expect(j.verify()).toMatchObject({ ok: true, rows: 2500 });
    j.close();
    await j.closed();
  });

  it('checkpoints on its own timer', async () => {
    const path = fresh();
    const j = new Journal(path, 'normal', { backgroundCheckpoint: { everyMs: 20 } });
    appendRows(j, 50);
    const deadline = Date.now() + 10_000;
    while (rowsInDbFile(path) < 50 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(rowsInDbFile(path)).toBe(50);
    j.close();
    await j.closed();
  });

  it('checkpoints a WAL past maxFrames whole (RESTART) and the next commits reuse the file from its start', async () => {
    const path = fresh();
    const j = new Journal(path, 'normal', { backgroundCheckpoint: { everyMs: 600_000, maxFrames: 100 } });
    appendRows(j, 400);
    const r = await j.checkpointer!.checkpoint();
    expect(r.busy).toBe(0);
    expect(r.log).toBeGreaterThan(100);
    expect(r.checkpointed).toBe(r.log);
    expect(rowsInDbFile(path)).toBe(400);
    const walBytes = statSync(`${path}-wal`).size;
    appendRows(j, 100);
    expect(statSync(`${path}-wal`).size).toBe(walBytes);
    j.close();
    await j.closed();
  });

  it('closes cleanly: the worker exits, the file reopens with every row and the chain verifies', async () => {
    const path = fresh();
    const j = new Journal(path, 'normal', { backgroundCheckpoint: true });
    appendRows(j, 30);
    const head = j.head();
    j.close();
    await j.closed();
    const k = new Journal(path);
    expect(k.head()).toEqual(head);
    expect(k.verify()).toMatchObject({ ok: true, rows: 30 });
    k.close();
    // The last connection to close took the WAL with it.
    expect(existsSync(`${path}-wal`)).toBe(false);
  });
});

describe('the checkpointer thread', () => {
  it.runIf(process.platform === 'linux')('runs at nice 19, the rest of the process at its own priority', async () => {
    const before = threadNices();
    const j = new Journal(fresh(), 'normal', { backgroundCheckpoint: { everyMs: 60_000 } });
    await j.checkpointer!.checkpoint(); // its thread is up and has run
    const added = [...threadNices()].filter(([tid]) => !before.has(tid));
    j.close();
    await j.closed();
    expect(added.map(([, nice]) => nice)).toContain(19);
    expect(threadNices().get(process.pid)).toBe(before.get(process.pid));
  });

  it('reads AIO_CHECKPOINT_NICE: 0-19, unset = automatic, a clear error otherwise', () => {
    // This process's event loop has the default slice.
    expect(checkpointerNice(undefined)).toBe(19);
    expect(checkpointerNice('0')).toBeUndefined();
    expect(checkpointerNice('10')).toBe(10);
    expect(() => checkpointerNice('-5')).toThrow('AIO_CHECKPOINT_NICE=-5 is not valid');
    expect(() => checkpointerNice('low')).toThrow('use 0 (normal priority) to 19');
  });
});
