/**
 * The ccxt adapter against REAL ccxt talking to a local server that speaks Binance's REST and WS formats.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeBinance, type FakeKline } from './testing/fake-binance.ts';
import { createCcxtClients, type CcxtClients } from './factory.ts';
import { backfillOHLCV } from './backfill.ts';
import { DataCatalog } from '../../catalog/catalog.ts';
import type { FeedStatus, LiveBar, LiveTrade } from '../types.ts';

const M = 60_000;
const T0 = Date.UTC(2024, 0, 1);
const klines = (n: number, from = 0): FakeKline[] => Array.from({ length: n }, (_, i) => [T0 + (from + i) * M, 100 + i, 101 + i, 99 + i, 100.5 + i, 1 + (i % 5)]);

let fake: FakeBinance;
let clients: CcxtClients;
const sleeps: number[] = [];
const NOW = T0 + 2500 * M + 30_000; // candle 2500 is still forming

beforeEach(async () => {
  fake = await new FakeBinance().start();
  fake.now = () => NOW;
  fake.setKlines('BTCUSDT', '1m', klines(2501));
  sleeps.length = 0;
  clients = createCcxtClients(
    { exchangeId: 'binance', rateLimitMs: 1, reconnectBaseMs: 20, reconnectMaxMs: 100 },
    {
      configure: (e) => fake.configure(e),
      now: () => NOW,
    },
  );
  await fake.attach(clients.exchange);
});
afterEach(async () => {
  await clients.data.close();
  await fake.stop();
});

const waitFor = async (cond: () => boolean, ms = 5000): Promise<void> => {
  const t = Date.now();
  while (!cond()) {
    if (Date.now() - t > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('ccxt adapter (real ccxt, fake Binance)', () => {
  it('instruments from exchangeInfo', async () => {
    const list = await clients.instruments.loadAll();
    const btc = clients.instruments.find('BTCUSDT.BINANCE')!;
    expect(list.map((i) => i.id).sort()).toEqual(['BTCUSDT.BINANCE', 'ETHUSDT.BINANCE']);
    expect(btc.kind).toBe('SPOT');
    expect(btc.priceIncrement).toBe(0.01);
    expect(btc.sizeIncrement).toBe(0.00001);
    expect(btc.minNotional).toBe(5);
    expect(btc.baseCurrency?.code).toBe('BTC');
    expect(btc.quoteCurrency.code).toBe('USDT');
    expect(clients.instruments.symbolOf('BTCUSDT.BINANCE')).toBe('BTC/USDT');
  });

  it('backfill pages through klines, retries a 429, stores closed candles only', async () => {
    await clients.instruments.loadAll();
    const catalog = new DataCatalog();
    fake.failNext('/api/v3/klines', 429, { code: -1003, msg: 'Too many requests; current limit is 6000 request weight per 1 MINUTE.' });
    const retries: number[] = [];
    const r = await backfillOHLCV(clients.exchange, { catalog, instrument: 'BTCUSDT.BINANCE', symbol: 'BTC/USDT', timeframe: '1m', from: T0, now: () => NOW, sleep: async (ms) => void sleeps.push(ms), onRetry: (a) => retries.push(a) });
    expect(retries).toEqual([1]);
    expect(r.stored).toBe(2500);
    const bars = catalog.read({ instrument: 'BTCUSDT.BINANCE', kind: 'bars', timeframe: '1m' });
    expect(bars.time.length).toBe(2500);
    expect(bars.time[2499]).toBe(T0 + 2499 * M); // the forming candle 2500 is not stored
    expect(bars.close[1234]).toBe(100.5 + 1234);
    const starts = fake.requests.filter((q) => q.path === '/api/v3/klines').map((q) => Number(q.query.startTime));
    expect(starts).toEqual([T0, T0, T0 + 1000 * M, T0 + 2000 * M]); // the first was refused with 429 and retried
  });

  it('the rate limit spaces requests (ccxt throttle, rateLimit 60 ms)', async () => {
    const slow = createCcxtClients({ exchangeId: 'binance', rateLimitMs: 60 }, { now: () => NOW });
    await fake.attach(slow.exchange);
    await slow.instruments.loadAll();
    const arrivals: number[] = [];
    fake.route('GET', '/api/v3/klines', async (req) => {
      arrivals.push(performance.now());
      const start = Number(req.query.startTime);
      return { body: klines(200, (start - T0) / M).map(([t, o, h, l, c, v]) => [t, String(o), String(h), String(l), String(c), String(v), t + M - 1, '0', 1, '0', '0', '0']) };
    });
    await backfillOHLCV(slow.exchange, { catalog: new DataCatalog(), instrument: 'BTCUSDT.BINANCE', symbol: 'BTC/USDT', timeframe: '1m', from: T0, to: T0 + 999 * M, pageLimit: 200, now: () => NOW });
    expect(arrivals.length).toBe(5);
    const gaps = arrivals.slice(1).map((t, i) => t - arrivals[i]);
    // ccxt charges Binance's klines by limit (cost 0.4 at limit 200): 0.4 x 60 ms = 24 ms between requests.
    for (const g of gaps) expect(g).toBeGreaterThan(20);
    await slow.data.close();
  });

  it('an interrupted backfill resumes after the last stored bar, without duplicates', async () => {
    await clients.instruments.loadAll();
    const catalog = new DataCatalog();
    const stop = new AbortController();
    const first = await backfillOHLCV(clients.exchange, { catalog, instrument: 'BTCUSDT.BINANCE', symbol: 'BTC/USDT', timeframe: '1m', from: T0, now: () => NOW, pageLimit: 700, signal: stop.signal, onProgress: () => stop.abort() });
    expect(first.stored).toBe(700);
    const second = await backfillOHLCV(clients.exchange, { catalog, instrument: 'BTCUSDT.BINANCE', symbol: 'BTC/USDT', timeframe: '1m', from: T0, now: () => NOW, pageLimit: 700 });
    expect(second.resumedFrom).toBe(T0 + 700 * M);
    expect(second.stored).toBe(1800);
    const t = catalog.read({ instrument: 'BTCUSDT.BINANCE', kind: 'bars', timeframe: '1m' }).time;
    expect(t.length).toBe(2500);
    for (let i = 1; i < t.length; i++) expect(t[i] - t[i - 1]).toBe(M);
  });

  it('live bars: the forming candle is emitted as it changes, and closed when the next one starts', async () => {
    await clients.instruments.loadAll();
    const bars: LiveBar[] = [];
    clients.data.subscribeBars('BTCUSDT.BINANCE', '1m', (b) => bars.push(b));
    await fake.waitForSubscription('btcusdt@kline_1m');
    const t1 = T0 + 3000 * M;
    fake.pushKline('BTCUSDT', '1m', [t1, 10, 11, 9, 10.5, 1], false);
    await waitFor(() => bars.length >= 1);
    fake.pushKline('BTCUSDT', '1m', [t1, 10, 12, 9, 11.5, 3], false);
    await waitFor(() => bars.length >= 2);
    fake.pushKline('BTCUSDT', '1m', [t1 + M, 11.5, 11.6, 11.4, 11.5, 0.5], false);
    await waitFor(() => bars.length >= 4);
    expect(bars.map((b) => [b.time, b.close, b.closed])).toEqual([
      [t1, 10.5, false],
      [t1, 11.5, false],
      [t1, 11.5, true],
      [t1 + M, 11.5, false],
    ]);
    expect(bars[2]).toMatchObject({ instrument: 'BTCUSDT.BINANCE', timeframe: '1m', high: 12, volume: 3 });
  });

  it('reconnects with backoff after the socket drops and recovers missed candles over REST', async () => {
    await clients.instruments.loadAll();
    const bars: LiveBar[] = [];
    const states: FeedStatus[] = [];
    clients.data.subscribeBars('BTCUSDT.BINANCE', '1m', (b) => bars.push(b), (s) => states.push(s));
    await fake.waitForSubscription('btcusdt@kline_1m');
    const t1 = T0 + 2500 * M;
    fake.pushKline('BTCUSDT', '1m', [t1, 1, 1, 1, 1, 1], false);
    await waitFor(() => bars.length >= 1);
    // While we are disconnected, candle t1 closes (final values) and t1+1 starts: REST knows them.
    fake.setKlines('BTCUSDT', '1m', [...klines(2500), [t1, 1, 5, 0.5, 4, 9], [t1 + M, 4, 4, 4, 4, 1]]);
    fake.dropConnections();
    await waitFor(() => states.some((s) => s.state === 'reconnecting'));
    await fake.waitForSubscription('btcusdt@kline_1m');
    fake.pushKline('BTCUSDT', '1m', [t1 + M, 4, 4.5, 4, 4.2, 2], false);
    await waitFor(() => bars.some((b) => b.time === t1 + M && b.close === 4.2));
    const closed = bars.filter((b) => b.closed);
    expect(closed.map((b) => [b.time, b.close, b.high, b.volume])).toEqual([[t1, 4, 5, 9]]);
    const r = states.find((s) => s.state === 'reconnecting')!;
    expect(r.attempt).toBe(1);
    expect(r.delayMs).toBeGreaterThan(0);
    expect(states.map((s) => s.state)).toContain('connected');
  });

  it('candles pushed while the REST recovery after a reconnect is in flight are not held back until the next message', async () => {
    await clients.instruments.loadAll();
    const bars: LiveBar[] = [];
    clients.data.subscribeBars('BTCUSDT.BINANCE', '1m', (b) => bars.push(b));
    await fake.waitForSubscription('btcusdt@kline_1m');
    const t1 = T0 + 2500 * M;
    fake.pushKline('BTCUSDT', '1m', [t1, 1, 1, 1, 1, 1], true);
    await waitFor(() => bars.length >= 1);
    // The recovery's REST page answers late (and empty); the stream goes on meanwhile.
    fake.route('GET', '/api/v3/klines', async () => new Promise((r) => setTimeout(() => r({ body: [] }), 300)));
    fake.dropConnections();
    await fake.waitForSubscription('btcusdt@kline_1m');
    // Three closed candles in a row, then silence (a quiet market): the third closes t1+2M's predecessor.
    fake.pushKline('BTCUSDT', '1m', [t1 + M, 2, 2, 2, 2, 1], true);
    await new Promise((r) => setTimeout(r, 50)); // the recovery is now waiting on REST
    fake.pushKline('BTCUSDT', '1m', [t1 + 2 * M, 3, 3, 3, 3, 1], true);
    fake.pushKline('BTCUSDT', '1m', [t1 + 3 * M, 4, 4, 4, 4, 1], true);
    await waitFor(() => bars.some((b) => b.time === t1 + 3 * M));
    expect(bars.filter((b) => b.closed).map((b) => [b.time - t1, b.close])).toEqual([[0, 1], [M, 2], [2 * M, 3]]);
  });

  it('live trades with the aggressor side', async () => {
    await clients.instruments.loadAll();
    const trades: LiveTrade[] = [];
    clients.data.subscribeTrades!('BTCUSDT.BINANCE', (t) => trades.push(t));
    await fake.waitForSubscription('btcusdt@trade');
    fake.pushTrade('BTCUSDT', { id: 1, price: 42000.5, qty: 0.1, time: T0 + 1, buyerIsMaker: false });
    fake.pushTrade('BTCUSDT', { id: 2, price: 42000, qty: 0.2, time: T0 + 2, buyerIsMaker: true });
    await waitFor(() => trades.length >= 2);
    expect(trades.map((t) => [t.id, t.price, t.size, t.side])).toEqual([
      ['1', 42000.5, 0.1, 1],
      ['2', 42000, 0.2, -1],
    ]);
  });

  it('requestBars returns closed historical bars as columns', async () => {
    await clients.instruments.loadAll();
    const b = await clients.data.requestBars({ instrument: 'BTCUSDT.BINANCE', timeframe: '1m', from: T0 + 10 * M, to: T0 + 12 * M });
    expect(Array.from(b.time)).toEqual([T0 + 10 * M, T0 + 11 * M, T0 + 12 * M]);
  });
});
