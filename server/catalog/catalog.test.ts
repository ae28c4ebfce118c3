import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CatalogError, DataCatalog, timeframeMs } from './catalog.ts';
import { CHUNK_ROWS } from './chunk-codec.ts';

const K = { instrument: 'BTCUSDT.BINANCE', kind: 'bars' as const, timeframe: '1m' };
const M = 60_000;

function bars(from: number, n: number, base = 100) {
  const time = new Float64Array(n);
  const open = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    time[i] = (from + i) * M;
    open[i] = base + from + i;
  }
  return { time, open, high: open.map((x) => x + 1), low: open.map((x) => x - 1), close: open.slice(), volume: new Float64Array(n).fill(2) };
}

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

describe('DataCatalog', () => {
  it('append then range reads (inclusive bounds), across chunk boundaries', () => {
    const c = new DataCatalog();
    const n = CHUNK_ROWS * 2 + 100;
    expect(c.append(K, bars(0, n))).toEqual({ appended: n, skipped: 0, replaced: 0 });
    const all = c.read(K);
    expect(all.time.length).toBe(n);
    expect(all.open[n - 1]).toBe(100 + n - 1);
    const r = c.read(K, (CHUNK_ROWS - 2) * M, (CHUNK_ROWS + 1) * M);
    expect(Array.from(r.time)).toEqual([CHUNK_ROWS - 2, CHUNK_ROWS - 1, CHUNK_ROWS, CHUNK_ROWS + 1].map((i) => i * M));
    expect(Array.from(r.open)).toEqual([CHUNK_ROWS - 2, CHUNK_ROWS - 1, CHUNK_ROWS, CHUNK_ROWS + 1].map((i) => 100 + i));
    expect(c.read(K, 5 * M, 7 * M, 2).time.length).toBe(2);
    expect(c.info(K)).toMatchObject({ rows: n, first: 0, last: (n - 1) * M, chunks: 3 });
  });

  it('appends fill the tail chunk; earlier chunks are never rewritten', () => {
    const c = new DataCatalog();
    c.append(K, bars(0, CHUNK_ROWS + 10));
    const firstBlob = c.db.prepare('SELECT data FROM chunks ORDER BY start_ts LIMIT 1').get() as { data: Buffer };
    for (let i = 0; i < 5; i++) c.append(K, bars(CHUNK_ROWS + 10 + i * 3, 3));
    const again = c.db.prepare('SELECT data FROM chunks ORDER BY start_ts LIMIT 1').get() as { data: Buffer };
    expect(Buffer.compare(firstBlob.data, again.data)).toBe(0);
    expect(c.info(K)).toMatchObject({ rows: CHUNK_ROWS + 25, chunks: 2 });
    expect(Array.from(c.read(K).time.subarray(-3))).toEqual([CHUNK_ROWS + 22, CHUNK_ROWS + 23, CHUNK_ROWS + 24].map((i) => i * M));
  });

  it('overlap: reject by default, skip to resume, replace to correct', () => {
    const c = new DataCatalog();
    c.append(K, bars(0, 10));
    expect(() => c.append(K, bars(8, 5))).toThrow(CatalogError);
    expect(c.append(K, bars(8, 5), 'skip')).toEqual({ appended: 3, skipped: 2, replaced: 0 });
    expect(c.info(K)?.rows).toBe(13);
    const fix = bars(3, 2, 1000);
    expect(c.append(K, fix, 'replace')).toMatchObject({ replaced: 2 });
    const r = c.read(K);
    expect(r.time.length).toBe(13);
    expect(Array.from(r.open.subarray(2, 6))).toEqual([102, 1003, 1004, 105]);
  });

  it('a failing append leaves nothing behind (one transaction)', () => {
    const c = new DataCatalog();
    const b = bars(0, 5);
    b.time[3] = b.time[1];
    expect(() => c.append(K, b)).toThrow(/row 4 .* before row 3/);
    expect(c.list()).toEqual([]);
  });

  it('ticks allow equal timestamps; series are listed; readLast', () => {
    const c = new DataCatalog();
    const q = { instrument: 'EURUSD.DUKASCOPY', kind: 'quotes' as const, timeframe: '' };
    c.append(q, { time: Float64Array.of(1, 1, 2), bid: Float64Array.of(1, 1.1, 1.2), ask: Float64Array.of(2, 2, 2), bidSize: Float64Array.of(1, 1, 1), askSize: Float64Array.of(1, 1, 1) });
    c.append(K, bars(0, 100));
    expect(c.list().map((s) => `${s.instrument}/${s.kind}/${s.timeframe}:${s.rows}`)).toEqual(['BTCUSDT.BINANCE/bars/1m:100', 'EURUSD.DUKASCOPY/quotes/:3']);
    expect(Array.from(c.readLast(K, 3).time)).toEqual([97 * M, 98 * M, 99 * M]);
    expect(Array.from(c.readLast(K, 2, 50 * M).time)).toEqual([49 * M, 50 * M]);
  });

  it('persists across reopen (file on disk)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cat-'));
    dirs.push(dir);
    const p = join(dir, 'catalog.sqlite');
    const a = new DataCatalog(p);
    a.append(K, bars(0, 50));
    a.close();
    const b = new DataCatalog(p);
    expect(b.read(K).time.length).toBe(50);
    b.close();
  });

  it('bad keys are refused with the expected form', () => {
    const c = new DataCatalog();
    expect(() => c.append({ ...K, instrument: 'BTCUSDT' }, bars(0, 1))).toThrow(/SYMBOL\.VENUE/);
    expect(() => c.append({ ...K, timeframe: 'minute' }, bars(0, 1))).toThrow(/1m, 5m/);
    expect(timeframeMs('4h')).toBe(4 * 3_600_000);
  });
});
