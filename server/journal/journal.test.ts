import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, Journal, journalCsv } from './journal.ts';

const fresh = (): string => join(mkdtempSync(join(tmpdir(), 'aio-journal-')), 'journal.sqlite');
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

/** Opens the file behind the journal's back, as an attacker with file access would, triggers removed. */
function tamper(path: string, sql: string): void {
  const db = new Database(path);
  db.exec('DROP TRIGGER journal_no_update; DROP TRIGGER journal_no_delete;');
  db.exec(sql);
  db.close();
}

describe('Journal', () => {
  it('chains rows: hash = sha256(prev_hash \\n seq \\n ts \\n kind \\n payload), computed independently', () => {
    const j = new Journal(fresh());
    const a = j.append('order.submitted', { id: 'O-1', qty: 2 }, 1000);
    const b = j.append('order.filled', { id: 'O-1', px: 101.5 }, 2000);
    expect(a.prevHash).toBe(GENESIS_HASH);
    expect(a.hash).toBe(sha(`${'0'.repeat(64)}\n1\n1000\norder.submitted\n{"id":"O-1","qty":2}`));
    expect(b.prevHash).toBe(a.hash);
    expect(b.hash).toBe(sha(`${a.hash}\n2\n2000\norder.filled\n{"id":"O-1","px":101.5}`));
    expect(j.verify()).toEqual({ ok: true, rows: 2, head: { seq: 2, hash: b.hash } });
    j.close();
  });

  it('uses WAL, survives reopening and continues the chain', () => {
    const path = fresh();
    const j = new Journal(path);
    j.append('a', 1, 1);
    j.close();
    const db = new Database(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    const k = new Journal(path);
    const e = k.append('b', 2, 2);
    expect(e.seq).toBe(2);
    expect(k.verify().ok).toBe(true);
    k.close();
  });

  it('refuses UPDATE and DELETE through SQL (append-only triggers)', () => {
    const path = fresh();
    const j = new Journal(path);
    j.append('a', { x: 1 }, 1);
    j.close();
    const db = new Database(path);
    expect(() => db.exec("UPDATE journal SET payload = '{\"x\":2}'")).toThrow(/append-only/);
    expect(() => db.exec('DELETE FROM journal')).toThrow(/append-only/);
    db.close();
  });

  const cases: Array<[string, string, number, RegExp]> = [
    ['an edited payload', `UPDATE journal SET payload = '{"qty":200}' WHERE seq = 2`, 2, /row 2 was altered/],
    ['an edited time', 'UPDATE journal SET ts = 5 WHERE seq = 3', 3, /row 3 was altered/],
    ['a deleted row', 'DELETE FROM journal WHERE seq = 2', 2, /row 2 is missing/],
    ['a re-hashed row (chain broken after it)', '', 3, /row 3 does not link/],
  ];
  for (const [name, sql, badSeq, reason] of cases) {
    it(`detects ${name}`, () => {
      const path = fresh();
      const j = new Journal(path);
      j.append('order.submitted', { qty: 2 }, 1);
      j.append('order.submitted', { qty: 3 }, 2);
      j.append('order.filled', { qty: 3 }, 3);
      j.append('order.filled', { qty: 2 }, 4);
      j.close();
      if (sql) tamper(path, sql);
      else {
        // A forger who also recomputes row 2's own hash still breaks the link from row 3.
        const forged = sha(`${new Journal(path).entries(1, 1)[0].hash}\n2\n2\norder.submitted\n{"qty":300}`);
        tamper(path, `UPDATE journal SET payload = '{"qty":300}', hash = '${forged}' WHERE seq = 2`);
      }
      const v = new Journal(path).verify();
      expect(v.ok).toBe(false);
      if (!v.ok) {
        expect(v.badSeq).toBe(badSeq);
        expect(v.reason).toMatch(reason);
      }
    });
  }

  it('exports RFC 4180 CSV with quoting', () => {
    const j = new Journal(fresh());
    j.append('operator.note', { text: 'paused, "FOMC"\nback at 15:00' }, Date.UTC(2024, 0, 2, 3, 4, 5));
    const csv = journalCsv(j.entries());
    const [header, row] = csv.split('\r\n');
    expect(header).toBe('seq,ts,time,kind,payload,prev_hash,hash');
    expect(row.startsWith(`1,${Date.UTC(2024, 0, 2, 3, 4, 5)},2024-01-02T03:04:05.000Z,operator.note,"{""text"":""paused, \\""FOMC\\""\\nback at 15:00""}",`)).toBe(true);
    j.close();
  });

  it('rejects kinds that could blur the hashed fields', () => {
    const j = new Journal(fresh());
    expect(() => j.append('bad\nkind', {}, 1)).toThrow(/kind/);
    j.close();
  });
});

describe('Journal.appendMany', () => {
  it('commits a batch atomically and keeps the chain; a failing batch leaves nothing behind', () => {
    const j = new Journal(fresh());
    const seen: number[] = [];
    j.onAppend = (e) => seen.push(e.seq);
    j.append('a', 1, 1);
    const batch = j.appendMany([
      { kind: 'command.submit_order', payload: { id: 1 }, ts: 2 },
      { kind: 'order.filled', payload: { id: 1 }, ts: 2 },
    ]);
    expect(batch.map((e) => e.seq)).toEqual([2, 3]);
    expect(batch[1].prevHash).toBe(batch[0].hash);
    expect(seen).toEqual([1, 2, 3]); // listeners hear a batch only after it committed
    expect(() => j.appendMany([{ kind: 'ok', payload: 1, ts: 3 }, { kind: 'Bad Kind', payload: 1, ts: 3 }])).toThrow(/kind/);
    expect(j.head().seq).toBe(3);
    expect(j.entries().length).toBe(3);
    const next = j.append('after', 1, 4);
    expect(next.seq).toBe(4);
    expect(j.verify().ok).toBe(true);
    j.close();
  });
});
