/**
 * The user-data stream with REAL ccxt pro against the fake Binance: what Binance's protocol says arrives (hand values
 * from the orders placed), a dropped and a stalled (no pong) stream are resubscribed, and the listenKey protocol.
 */
import ccxt from 'ccxt';
import type { Exchange } from 'ccxt';
import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeBinance } from './testing/fake-binance.ts';
import { CcxtUserStream, type UserStreamHandlers } from './user-stream.ts';
import type { VenueOrderState } from './execution-client.ts';

let fake: FakeBinance;
let ex: Exchange;
let stream: CcxtUserStream | undefined;

beforeEach(async () => {
  fake = await new FakeBinance().start();
  fake.account.setBalance('USDT', 10_000);
  fake.account.setBalance('BTC', 1);
  fake.account.setPrice('BTCUSDT', 50_000);
  const pro = ccxt.pro as unknown as Record<string, new (o: object) => Exchange>;
  ex = await fake.attach(new pro.binance({ apiKey: 'k', secret: 's', enableRateLimit: false, options: { fetchMarkets: { types: ['spot'] } } }));
  await ex.loadMarkets();
});
afterEach(async () => {
  await stream?.stop();
  stream = undefined;
  await ex.close();
  await fake.stop();
});

const until = async (what: string, ok: () => boolean, ms = 5_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!ok() && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
  expect(ok(), what).toBe(true);
};

function collect(): { orders: VenueOrderState[]; balances: Array<{ currency: string; free: number; locked: number; total: number }>; ups: number; downs: string[] } {
  const got = { orders: [] as VenueOrderState[], balances: [] as Array<{ currency: string; free: number; locked: number; total: number }>, ups: 0, downs: [] as string[] };
  stream = new CcxtUserStream(ex, {
    onOrder: (o) => got.orders.push(o),
    onBalances: (b) => got.balances.push(...b),
    onUp: () => got.ups++,
    onDown: (e) => got.downs.push(e),
  }, { reconnectBaseMs: 20, reconnectMaxMs: 100 });
  stream.start();
  return got;
}

