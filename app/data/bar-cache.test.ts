import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { BarCache, BarCacheQuotaError, CHUNK_BARS } from './bar-cache.ts';
import type { BarColumns } from '../../shared/data/columns.ts';

const M = 60_000;
const S = { instrument: 'BTCUSDT.BINANCE', timeframe: '1m' };
const bars = (from: number, n: number, base = 100): BarColumns => {
  const t = Float64Array.from({ length: n }, (_, i) => (from + i) * M);
  const p = Float64Array.from({ length: n }, (_, i) => base + i);
  return { time: t, open: p, high: p.map((x) => x + 1), low: p.map((x) => x - 1), close: p.slice(), volume: new Float64Array(n).fill(1) };
};
const caches: BarCache[] = [];
const make = (o: Partial<ConstructorParameters<typeof BarCache>[0]> = {}) => {
  const c = new BarCache({ deps: { indexedDB: new IDBFactory(), IDBKeyRange }, ...o });
  caches.push(c);
  return c;
};
afterEach(() => caches.splice(0).forEach((c) => c.close()));

describe('BarCache (Dexie on fake-indexeddb)', () => {
  it('stores in time-aligned chunks and reads ranges back', async () => {
    const c = make();
    await c.put(S, bars(0, CHUNK_BARS + 10));
    const all = await c.get(S);
    expect(all.time.length).toBe(CHUNK_BARS + 10);
    const r = await c.get(S, (CHUNK_BARS - 1) * M, (CHUNK_BARS + 1) * M);
    expect(Array.from(r.close)).toEqual([100 + CHUNK_BARS - 1, 100 + CHUNK_BARS, 100 + CHUNK_BARS + 1]);
    const st = await c.stats();
    expect(st.series).toEqual([expect.objectContaining({ series: 'BTCUSDT.BINANCE|1m', chunks: 2, rows: CHUNK_BARS + 10 })]);
  });

  it('overlapping puts merge; newer values win at equal times', async () => {
    const c = make();
    await c.put(S, bars(0, 10));
    await c.put(S, bars(5, 10, 500));
    const r = await c.get(S);
    expect(r.time.length).toBe(15);
    expect(r.close[4]).toBe(104);
    expect(r.close[5]).toBe(500);
  });

  it('evicts least-recently-used chunks past maxBytes', async () => {
    const chunkBytes = CHUNK_BARS * 6 * 8;
    const c = make({ maxBytes: chunkBytes * 2 });
    await c.put(S, bars(0, CHUNK_BARS)); // chunk A
    await c.put(S, bars(CHUNK_BARS, CHUNK_BARS)); // chunk B
    await c.get(S, 0, 10 * M); // touch A: B becomes the oldest
    await c.put(S, bars(2 * CHUNK_BARS, CHUNK_BARS)); // chunk C -> evict B
    const st = await c.stats();
    expect(st.totalBytes).toBe(chunkBytes * 2);
    expect((await c.get(S, CHUNK_BARS * M, (2 * CHUNK_BARS - 1) * M)).time.length).toBe(0);
    expect((await c.get(S, 0, M)).time.length).toBe(2);
  });

  it('a full browser quota: evicts half, retries, and then reports clearly', async () => {
    const c = make({ estimate: async () => ({ usage: 50 * 1024 * 1024, quota: 50 * 1024 * 1024 }) });
    await c.put(S, bars(0, CHUNK_BARS));
    await c.put(S, bars(CHUNK_BARS, CHUNK_BARS));
    const quota = () => Object.assign(new Error('quota'), { name: 'QuotaExceededError' });
    const orig = c.db.transaction.bind(c.db);
    let fails = 1;
    (c.db as unknown as { transaction: unknown }).transaction = (...a: unknown[]) => (fails-- > 0 ? Promise.reject(quota()) : (orig as (...x: unknown[]) => unknown)(...a));
    await c.put(S, bars(2 * CHUNK_BARS, 5)); // succeeds after evicting half
    expect((await c.stats()).series[0].chunks).toBe(2);
    fails = 2;
    await expect(c.put(S, bars(3 * CHUNK_BARS, 5))).rejects.toThrow(BarCacheQuotaError);
    fails = 2;
    await expect(c.put(S, bars(3 * CHUNK_BARS, 5))).rejects.toThrow(/storage for the app is full \(50 MB of 50 MB used\).*Clear the bar cache/);
  });

  it('clear one series or everything', async () => {
    const c = make();
    await c.put(S, bars(0, 5));
    await c.put({ instrument: 'ETHUSDT.BINANCE', timeframe: '1h' }, bars(0, 5));
    await c.clear(S);
    expect((await c.stats()).series.map((s) => s.series)).toEqual(['ETHUSDT.BINANCE|1h']);
    await c.clear();
    expect((await c.stats()).totalBytes).toBe(0);
  });
});
