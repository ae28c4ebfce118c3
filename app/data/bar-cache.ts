/**
 * The browser's cache of bars it has loaded (IndexedDB through Dexie), so reopening a chart does not refetch.
 *
 * - Chunked: bars are stored in time-aligned chunks of CHUNK_BARS bar intervals per series (instrument +
 *   timeframe), each chunk one column-major Float64Array blob; a range read loads only overlapping chunks.
 * - Eviction: least-recently-used chunks go first whenever the cache passes `maxBytes`.
 * - Quota: when the browser refuses a write (QuotaExceededError), the cache evicts half of itself and retries once;
 *   if that still fails it throws BarCacheQuotaError with what is used and what to do.
 */
import { Dexie, type EntityTable } from 'dexie';
import type { BarColumns } from '../../shared/data/columns.ts';

export const CHUNK_BARS = 2048;
const FIELDS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;
const TF: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export function timeframeMs(tf: string): number {
  const m = /^([1-9]\d*)([smhdw])$/.exec(tf);
  if (!m) throw new RangeError(`timeframe '${tf}' is invalid: use e.g. 1m, 1h, 1d`);
  return Number(m[1]) * TF[m[2]];
}

export interface CachedChunk {
  series: string;
  start: number;
  end: number;
  rows: number;
  bytes: number;
  lastUsed: number;
  data: ArrayBuffer;
}

export interface SeriesRef {
  instrument: string;
  timeframe: string;
}

export interface CacheStats {
  totalBytes: number;
  maxBytes: number;
  series: { series: string; chunks: number; rows: number; bytes: number; first: number; last: number; lastUsed: number }[];
}

export class BarCacheQuotaError extends Error {
  override name = 'BarCacheQuotaError';
}

class BarCacheDb extends Dexie {
  chunks!: EntityTable<CachedChunk, 'series'>;
  constructor(name: string, deps?: { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange }) {
    super(name, deps);
    this.version(1).stores({ chunks: '[series+start], series, lastUsed' });
  }
}

const key = (s: SeriesRef): string => `${s.instrument}|${s.timeframe}`;

function encode(c: BarColumns, a: number, b: number): ArrayBuffer {
  const n = b - a;
  const out = new Float64Array(n * FIELDS.length);
  FIELDS.forEach((f, k) => out.set(c[f].subarray(a, b), k * n));
  return out.buffer;
}

function decode(buf: ArrayBuffer, n: number): BarColumns {
  const all = new Float64Array(buf);
  const c = {} as BarColumns;
  FIELDS.forEach((f, k) => (c[f] = all.slice(k * n, (k + 1) * n)));
  return c;
}

/** Merges two sorted bar sets; on equal times the newer set wins. */
function mergeBars(old: BarColumns, neu: BarColumns): BarColumns {
  const rows: number[] = [];
  let i = 0;
  let j = 0;
  const src: (0 | 1)[] = [];
  while (i < old.time.length || j < neu.time.length) {
    if (j >= neu.time.length || (i < old.time.length && old.time[i] < neu.time[j])) {
      rows.push(i++);
      src.push(0);
    } else {
      if (i < old.time.length && old.time[i] === neu.time[j]) i++;
      rows.push(j++);
      src.push(1);
    }
  }
  const out = {} as BarColumns;
  for (const f of FIELDS) out[f] = Float64Array.from(rows, (r, k) => (src[k] ? neu[f][r] : old[f][r]));
  return out;
}

export interface BarCacheOptions {
  name?: string;
  maxBytes?: number;
  now?: () => number;
  /** For tests (fake-indexeddb) and workers. */
  deps?: { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange };
  /** navigator.storage.estimate, injectable; used only to word the quota message. */
  estimate?: () => Promise<{ usage?: number; quota?: number }>;
}

export class BarCache {
  readonly db: BarCacheDb;
  readonly maxBytes: number;
  private readonly now: () => number;
  private tick = 0;

  constructor(private readonly opts: BarCacheOptions = {}) {
    this.db = new BarCacheDb(opts.name ?? 'aio-bar-cache', opts.deps);
    this.maxBytes = opts.maxBytes ?? 256 * 1024 * 1024;
    this.now = opts.now ?? (() => Date.now());
  }

  /** A strictly increasing use stamp: LRU order stays exact even within one millisecond. */
  private stamp(): number {
    this.tick = Math.max(this.tick + 1, this.now());
    return this.tick;
  }

