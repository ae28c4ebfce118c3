/**
 * The ccxt venue learning fills from the user-data stream (real ccxt pro, fake Binance as ground truth). Polling is
 * set to a minute, so anything learned within the test's few seconds came by the stream or by the reconciliation
 * that follows a reconnect.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Journal } from '../journal/journal.ts';
import type { Hub } from '../ws/hub.ts';
import { FakeBinance } from '../adapters/ccxt/testing/fake-binance.ts';
import { CcxtVenueService, type CcxtOrderView } from './ccxt-venue.ts';
import type { CcxtVenueConfig } from './ccxt-venue-config.ts';

let fake: FakeBinance;
let journal: Journal;
let svc: CcxtVenueService | undefined;
let seen: CcxtOrderView[];
const hub = { publish: () => 0 } as unknown as Hub;

beforeEach(async () => {
  fake = await new FakeBinance().start();
  fake.account.setBalance('USDT', 100_000);
  fake.account.setBalance('BTC', 1);
  fake.account.setPrice('BTCUSDT', 50_000);
  journal = new Journal(join(mkdtempSync(join(tmpdir(), 'aio-ccxt-stream-')), 'journal.sqlite'));
});
afterEach(async () => {
  await svc?.stop();
  svc = undefined;
  journal.close();
  await fake.stop();
});

const config = (over: Partial<CcxtVenueConfig> = {}): CcxtVenueConfig => ({
  exchangeId: 'binance', apiKey: 'k', secret: 's', sandbox: false, baseUrl: fake.restUrl, timeoutMs: 2000, pollMs: 60_000, streamPollMs: 60_000, rateLimitMs: 1, source: 'env', ...over,
});

async function start(over: Partial<CcxtVenueConfig> = {}): Promise<CcxtVenueService> {
  svc = new CcxtVenueService(config(over), journal, hub, () => Date.now());
  seen = [];
  svc.onOrder = (o) => seen.push(o);
  await svc.start();
  return svc;
}

const until = async (what: string, ok: () => boolean, ms = 10_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!ok() && Date.now() < end) await new Promise((r) => setTimeout(r, 2));
  expect(ok(), what).toBe(true);
};

/** The filled quantities reported for one order, in order: a fill reported twice would show as a repeat or a dip. */
const filledSeq = (id: string): number[] => seen.filter((o) => o.clientOrderId === id).map((o) => o.filled);

function expectMonotonic(id: string): void {
  const seq = filledSeq(id);
  for (let i = 1; i < seq.length; i++) expect(seq[i], `${id} filled went ${seq[i - 1]} -> ${seq[i]}`).toBeGreaterThanOrEqual(seq[i - 1]);
}

