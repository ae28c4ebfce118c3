/**
 * The gateway's data catalog: bars and ticks per instrument and bar type, in one SQLite file (WAL).
 *
 * Layout (see docs/data.md for the measurement behind it): a `series` row per (instrument, kind, timeframe) and
 * its data in `chunks` of up to 4,096 rows, each a column-major float64 blob keyed by (series, start time).
 *  - Range reads touch only the chunks that overlap [from, to] (primary-key range scan) and copy column runs.
 *  - Appends add chunks; only the open tail chunk (< 4,096 rows) is ever rewritten, history never is.
 *  - Every write is one transaction: an import or backfill page lands completely or not at all.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { fieldsOf, lowerBound, type BarColumns, type Columns, type DataKind, type QuoteColumns, type TradeColumns } from '../../shared/data/columns.ts';
import { CHUNK_ROWS, chunkTime, copyChunkRows, decodeChunk, encodeChunk } from './chunk-codec.ts';

export interface SeriesKey {
  instrument: string;
  kind: DataKind;
  /** Bar timeframe ('1m', '1h', '1d', ...); '' for ticks. */
  timeframe: string;
}

export interface SeriesInfo extends SeriesKey {
  rows: number;
  first: number | null;
  last: number | null;
  chunks: number;
}

export type OverlapPolicy = 'reject' | 'skip' | 'replace';

export interface AppendResult {
  appended: number;
  skipped: number;
  replaced: number;
}

export class CatalogError extends Error {
  override name = 'CatalogError';
  constructor(
    readonly code: 'OVERLAP' | 'UNSORTED' | 'BAD_INPUT' | 'NOT_FOUND',
    message: string,
  ) {
    super(message);
  }
}

const TIMEFRAME_RE = /^[1-9]\d*(s|m|h|d|w)$/;

export function seriesLabel(k: SeriesKey): string {
  return k.kind === 'bars' ? `${k.instrument} ${k.timeframe} bars` : `${k.instrument} ${k.kind}`;
}

interface ChunkRow {
  start_ts: number;
  end_ts: number;
  rows: number;
  data: Buffer;
}

export class DataCatalog {
  readonly db: Db;