describe('ccxt user-data stream against the fake Binance', () => {
  it('a new limit order, a partial fill, a fill and a cancel arrive as pushed states with Binance\'s numbers', async () => {
    const got = collect();
    await until('subscribed', () => got.ups === 1);
    expect(fake.userStream.requests.map((r) => r.method)).toEqual(['userDataStream.subscribe.signature']);

    await ex.createOrder('BTC/USDT', 'limit', 'buy', 0.1, 40_000, { newClientOrderId: 'u-1' });
    await until('NEW', () => got.orders.some((o) => o.clientOrderId === 'u-1' && o.status === 'open'));
    fake.account.fill('u-1', 0.03, 39_990);
    await until('partial', () => got.orders.some((o) => o.clientOrderId === 'u-1' && o.filled === 0.03));
    fake.account.fill('u-1', 0.07);
    await until('filled', () => got.orders.some((o) => o.clientOrderId === 'u-1' && o.status === 'closed'));
    const last = got.orders.filter((o) => o.clientOrderId === 'u-1').at(-1)!;
    // By hand: 0.03 @ 39,990 + 0.07 @ 40,000 = 1,199.7 + 2,800 = 3,999.7 quote for 0.1 -> average 39,997.
    expect(last).toMatchObject({ status: 'closed', filled: 0.1, amount: 0.1, price: 40_000, side: 'buy', type: 'limit', symbol: 'BTC/USDT' });
    expect(last.average).toBeCloseTo(39_997, 8);

    await ex.createOrder('BTC/USDT', 'limit', 'sell', 0.5, 60_000, { newClientOrderId: 'u-2' });
    await ex.cancelOrder(undefined as unknown as string, 'BTC/USDT', { origClientOrderId: 'u-2' });
    // The cancel's executionReport carries the cancel request's id in `c` and the order's in `C`: ccxt reports the order's.
    await until('canceled', () => got.orders.some((o) => o.clientOrderId === 'u-2' && o.status === 'canceled'));

    // outboundAccountPosition: BTC 1 + 0.1 = 1.1 total, 0.5 locked by u-2 until its cancel, then 0 locked.
    await until('balances', () => got.balances.some((b) => b.currency === 'BTC' && b.locked === 0 && b.total === 1.1));
    expect(got.balances.some((b) => b.currency === 'BTC' && b.locked === 0.5 && b.free === 0.6)).toBe(true);
    expect(got.balances.filter((b) => b.currency === 'USDT').at(-1)).toMatchObject({ free: 10_000 - 3_999.7, locked: 0 });
    expect(got.downs).toEqual([]);
  }, 30_000);

  it('a dropped stream reports down, resubscribes and reports up again; events while down are not replayed', async () => {
    const got = collect();
    await until('subscribed', () => got.ups === 1);
    await ex.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 40_000, { newClientOrderId: 'd-1' });
    await until('NEW', () => got.orders.some((o) => o.clientOrderId === 'd-1'));
    fake.userStream.drop();
    fake.account.fill('d-1', 0.004); // raised while no socket is subscribed: lost, as on Binance
    await until('down', () => got.downs.length === 1);
    await until('resubscribed', () => got.ups === 2);
    expect(fake.userStream.subscribed).toBe(1); // "up" only once the venue confirmed the new subscription
    expect(got.orders.some((o) => o.clientOrderId === 'd-1' && o.filled > 0)).toBe(false);
    fake.account.fill('d-1', 0.006);
    await until('fill after reconnect', () => got.orders.some((o) => o.clientOrderId === 'd-1' && o.status === 'closed' && o.filled === 0.01));
  }, 30_000);

  it('a stalled stream (open socket, no pongs) is detected by the keep-alive and resubscribed', async () => {
    (ex as unknown as { streaming: { keepAlive: number } }).streaming.keepAlive = 100; // ccxt pings every 100 ms
    const got = collect();
    await until('subscribed', () => got.ups === 1);
    fake.userStream.stall();
    await until('down by keep-alive', () => got.downs.length === 1, 5_000);
    expect(got.downs[0]).toMatch(/ping-pong keepalive/);
    await until('resubscribed', () => got.ups === 2, 5_000);
    expect(fake.userStream.requests.filter((r) => r.method === 'userDataStream.subscribe.signature').length).toBe(2);
    expect(fake.userStream.subscribed).toBe(1);
    await ex.createOrder('BTC/USDT', 'market', 'buy', 0.01, undefined, { newClientOrderId: 's-1' });
    await until('fill on the new stream', () => got.orders.some((o) => o.clientOrderId === 's-1' && o.status === 'closed'));
  }, 30_000);

  it('listenKey protocol: create, keep-alive extends 60 minutes, events on /ws/<listenKey>, close ends the socket', async () => {
    let t = 1_000_000;
    fake.now = () => t;
    const h = { 'x-mbx-apikey': 'k' };
    const { listenKey } = (await (await fetch(`${fake.restUrl}/api/v3/userDataStream`, { method: 'POST', headers: h })).json()) as { listenKey: string };
    expect(fake.userStream.listenKeyExpiry(listenKey)).toBe(t + 3_600_000);
    t += 30 * 60_000;
    expect((await fetch(`${fake.restUrl}/api/v3/userDataStream?listenKey=${listenKey}`, { method: 'PUT', headers: h })).status).toBe(200);
    expect(fake.userStream.listenKeyExpiry(listenKey)).toBe(t + 3_600_000);
    expect((await fetch(`${fake.restUrl}/api/v3/userDataStream?listenKey=nope`, { method: 'PUT', headers: h })).status).toBe(400);

    const ws = new WebSocket(`ws://127.0.0.1:${fake.port}/ws/${listenKey}`);
    const msgs: Array<Record<string, unknown>> = [];
    ws.on('message', (d) => msgs.push(JSON.parse(String(d))));
    await new Promise((r) => ws.once('open', r));
    await fake.userStream.waitForSubscriptions(1);
    fake.account.handle({ method: 'POST', path: '/api/v3/order', query: {}, body: 'symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.02&newClientOrderId=lk-1', headers: {} });
    await until('events', () => msgs.length >= 3);
    expect(msgs.map((m) => `${m.e}:${m.x ?? ''}`)).toEqual(['executionReport:NEW', 'executionReport:TRADE', 'outboundAccountPosition:']);
    expect(msgs[1]).toMatchObject({ c: 'lk-1', X: 'FILLED', l: '0.02000000', z: '0.02000000', L: '50000.00000000', Z: '1000.00000000' });
    const closed = new Promise((r) => ws.once('close', r));
    expect((await fetch(`${fake.restUrl}/api/v3/userDataStream?listenKey=${listenKey}`, { method: 'DELETE', headers: h })).status).toBe(200);
    await closed;
    expect(msgs.at(-1)).toMatchObject({ e: 'listenKeyExpired', listenKey });
  }, 30_000);
});

describe('ccxt user-data stream on exchanges other than Binance (control flow, stub exchanges)', () => {
  const handlers = () => {
    const got = { ups: 0, downs: 0, gaveUp: [] as string[], orders: 0 };
    const h: UserStreamHandlers = { onOrder: () => void got.orders++, onUp: () => void got.ups++, onDown: () => void got.downs++, onGiveUp: (e) => void got.gaveUp.push(e) };
    return { got, h };
  };

  it('an exchange that cannot stream orders (NotSupported) is given up once: polling stays, no up/down churn', async () => {
    const { got, h } = handlers();
    let calls = 0;
    const stub = { has: { watchOrders: true }, watchOrders: async () => { calls++; throw new ccxt.NotSupported('stub watchOrders() is not supported yet'); } } as unknown as Exchange;
    const s = new CcxtUserStream(stub, h, { reconnectBaseMs: 1, reconnectMaxMs: 2 });
    s.start();
    await until('gave up', () => got.gaveUp.length === 1);
    await new Promise((r) => setTimeout(r, 50));
    expect({ calls, ups: got.ups, downs: got.downs, up: s.up }).toEqual({ calls: 1, ups: 0, downs: 0, up: false });
  });

  it('without authenticate() the stream counts as up at its first update, not before', async () => {
    const { got, h } = handlers();
    let release!: (v: unknown[]) => void;
    const first = new Promise<unknown[]>((r) => (release = r));
    let n = 0;
    const stub = { has: { watchOrders: true }, watchOrders: () => (n++ === 0 ? first : new Promise(() => undefined)) } as unknown as Exchange;
    const s = new CcxtUserStream(stub, h);
    s.start();
    await new Promise((r) => setTimeout(r, 30));
    expect(got.ups).toBe(0);
    release([{ clientOrderId: 'x-1', symbol: 'BTC/USD', status: 'open', filled: 0, amount: 1 }]);
    await until('up', () => got.ups === 1 && got.orders === 1);
    expect(s.up).toBe(true);
    await s.stop();
  });
});