describe('ccxt venue: fills by the user-data stream', () => {
  it('fills of a resting order arrive by the stream within milliseconds, once each, with the venue\'s numbers', async () => {
    const s = await start();
    expect(s.status().stream).toBe('up');
    const r = await s.submit({ clientOrderId: 'st-1', instrument: 'BTCUSDT.BINANCE', side: 'BUY', type: 'LIMIT', quantity: 0.5, price: 40_000 });
    expect(r.order.status).toBe('open');
    const lat: number[] = [];
    // 50 partial fills of 0.01: each must be known to the gateway without a poll.
    for (let i = 1; i <= 50; i++) {
      const t0 = performance.now();
      fake.account.fill('st-1', 0.01, 40_000 - i);
      await until(`fill ${i}`, () => (s.list().find((o) => o.clientOrderId === 'st-1')?.filled ?? 0) >= 0.01 * i - 1e-9, 5_000);
      lat.push(performance.now() - t0);
    }
    lat.sort((a, b) => a - b);
    const p = (q: number) => lat[Math.min(lat.length - 1, Math.floor(q * lat.length))].toFixed(1);
    console.log(`stream fill latency over 50 fills: p50 ${p(0.5)} ms, p90 ${p(0.9)} ms, max ${p(1)} ms`);
    expect(lat[Math.floor(0.5 * lat.length)]).toBeLessThan(250); // polling is set to 60 s: this was the stream
    const o = s.list().find((x) => x.clientOrderId === 'st-1')!;
    // By hand: fills at 39,999 .. 39,950 of 0.01 each -> average (39,999 + 39,950) / 2 = 39,974.5, status closed.
    expect(o).toMatchObject({ status: 'closed', filled: 0.5 });
    expect(o.average).toBeCloseTo(39_974.5, 6);
    expectMonotonic('st-1');
    expect(new Set(filledSeq('st-1')).size).toBe(filledSeq('st-1').length); // every report is news: no repeat
    expect(fake.requests.filter((q) => q.path === '/api/v3/order' && q.method === 'GET').length).toBe(0); // not one lookup
    const streamed = journal.entries(1, 1e9).filter((e) => e.kind === 'ccxt.order' && JSON.parse(e.payload).via === 'stream');
    expect(streamed.length).toBeGreaterThanOrEqual(50);
    // Balances came by the stream too: USDT 100,000 - 0.01 * (39,999 + ... + 39,950) = 100,000 - 19,987.25.
    await until('balances', () => s.account().balances.find((b) => b.currency === 'USDT')?.total === 100_000 - 19_987.25);
    expect(s.account().balances.find((b) => b.currency === 'BTC')).toMatchObject({ total: 1.5, locked: 0 });
  }, 60_000);

  it('a REST answer read before a streamed fill and delivered after it does not take the fill back (nor report it twice)', async () => {
    const s = await start();
    await s.submit({ clientOrderId: 'race-1', instrument: 'BTCUSDT.BINANCE', side: 'BUY', type: 'LIMIT', quantity: 0.02, price: 40_000 });
    fake.delayNext('/api/v3/openOrders', 400); // the venue reads "filled 0" now and answers in 400 ms
    const rec = s.reconcile();
    await new Promise((r) => setTimeout(r, 100));
    fake.account.fill('race-1', 0.005);
    await until('streamed fill', () => filledSeq('race-1').includes(0.005));
    await rec;
    fake.account.fill('race-1', 0.015);
    await until('closed', () => s.list().find((o) => o.clientOrderId === 'race-1')?.status === 'closed');
    expect(filledSeq('race-1')).toEqual([0, 0.005, 0.02]);
    await s.reconcile();
    expect(filledSeq('race-1')).toEqual([0, 0.005, 0.02]);
  }, 60_000);

  it('a dropped stream: the fills it missed are reconciled after the resubscription, none lost, none twice', async () => {
    const s = await start();
    await s.submit({ clientOrderId: 'drop-1', instrument: 'BTCUSDT.BINANCE', side: 'BUY', type: 'LIMIT', quantity: 0.03, price: 40_000 });
    await s.submit({ clientOrderId: 'drop-2', instrument: 'BTCUSDT.BINANCE', side: 'SELL', type: 'LIMIT', quantity: 0.2, price: 60_000 });
    fake.account.fill('drop-1', 0.01);
    await until('first fill by stream', () => filledSeq('drop-1').includes(0.01));

    const subs = fake.userStream.requests.length;
    fake.userStream.drop();
    // While the socket is down the venue fills and cancels: Binance does not replay these events.
    fake.account.fill('drop-1', 0.01, 39_000);
    fake.account.fill('drop-2', 0.2);
    await until('stream down', () => s.status().stream === 'down' || fake.userStream.requests.length > subs);
    await until('resubscribed', () => fake.userStream.requests.length > subs && s.status().stream === 'up');
    await until('missed fills reconciled', () => filledSeq('drop-1').includes(0.02) && s.list().find((o) => o.clientOrderId === 'drop-2')?.status === 'closed', 5_000);
    const kinds = journal.entries(1, 1e9).filter((e) => e.kind === 'ccxt.stream').map((e) => JSON.parse(e.payload).up);
    expect(kinds).toEqual([true, false, true]);

    fake.account.fill('drop-1', 0.01);
    await until('fill on the new stream', () => filledSeq('drop-1').includes(0.03));
    expect(filledSeq('drop-1')).toEqual([0, 0.01, 0.02, 0.03]);
    expect(filledSeq('drop-2')).toEqual([0, 0.2]);
    const d1 = s.list().find((o) => o.clientOrderId === 'drop-1')!;
    // By hand: 0.01 @ 40,000 + 0.01 @ 39,000 + 0.01 @ 40,000 -> average 39,666.67.
    expect(d1.average).toBeCloseTo(119_000 / 3, 6);
    const truth = fake.account.snapshot();
    await s.reconcile();
    const bal = Object.fromEntries(s.account().balances.map((b) => [b.currency, b]));
    expect(bal.BTC.total).toBeCloseTo(truth.BTC.total, 10);
    expect(bal.USDT.total).toBeCloseTo(truth.USDT.total, 8);
  }, 60_000);

  it('without the stream (AIO_CCXT_STREAM=0) fills are learned by polling, as before', async () => {
    const s = await start({ stream: false, pollMs: 100 });
    expect(s.status().stream).toBe('off');
    await s.submit({ clientOrderId: 'poll-1', instrument: 'BTCUSDT.BINANCE', side: 'BUY', type: 'LIMIT', quantity: 0.01, price: 40_000 });
    fake.account.fill('poll-1', 0.01);
    await until('polled', () => s.list().find((o) => o.clientOrderId === 'poll-1')?.status === 'closed', 5_000);
    expect(fake.userStream.requests.length).toBe(0);
  }, 30_000);
});
