/**
 * The gateway (a real process) trading through REAL ccxt against the fake Binance running in this test. The fake's
 * account is the ground truth: every check compares what the gateway reports with what the venue holds.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ccxtGatewayKit } from './ccxt-test-kit.ts';
import type { GatewayProcess } from '../testing.ts';
import type { CcxtOrderView } from './ccxt-venue.ts';

const KEY = 'fake-api-key-7f3a9c';
const SECRET = 'fake-secret-e41b08d2';

type Gw = GatewayProcess;

const kit = ccxtGatewayKit({
  balances: { USDT: 10_000, BTC: 0, ETH: 1 }, prices: { BTCUSDT: 50_000, ETHUSDT: 3_000 },
  apiKey: KEY, secret: SECRET, timeoutMs: 1000, env: { LOG_LEVEL: 'debug' },
});
const { boot } = kit;
const api = <T>(g: Gw, method: string, path: string, body?: object): Promise<T> => kit.api<T>(g, method, path, body);
const submit = (g: Gw, body: object) => api<{ order: CcxtOrderView; duplicate: boolean }>(g, 'POST', '/api/ccxt/orders', body);
const orders = async (g: Gw) => new Map((await api<{ orders: CcxtOrderView[] }>(g, 'GET', '/api/ccxt/orders')).orders.map((o) => [o.clientOrderId, o]));
const posts = () => kit.fake.requests.filter((q) => q.method === 'POST' && q.path === '/api/v3/order').length;

/** The explicit check: every order and every balance the gateway reports equals the venue's ground truth. */
async function expectGatewayEqualsVenue(g: Gw): Promise<void> {
  await api(g, 'POST', '/api/ccxt/reconcile');
  const mine = await orders(g);
  for (const v of kit.fake.account.orders) {
    const o = mine.get(v.clientOrderId);
    expect(o, `gateway knows ${v.clientOrderId}`).toBeDefined();
    const status = v.status === 'NEW' || v.status === 'PARTIALLY_FILLED' ? 'open' : v.status === 'FILLED' ? 'closed' : 'canceled';
    expect({ id: v.clientOrderId, status: o!.status, filled: o!.filled }).toEqual({ id: v.clientOrderId, status, filled: v.executedQty });
  }
  // No order twice at the venue (client order ids are unique there), none at the venue the gateway does not know.
  expect(new Set(kit.fake.account.orders.map((o) => o.clientOrderId)).size).toBe(kit.fake.account.orders.length);
  const acct = await api<{ balances: Array<{ currency: string; free: number; locked: number; total: number }> }>(g, 'GET', '/api/ccxt/account');
  const truth = kit.fake.account.snapshot();
  const reported = Object.fromEntries(acct.balances.map((b) => [b.currency, b]));
  for (const [asset, b] of Object.entries(truth)) {
    expect(reported[asset]?.total, `${asset} total`).toBeCloseTo(b.total, 8);
    expect(reported[asset]?.locked, `${asset} locked`).toBeCloseTo(b.locked, 8);
  }
}