  /** Stores bars (sorted by time), merging with what is cached; then evicts down to maxBytes. */
  async put(s: SeriesRef, bars: BarColumns): Promise<void> {
    const n = bars.time.length;
    if (n === 0) return;
    const span = timeframeMs(s.timeframe) * CHUNK_BARS;
    const series = key(s);
    const groups: [number, number, number][] = [];
    for (let a = 0; a < n; ) {
      const start = Math.floor(bars.time[a] / span) * span;
      let b = a;
      while (b < n && bars.time[b] < start + span) b++;
      groups.push([start, a, b]);
      a = b;
    }
    const write = async (): Promise<void> => {
      await this.db.transaction('rw', this.db.chunks, async () => {
        for (const [start, a, b] of groups) {
          const part = {} as BarColumns;
          for (const f of FIELDS) part[f] = bars[f].slice(a, b);
          const existing = await this.db.chunks.get([series, start] as never);
          const merged = existing ? mergeBars(decode(existing.data, existing.rows), part) : part;
          const rows = merged.time.length;
          const data = encode(merged, 0, rows);
          await this.db.chunks.put({ series, start, end: merged.time[rows - 1], rows, bytes: data.byteLength, lastUsed: this.stamp(), data });
        }
      });
    };
    try {
      await write();
    } catch (e) {
      if (!isQuota(e)) throw e;
      // The browser is out of room for this site: give back half of the cache and try once more.
      await this.evictTo(Math.floor((await this.totalBytes()) / 2));
      try {
        await write();
      } catch (e2) {
        if (!isQuota(e2)) throw e2;
        throw new BarCacheQuotaError(await this.quotaMessage());
      }
    }
    await this.evictTo(this.maxBytes);
  }

  /** Cached bars with from <= time <= to (whatever is cached; the caller fetches the rest). */
  async get(s: SeriesRef, from = -Infinity, to = Infinity): Promise<BarColumns> {
    const span = timeframeMs(s.timeframe) * CHUNK_BARS;
    const series = key(s);
    const lo = Number.isFinite(from) ? Math.floor(from / span) * span : -Infinity;
    const chunks = await this.db.chunks.where('[series+start]').between([series, lo === -Infinity ? Dexie.minKey : lo], [series, Number.isFinite(to) ? to : Dexie.maxKey], true, true).toArray();
    const stamp = this.stamp();
    await this.db.chunks.bulkPut(chunks.map((c) => ({ ...c, lastUsed: stamp })));
    const parts = chunks.map((c) => decode(c.data, c.rows));
    const out = {} as BarColumns;
    for (const f of FIELDS) {
      const vals: number[] = [];
      for (const p of parts) for (let i = 0; i < p.time.length; i++) if (p.time[i] >= from && p.time[i] <= to) vals.push(p[f][i]);
      out[f] = Float64Array.from(vals);
    }
    return out;
  }

  async totalBytes(): Promise<number> {
    let t = 0;
    await this.db.chunks.each((c) => void (t += c.bytes));
    return t;
  }

  /** Deletes least-recently-used chunks until the cache holds at most `bytes`. Returns chunks deleted. */
  async evictTo(bytes: number): Promise<number> {
    let total = await this.totalBytes();
    if (total <= bytes) return 0;
    const victims: [string, number][] = [];
    await this.db.chunks.orderBy('lastUsed').until(() => total <= bytes).each((c) => {
      victims.push([c.series, c.start]);
      total -= c.bytes;
    });
    await this.db.chunks.bulkDelete(victims as never);
    return victims.length;
  }

  async stats(): Promise<CacheStats> {
    const by = new Map<string, CacheStats['series'][number]>();
    let totalBytes = 0;
    await this.db.chunks.each((c) => {
      totalBytes += c.bytes;
      const s = by.get(c.series) ?? { series: c.series, chunks: 0, rows: 0, bytes: 0, first: Infinity, last: -Infinity, lastUsed: 0 };
      s.chunks++;
      s.rows += c.rows;
      s.bytes += c.bytes;
      s.first = Math.min(s.first, c.start);
      s.last = Math.max(s.last, c.end);
      s.lastUsed = Math.max(s.lastUsed, c.lastUsed);
      by.set(c.series, s);
    });
    return { totalBytes, maxBytes: this.maxBytes, series: [...by.values()].sort((a, b) => a.series.localeCompare(b.series)) };
  }

  async clear(s?: SeriesRef): Promise<void> {
    if (s) await this.db.chunks.where('series').equals(key(s)).delete();
    else await this.db.chunks.clear();
  }

  close(): void {
    this.db.close();
  }

  private async quotaMessage(): Promise<string> {
    const est = this.opts.estimate ?? (typeof navigator !== 'undefined' && navigator.storage?.estimate ? () => navigator.storage.estimate() : undefined);
    let detail = '';
    try {
      const e = est ? await est() : undefined;
      if (e?.usage !== undefined && e.quota !== undefined) detail = ` (${mb(e.usage)} of ${mb(e.quota)} used)`;
    } catch {
      /* estimate is advisory */
    }
    return `This browser's storage for the app is full${detail}: the bars were not cached (they are still shown). Clear the bar cache under Data > Local cache, delete other site data, or allow more storage in the browser settings.`;
  }
}

function mb(n: number): string {
  return `${(n / 1024 / 1024).toFixed(0)} MB`;
}

function isQuota(e: unknown): boolean {
  const err = e as { name?: string; inner?: { name?: string } } | undefined;
  return err?.name === 'QuotaExceededError' || err?.inner?.name === 'QuotaExceededError';
}