  constructor(readonly path: string = ':memory:') {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    // 64 KiB pages: a 4096-row chunk (~200 KB) spans 3 pages instead of 50 overflow pages (only applies to new files).
    this.db.pragma('page_size = 65536');
    this.db.pragma('journal_mode = WAL');
    // Memory-mapped reads skip a copy through SQLite's page cache; large range reads are ~2x faster.
    this.db.pragma('mmap_size = 268435456');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS series (
        id INTEGER PRIMARY KEY,
        instrument TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('bars','quotes','trades')),
        timeframe TEXT NOT NULL,
        fields TEXT NOT NULL,
        rows INTEGER NOT NULL DEFAULT 0,
        first_ts REAL,
        last_ts REAL,
        UNIQUE (instrument, kind, timeframe)
      );
      CREATE TABLE IF NOT EXISTS chunks (
        series_id INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
        start_ts REAL NOT NULL,
        end_ts REAL NOT NULL,
        rows INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (series_id, start_ts)
      ) WITHOUT ROWID;
    `);
  }

  close(): void {
    this.db.close();
  }

  private seriesId(k: SeriesKey): number | undefined {
    const r = this.db.prepare('SELECT id FROM series WHERE instrument = ? AND kind = ? AND timeframe = ?').get(k.instrument, k.kind, k.timeframe) as { id: number } | undefined;
    return r?.id;
  }

  private ensureSeries(k: SeriesKey): number {
    validateKey(k);
    const id = this.seriesId(k);
    if (id !== undefined) return id;
    return Number(this.db.prepare('INSERT INTO series (instrument, kind, timeframe, fields) VALUES (?, ?, ?, ?)').run(k.instrument, k.kind, k.timeframe, fieldsOf(k.kind).join(',')).lastInsertRowid);
  }

  list(): SeriesInfo[] {
    const rows = this.db.prepare('SELECT s.instrument, s.kind, s.timeframe, s.rows, s.first_ts AS first, s.last_ts AS last, (SELECT COUNT(*) FROM chunks c WHERE c.series_id = s.id) AS chunks FROM series s ORDER BY instrument, kind, timeframe').all() as SeriesInfo[];
    return rows;
  }

  info(k: SeriesKey): SeriesInfo | undefined {
    return this.list().find((s) => s.instrument === k.instrument && s.kind === k.kind && s.timeframe === k.timeframe);
  }

  /** Last stored timestamp, for resumable backfills. */
  lastTime(k: SeriesKey): number | null {
    const r = this.db.prepare('SELECT last_ts FROM series WHERE instrument = ? AND kind = ? AND timeframe = ?').get(k.instrument, k.kind, k.timeframe) as { last_ts: number | null } | undefined;
    return r?.last_ts ?? null;
  }

  /**
   * Appends rows (time-sorted; strictly increasing for bars, non-decreasing for ticks) in one transaction.
   * Rows at or before the stored end: 'reject' (default) throws, 'skip' ignores them (resume a backfill),
   * 'replace' rewrites only the chunks they overlap.
   */
  append(k: SeriesKey, input: Columns | BarColumns | QuoteColumns | TradeColumns, onOverlap: OverlapPolicy = 'reject'): AppendResult {
    const cols = input as unknown as Columns;
    const fields = fieldsOf(k.kind);
    for (const f of fields) if (!(cols[f] instanceof Float64Array)) throw new CatalogError('BAD_INPUT', `${seriesLabel(k)}: column '${f}' is missing or not a Float64Array`);
    const n = cols.time.length;
    for (const f of fields) if (cols[f].length !== n) throw new CatalogError('BAD_INPUT', `${seriesLabel(k)}: column '${f}' has ${cols[f].length} rows, time has ${n}`);
    const strict = k.kind === 'bars';
    for (let i = 1; i < n; i++) {
      const t = cols.time[i];
      const p = cols.time[i - 1];
      if (t < p || (strict && t === p) || !Number.isFinite(t))
        throw new CatalogError('UNSORTED', `${seriesLabel(k)}: row ${i + 1} time ${t} is ${t === p ? 'a duplicate of' : 'before'} row ${i} (${p}); sort and de-duplicate first (aio quality)`);
    }
    const tx = this.db.transaction((): AppendResult => {
      const id = this.ensureSeries(k);
      const last = this.lastTime(k);
      let from = 0;
      let replaced = 0;
      if (last !== null && n > 0 && (strict ? cols.time[0] <= last : cols.time[0] < last)) {
        if (onOverlap === 'reject')
          throw new CatalogError('OVERLAP', `${seriesLabel(k)}: new data starts at ${iso(cols.time[0])}, at or before the stored end ${iso(last)}; use overlap 'skip' to keep stored rows or 'replace' to overwrite`);
        if (onOverlap === 'skip') from = strict ? upperBound(cols.time, last) : lowerBound(cols.time, last + 1e-9);
        else {
          replaced = this.replaceOverlap(id, k, cols);
          return this.finishAppend(id, k, { appended: n - replaced, skipped: 0, replaced });
        }
      }
      this.writeRows(id, k, cols, from, n);
      return this.finishAppend(id, k, { appended: n - from, skipped: from, replaced: 0 });
    });
    return tx();
  }

  private finishAppend(id: number, k: SeriesKey, r: AppendResult): AppendResult {
    this.db
      .prepare('UPDATE series SET rows = (SELECT COALESCE(SUM(rows),0) FROM chunks WHERE series_id = ?), first_ts = (SELECT MIN(start_ts) FROM chunks WHERE series_id = ?), last_ts = (SELECT MAX(end_ts) FROM chunks WHERE series_id = ?) WHERE id = ?')
      .run(id, id, id, id);
    void k;
    return r;
  }

  /** Writes rows [from, to) after the stored end, topping up the open tail chunk first. */
  private writeRows(id: number, k: SeriesKey, cols: Columns, from: number, to: number): void {
    if (from >= to) return;
    const fields = fieldsOf(k.kind);
    const ins = this.db.prepare('INSERT INTO chunks (series_id, start_ts, end_ts, rows, data) VALUES (?, ?, ?, ?, ?)');
    const tail = this.db.prepare('SELECT start_ts, end_ts, rows, data FROM chunks WHERE series_id = ? ORDER BY start_ts DESC LIMIT 1').get(id) as ChunkRow | undefined;
    let src = cols;
    let a = from;
    let b = to;
    if (tail && tail.rows < CHUNK_ROWS) {
      // Merge the tail chunk with the new rows and rewrite it: the only rewrite an append ever does.
      const old = decodeChunk(tail.data, tail.rows, fields);
      src = {};
      for (const f of fields) {
        const d = new Float64Array(tail.rows + (to - from));
        d.set(old[f], 0);
        d.set(cols[f].subarray(from, to), tail.rows);
        src[f] = d;
      }
      this.db.prepare('DELETE FROM chunks WHERE series_id = ? AND start_ts = ?').run(id, tail.start_ts);
      a = 0;
      b = src.time.length;
    }
    for (let s = a; s < b; s += CHUNK_ROWS) {
      const e = Math.min(b, s + CHUNK_ROWS);
      ins.run(id, src.time[s], src.time[e - 1], e - s, encodeChunk(src, fields, s, e));
    }
  }

  /** Overwrites the stored rows in [first new, last new] with the new rows (chunk-wise rewrite). */
  private replaceOverlap(id: number, k: SeriesKey, cols: Columns): number {
    const fields = fieldsOf(k.kind);
    const n = cols.time.length;
    const lo = cols.time[0];
    const hi = cols.time[n - 1];
    const affected = this.db.prepare('SELECT start_ts, end_ts, rows, data FROM chunks WHERE series_id = ? AND end_ts >= ? ORDER BY start_ts').all(id, lo) as ChunkRow[];
    // Keep stored rows outside [lo, hi], take all new rows, merge by time.
    const keepParts: Columns[] = [];
    let replaced = 0;
    for (const c of affected) {
      const d = decodeChunk(c.data, c.rows, fields);
      const a = lowerBound(d.time, lo);
      const b = upperBound(d.time, hi);
      replaced += b - a;
      if (a > 0) keepParts.push(sliceCols(d, fields, 0, a));
      if (b < c.rows) keepParts.push(sliceCols(d, fields, b, c.rows));
    }
    const before = keepParts.filter((p) => p.time[p.time.length - 1] < lo);
    const after = keepParts.filter((p) => p.time[0] > hi);
    const merged = concat([...before, cols, ...after], fields);
    this.db.prepare('DELETE FROM chunks WHERE series_id = ? AND end_ts >= ?').run(id, lo);
    this.writeRows(id, k, merged, 0, merged.time.length);
    return replaced;
  }

  /** Rows with from <= time <= to (inclusive), at most `limit` (the first ones). */
  read(k: SeriesKey, from = -Infinity, to = Infinity, limit = Infinity): Columns {
    const fields = fieldsOf(k.kind);
    const id = this.seriesId(k);
    const empty = (): Columns => Object.fromEntries(fields.map((f) => [f, new Float64Array(0)]));
    if (id === undefined) return empty();
    const chunks = this.db
      .prepare('SELECT start_ts, end_ts, rows, data FROM chunks WHERE series_id = ? AND start_ts <= ? AND end_ts >= ? ORDER BY start_ts')
      .all(id, Number.isFinite(to) ? to : Number.MAX_VALUE, Number.isFinite(from) ? from : -Number.MAX_VALUE) as ChunkRow[];
    // First pass: row ranges per chunk (only the first and last chunk need a search).
    const ranges: [number, number][] = [];
    let total = 0;
    for (let i = 0; i < chunks.length && total < limit; i++) {
      const c = chunks[i];
      let a = 0;
      let b = c.rows;
      if (c.start_ts < from || c.end_ts > to) {
        const t = chunkTime(c.data, c.rows);
        a = lowerBound(t, from);
        b = upperBound(t, to);
      }
      b = Math.min(b, a + (limit - total));
      ranges.push([a, b]);
      total += Math.max(0, b - a);
    }
    const out: Columns = {};
    for (const f of fields) out[f] = new Float64Array(total);
    let at = 0;
    ranges.forEach(([a, b], i) => {
      if (b <= a) return;
      copyChunkRows(chunks[i].data, chunks[i].rows, fields, a, b, out, at);
      at += b - a;
    });
    return out;
  }

  /** The last `count` rows at or before `to` (chart "latest N bars"). */
  readLast(k: SeriesKey, count: number, to = Infinity): Columns {
    const fields = fieldsOf(k.kind);
    const id = this.seriesId(k);
    if (id === undefined) return Object.fromEntries(fields.map((f) => [f, new Float64Array(0)]));
    const chunks = (this.db.prepare('SELECT start_ts, end_ts, rows, data FROM chunks WHERE series_id = ? AND start_ts <= ? ORDER BY start_ts DESC').iterate(id, Number.isFinite(to) ? to : Number.MAX_VALUE) as IterableIterator<ChunkRow>);
    let need = count;
    let from = -Infinity;
    for (const c of chunks) {
      const t = chunkTime(c.data, c.rows);
      const b = upperBound(t, to);
      if (b >= need) {
        from = t[b - need];
        need = 0;
        break;
      }
      need -= b;
    }
    return this.read(k, need > 0 ? -Infinity : from, to);
  }

  delete(k: SeriesKey): boolean {
    const id = this.seriesId(k);
    if (id === undefined) return false;
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM chunks WHERE series_id = ?').run(id);
      this.db.prepare('DELETE FROM series WHERE id = ?').run(id);
    })();
    return true;
  }
}

function validateKey(k: SeriesKey): void {
  if (!/^[^\s.]+\.[A-Za-z0-9_-]+$/.test(k.instrument)) throw new CatalogError('BAD_INPUT', `instrument '${k.instrument}' is not SYMBOL.VENUE (e.g. BTCUSDT.BINANCE)`);
  if (k.kind === 'bars' && !TIMEFRAME_RE.test(k.timeframe)) throw new CatalogError('BAD_INPUT', `timeframe '${k.timeframe}' is invalid: use e.g. 1m, 5m, 1h, 1d`);
  if (k.kind !== 'bars' && k.timeframe !== '') throw new CatalogError('BAD_INPUT', `ticks have no timeframe (got '${k.timeframe}')`);
}

export function timeframeMs(tf: string): number {
  const m = /^([1-9]\d*)(s|m|h|d|w)$/.exec(tf);
  if (!m) throw new CatalogError('BAD_INPUT', `timeframe '${tf}' is invalid: use e.g. 1m, 5m, 1h, 1d`);
  return Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2] as 's']!;
}

function upperBound(t: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sliceCols(c: Columns, fields: readonly string[], a: number, b: number): Columns {
  return Object.fromEntries(fields.map((f) => [f, c[f].slice(a, b)]));
}

function concat(parts: Columns[], fields: readonly string[]): Columns {
  const n = parts.reduce((s, p) => s + p.time.length, 0);
  const out: Columns = {};
  for (const f of fields) {
    const d = new Float64Array(n);
    let o = 0;
    for (const p of parts) {
      d.set(p[f], o);
      o += p[f].length;
    }
    out[f] = d;
  }
  return out;
}

const iso = (t: number): string => new Date(t).toISOString();
