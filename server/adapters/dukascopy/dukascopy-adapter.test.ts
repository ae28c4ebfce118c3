/** The Dukascopy adapter against a local HTTP server that serves the .bi5 fixtures in Dukascopy's URL layout. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDukascopyClients } from './factory.ts';
import { DownloadError } from './downloader.ts';
import { backfillDukascopy } from './backfill.ts';
import { DataCatalog } from '../../catalog/catalog.ts';

const root = join(import.meta.dirname, 'fixtures', 'datafeed');
let server: Server;
let base = '';
const hits: string[] = [];
let failures = 0; // answer this many requests with 503 before serving
let cacheDir = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    hits.push(path);
    if (failures > 0) {
      failures--;
      res.writeHead(503).end('busy');
      return;
    }
    const file = join(root, path.replace(/^\/datafeed\//, ''));
    if (!file.startsWith(root) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/datafeed`;
});
afterAll(() => {
  server.close();
  rmSync(cacheDir, { recursive: true, force: true });
});
beforeEach(() => {
  hits.length = 0;
  failures = 0;
  if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
  cacheDir = mkdtempSync(join(tmpdir(), 'duka-'));
});

const H13 = Date.UTC(2024, 0, 15, 13);
const spec = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'ticks.json'), 'utf8'));
const sleeps: number[] = [];
const clients = () => createDukascopyClients({ baseUrl: base, cacheDir, retryBaseMs: 1 }, { sleep: async (ms) => void sleeps.push(ms), now: () => Date.UTC(2025, 0, 1) });

describe('Dukascopy adapter', () => {
  it('downloads two hours, trims to the range, and the URL has the 0-based month', async () => {
    const c = clients();
    const q = await c.data.requestTicks('EURUSD.DUKASCOPY', H13 + 250, Date.UTC(2024, 0, 15, 14, 0, 1));
    expect([...hits].sort()).toEqual(['/datafeed/EURUSD/2024/00/15/13h_ticks.bi5', '/datafeed/EURUSD/2024/00/15/14h_ticks.bi5']);
    expect(q.time.length).toBe(5 + 2);
    expect(q.time[0]).toBe(H13 + 250);
    expect(q.bid[0]).toBe(1.0951);
    expect(q.ask[6]).toBe(1.09611);
  });

  it('caches finished hours on disk: the second request makes no HTTP call', async () => {
    await clients().data.requestTicks('EURUSD.DUKASCOPY', H13, H13 + 3_599_999);
    expect(hits.length).toBe(1);
    const c2 = clients();
    const q = await c2.data.requestTicks('EURUSD.DUKASCOPY', H13, H13 + 3_599_999);
    expect(hits.length).toBe(1);
    expect(c2.downloader.stats.cacheHits).toBe(1);
    expect(q.time.length).toBe(6);
  });

  it('retries 503s with backoff, then gives up with a clear error', async () => {
    failures = 2;
    const c = clients();
    sleeps.length = 0;
    const q = await c.data.requestTicks('USDJPY.DUKASCOPY', Date.UTC(2024, 1, 29, 23), Date.UTC(2024, 1, 29, 23, 59));
    expect(q.bid[0]).toBe(149.979);
    expect(c.downloader.stats.retries).toBe(2);
    expect(sleeps.length).toBe(2);
    expect(sleeps[1]).toBeGreaterThan(sleeps[0] * 1.2);
    failures = 10;
    const uncached = createDukascopyClients({ baseUrl: base, retryBaseMs: 1 }, { sleep: async () => undefined });
    await expect(uncached.data.requestTicks('USDJPY.DUKASCOPY', Date.UTC(2024, 1, 29, 23), Date.UTC(2024, 1, 29, 23, 59))).rejects.toThrow(DownloadError);
  });

  it('empty hours (0-byte files, weekends) and missing files (404) give no ticks', async () => {
    const q = await clients().data.requestTicks('EURUSD.DUKASCOPY', Date.UTC(2024, 0, 13, 10), Date.UTC(2024, 0, 13, 11, 30));
    expect(q.time.length).toBe(0);
    // Hours download concurrently, so the server may see them in either order: which files, once each, is what counts.
    expect([...hits].sort()).toEqual(['/datafeed/EURUSD/2024/00/13/10h_ticks.bi5', '/datafeed/EURUSD/2024/00/13/11h_ticks.bi5']);
  });

  it('bars from ticks over the range: 1h bid bars', async () => {
    const b = await clients().data.requestBars({ instrument: 'EURUSD.DUKASCOPY', timeframe: '1h', from: H13, to: Date.UTC(2024, 0, 15, 14, 59) });
    const t13 = spec.files[0].ticks as { bid: number; bidVolume: number }[];
    expect(Array.from(b.time)).toEqual([H13, H13 + 3_600_000]);
    expect(b.open[0]).toBe(t13[0].bid);
    expect(b.close[0]).toBe(t13[t13.length - 1].bid);
    expect(b.high[0]).toBe(Math.max(...t13.map((t) => t.bid)));
    expect(b.low[0]).toBe(Math.min(...t13.map((t) => t.bid)));
    expect(b.volume[0]).toBeCloseTo(t13.reduce((s, t) => s + t.bidVolume, 0), 9);
  });

  it('backfill into the catalog is resumable and downloads each hour once', async () => {
    const catalog = new DataCatalog();
    const c = clients();
    const from = H13;
    const to = Date.UTC(2024, 0, 15, 14, 59);
    const first = await backfillDukascopy({ catalog, client: c.data, instrument: 'EURUSD.DUKASCOPY', from, to: H13 + 3_599_999 });
    expect(first.stored).toBe(6);
    const second = await backfillDukascopy({ catalog, client: c.data, instrument: 'EURUSD.DUKASCOPY', from, to });
    expect(second.resumedFrom).toBe(H13 + 3_599_999 + 1);
    expect(second.stored).toBe(2);
    const q = catalog.read({ instrument: 'EURUSD.DUKASCOPY', kind: 'quotes', timeframe: '' });
    expect(q.time.length).toBe(8);
    expect(hits.filter((h) => h.endsWith('13h_ticks.bi5')).length).toBe(1);
  });

  it('instruments and the unsupported live/execution paths', async () => {
    const c = clients();
    const list = await c.instruments.loadAll();
    expect(c.instruments.find('USDJPY.DUKASCOPY')?.priceIncrement).toBe(0.001);
    expect(list.length).toBeGreaterThan(10);
    expect(() => c.data.subscribeBars()).toThrow(/historical data only/);
    await expect(c.execution.submitOrder({})).rejects.toThrow(/does not take orders/);
  });
});