describe('gateway on the ccxt venue (real process, real ccxt, fake Binance)', () => {
  it('full lifecycle: submit, partial fill, fill, cancel; idempotent key; balances equal to the venue; keys in no log', async () => {
    const g = await boot();
    const lim = await submit(g, { clientOrderId: 'life-1', instrument: 'BTCUSDT.BINANCE', side: 'BUY', type: 'LIMIT', quantity: 0.1, price: 40_000 });
    expect(lim).toMatchObject({ duplicate: false, order: { status: 'open', filled: 0 } });
    kit.fake.account.fill('life-1', 0.03);
    await api(g, 'POST', '/api/ccxt/reconcile');
    expect((await orders(g)).get('life-1')).toMatchObject({ status: 'open', filled: 0.03, average: 40_000 });
    kit.fake.account.fill('life-1', 0.07);
    await api(g, 'POST', '/api/ccxt/reconcile');
    expect((await orders(g)).get('life-1')).toMatchObject({ status: 'closed', filled: 0.1 });

    const toCancel = await submit(g, { clientOrderId: 'life-2', instrument: 'ETHUSDT.BINANCE', side: 'SELL', type: 'LIMIT', quantity: 0.5, price: 3_500 });
    expect(toCancel.order.status).toBe('open');
    kit.fake.account.fill('life-2', 0.2);
    const canceled = await api<{ order: CcxtOrderView }>(g, 'DELETE', '/api/ccxt/orders/life-2');
    expect(canceled.order).toMatchObject({ status: 'canceled', filled: 0.2 });
    expect(kit.fake.account.order('life-2')!.status).toBe('CANCELED');

    const mkt = await submit(g, { clientOrderId: 'life-3', instrument: 'BTCUSDT.BINANCE', side: 'SELL', type: 'MARKET', quantity: 0.05 });
    expect(mkt.order).toMatchObject({ status: 'closed', filled: 0.05, average: 50_000 });
    const before = posts();
    expect(await submit(g, { clientOrderId: 'life-3', instrument: 'BTCUSDT.BINANCE', side: 'SELL', type: 'MARKET', quantity: 0.05 })).toMatchObject({ duplicate: true });
    expect(posts()).toBe(before);

    const refused = await submit(g, { clientOrderId: 'life-4', instrument: 'BTCUSDT.BINANCE', side: 'BUY', type: 'MARKET', quantity: 5 });
    expect(refused.order.status).toBe('rejected');

    // By hand: USDT 10,000 - 0.1*40,000 + 0.05*50,000 = 8,500; BTC 0.05; ETH 1 - 0.2 = 0.8 (USDT + 0.2*3,500 = 9,200).
    expect(kit.fake.account.snapshot().USDT.total).toBeCloseTo(9_200, 8);
    await expectGatewayEqualsVenue(g);
    const status = JSON.stringify(await api(g, 'GET', '/api/ccxt/status'));
    expect(status).toContain('"hasKeys":true');
    for (const s of [KEY, SECRET]) {
      expect(status).not.toContain(s);
      expect(g.out()).not.toContain(s);
      expect(readFileSync(join(kit.home, 'journal.sqlite')).toString('latin1')).not.toContain(s);
    }
  }, 120_000);

  it('a submit that times out but succeeded at the venue is reconciled, not duplicated', async () => {
    const g = await boot();
    kit.fake.delayNext('/api/v3/order', 2_500); // booked at the venue, answered after the gateway's 1 s timeout
    const r = await submit(g, { clientOrderId: 'slow-1', instrument: 'BTCUSDT.BINANCE', side: 'BUY', type: 'LIMIT', quantity: 0.01, price: 45_000 });
    expect(r.order).toMatchObject({ status: 'open', clientOrderId: 'slow-1' });
    expect(kit.fake.account.orders.filter((o) => o.clientOrderId === 'slow-1').length).toBe(1);
    expect(posts()).toBe(1);
    await expectGatewayEqualsVenue(g);
  }, 120_000);

  it('SIGKILL mid-trading and restart: no order lost, none duplicated, fills while down adopted, state equal to the venue', async () => {
    const a = await boot();
    await submit(a, { clientOrderId: 'k-mkt', instrument: 'BTCUSDT.BINANCE', side: 'BUY', type: 'MARKET', quantity: 0.02 });
    await submit(a, { clientOrderId: 'k-rest', instrument: 'BTCUSDT.BINANCE', side: 'BUY', type: 'LIMIT', quantity: 0.04, price: 42_000 });
    await submit(a, { clientOrderId: 'k-eth', instrument: 'ETHUSDT.BINANCE', side: 'SELL', type: 'LIMIT', quantity: 0.3, price: 3_200 });
    // An order in flight when the gateway dies: the venue books it, the answer never reaches the gateway.
    kit.fake.delayNext('/api/v3/order', 20_000);
    const inflight = fetch(`${a.base}/api/ccxt/orders`, { method: 'POST', headers: kit.headers, body: JSON.stringify({ clientOrderId: 'k-flight', instrument: 'BTCUSDT.BINANCE', side: 'BUY', type: 'LIMIT', quantity: 0.01, price: 41_000 }) }).catch(() => 'killed');
    for (let i = 0; i < 200 && !kit.fake.account.order('k-flight'); i++) await new Promise((r) => setTimeout(r, 25));
    expect(kit.fake.account.order('k-flight')).toBeDefined();
    const exited = new Promise((r) => a.proc.once('exit', r));
    a.proc.kill('SIGKILL');
    await exited;
    expect(await inflight).toBe('killed');

    // While the gateway is down the market moves: fills it has never seen.
    kit.fake.account.fill('k-rest', 0.04);
    kit.fake.account.fill('k-eth', 0.1, 3_250);
    kit.fake.account.fill('k-flight', 0.004);
    const postsBefore = posts();

    const b = await boot();
    const mine = await orders(b);
    expect(mine.get('k-flight')).toMatchObject({ status: 'open', filled: 0.004 }); // adopted, not resent
    expect(mine.get('k-rest')).toMatchObject({ status: 'closed', filled: 0.04 });
    expect(mine.get('k-eth')).toMatchObject({ status: 'open', filled: 0.1 });
    expect(posts()).toBe(postsBefore); // the restart sent nothing
    const again = await submit(b, { clientOrderId: 'k-flight', instrument: 'BTCUSDT.BINANCE', side: 'BUY', type: 'LIMIT', quantity: 0.01, price: 41_000 });
    expect(again).toMatchObject({ duplicate: true });
    expect(posts()).toBe(postsBefore);
    await expectGatewayEqualsVenue(b);

    // Trading goes on after the restart, and the state still equals the venue's.
    await submit(b, { clientOrderId: 'k-after', instrument: 'ETHUSDT.BINANCE', side: 'BUY', type: 'MARKET', quantity: 0.1 });
    await api(b, 'DELETE', '/api/ccxt/orders/k-eth');
    await expectGatewayEqualsVenue(b);
    const ids = kit.fake.account.orders.map((o) => o.clientOrderId).sort();
    expect(ids).toEqual(['k-after', 'k-eth', 'k-flight', 'k-mkt', 'k-rest']);
    expect(((await api<{ ok: boolean }>(b, 'GET', '/api/audit/verify')).ok)).toBe(true);
  }, 120_000);

  it('a StrategySpec deployed to the ccxt venue trades on the exchange candles, and keeps trading after the stream drops', async () => {
    const g = await boot();
    const spec = {
      version: 1, name: 'SMA 2/3 on 1m (ccxt test)', instruments: ['BTCUSDT.BINANCE'], timeframe: '1m',
      indicators: [{ id: 'fast', type: 'SMA', params: { period: 2 } }, { id: 'slow', type: 'SMA', params: { period: 3 } }],
      long: { entry: { op: 'crossesAbove', left: 'fast', right: 'slow' }, exit: { op: 'crossesBelow', left: 'fast', right: 'slow' } },
      sizing: { type: 'fixedQuantity', quantity: 0.01 },
    };
    const dep = await api<{ id: string; venue: string; status: string }>(g, 'POST', '/api/live/strategies', { spec, instrument: 'BTCUSDT.BINANCE', venue: 'ccxt' });
    expect(dep).toMatchObject({ venue: 'ccxt', status: 'RUNNING' });
    await kit.fake.waitForSubscription('btcusdt@kline_1m');
    const t0 = Math.floor(Date.now() / 60_000) * 60_000 - 20 * 60_000;
    let k = 0;
    const bar = (c: number) => kit.fake.pushKline('BTCUSDT', '1m', [t0 + 60_000 * k++, c, c + 10, c - 10, c, 1], true);
    const until = async (what: string, ok: () => boolean) => {
      // Up to 60 s: the gateway is a separate process and other test files load both cores meanwhile.
      for (let i = 0; i < 2400 && !ok(); i++) await new Promise((r) => setTimeout(r, 25));
      expect(ok(), what).toBe(true);
    };
    // Falling closes, then a jump: SMA(2) crosses above SMA(3) on the 51,000 bar -> one market BUY of 0.01. The data
    // client closes a candle when the next one opens, so each decisive bar is followed by one more.
    for (const c of [50_000, 49_900, 49_800, 49_700, 51_000, 51_000]) bar(c);
    await until('the strategy bought at the venue', () => kit.fake.account.orders.length === 1);
    expect(kit.fake.account.orders[0]).toMatchObject({ side: 'BUY', type: 'MARKET', origQty: 0.01, status: 'FILLED' });

    // The market-data socket drops: the gateway reconnects and subscribes again, and the strategy keeps trading.
    kit.fake.dropConnections();
    await kit.fake.waitForSubscription('btcusdt@kline_1m');
    for (const c of [52_000, 48_000, 48_000]) bar(c); // SMA(2) falls below SMA(3) on the first 48,000 -> SELL 0.01
    await until('the strategy sold at the venue', () => kit.fake.account.orders.length === 2);
    expect(kit.fake.account.orders[1]).toMatchObject({ side: 'SELL', type: 'MARKET', origQty: 0.01, status: 'FILLED' });

    // The kernel saw both fills (journaled events), and the venue's account equals the gateway's.
    await expectGatewayEqualsVenue(g);
    const audit = await api<{ entries: Array<{ kind: string; payload: string }> }>(g, 'GET', '/api/audit?limit=100000');
    const fills = audit.entries.filter((e) => e.kind === 'ccxt.event' && JSON.parse(e.payload).topic === 'orders.OrderFilled');
    expect(fills.map((e) => JSON.parse(e.payload).event.orderSide)).toEqual(['BUY', 'SELL']);
    const stopped = await api<{ status: string; venue: string }>(g, 'POST', `/api/live/strategies/${dep.id}/stop`);
    expect(stopped).toMatchObject({ status: 'STOPPED', venue: 'ccxt' });
  }, 120_000);
});
