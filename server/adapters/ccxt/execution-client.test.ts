/**
 * The ccxt execution client with REAL ccxt against the fake Binance (its account is the ground truth):
 * lifecycle, and every fault that leaves a submit's outcome unknown — the order must end up at the venue exactly once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCcxtClients, type CcxtClients } from './factory.ts';
import { FakeBinance } from './testing/fake-binance.ts';

let fake: FakeBinance;
let c: CcxtClients;
const retries: string[] = [];

beforeEach(async () => {
  fake = await new FakeBinance().start();
  fake.account.setBalance('USDT', 10_000);
  fake.account.setBalance('BTC', 0);
  fake.account.setPrice('BTCUSDT', 50_000);
  c = createCcxtClients({ exchangeId: 'binance', apiKey: 'test-key-AAAA', secret: 'test-secret-BBBB', rateLimitMs: 1 }, { configure: (e) => fake.configure(e) });
  c.exchange.timeout = 400;
  retries.length = 0;
  (c.execution as unknown as { opts: object }).opts = { retryBaseMs: 10, onRetry: (w: string, a: number, e: string) => retries.push(`${w}#${a}: ${e.slice(0, 60)}`) };
  await c.instruments.loadAll();
});
afterEach(async () => {
  await c.data.close();
  await fake.stop();
});

const ordersAtVenue = (cid: string) => fake.account.orders.filter((o) => o.clientOrderId === cid).length;

describe('ccxt execution client (real ccxt, fake Binance)', () => {
  it('lifecycle: limit order rests, partially fills, is cancelled; a market order fills; balances match the venue', async () => {
    const ex = c.execution;
    const lim = await ex.submitOrder({ clientOrderId: 'L-1', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.1, price: 40_000 });
    expect(lim).toMatchObject({ sends: 1, reconciled: false, order: { status: 'open', filled: 0, price: 40_000 } });
    fake.account.fill('L-1', 0.04);
    expect(await ex.lookup({ clientOrderId: 'L-1', symbol: 'BTC/USDT' })).toMatchObject({ status: 'open', filled: 0.04, average: 40_000 });
    expect((await ex.openOrders()).map((o) => o.clientOrderId)).toEqual(['L-1']);
    expect(await ex.cancelOrder('L-1', 'BTC/USDT')).toMatchObject({ status: 'canceled', filled: 0.04 });
    const mkt = await ex.submitOrder({ clientOrderId: 'M-1', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 0.02 });
    expect(mkt.order).toMatchObject({ status: 'closed', filled: 0.02, average: 50_000 });
    const bal = Object.fromEntries((await ex.balances()).map((b) => [b.currency, b.total]));
    // By hand: 10,000 - 0.04*40,000 - 0.02*50,000 = 7,400 USDT; 0.06 BTC.
    expect(bal.USDT).toBeCloseTo(7_400, 8);
    expect(bal.BTC).toBeCloseTo(0.06, 10);
    expect(fake.account.snapshot().USDT.total).toBeCloseTo(7_400, 8);
  }, 60_000);

  it('a submit that times out but succeeded at the venue is reconciled by client order id, not sent twice', async () => {
    fake.delayNext('/api/v3/order', 1_500); // the venue books it, the answer comes after ccxt's 400 ms timeout
    const r = await c.execution.submitOrder({ clientOrderId: 'T-1', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.1, price: 40_000 });
    expect(r).toMatchObject({ sends: 1, reconciled: true, order: { status: 'open', clientOrderId: 'T-1' } });
    expect(ordersAtVenue('T-1')).toBe(1);
    expect(fake.requests.filter((q) => q.method === 'POST' && q.path === '/api/v3/order').length).toBe(1);
    expect(retries[0]).toMatch(/submit#1/);
  }, 60_000);

  it('a dropped connection after the venue booked the order: adopted, not duplicated', async () => {
    fake.dropNext('/api/v3/order', { after: true });
    const r = await c.execution.submitOrder({ clientOrderId: 'D-1', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 0.01 });
    expect(r).toMatchObject({ sends: 1, reconciled: true, order: { status: 'closed', filled: 0.01 } });
    expect(ordersAtVenue('D-1')).toBe(1);
  }, 60_000);

  it('a dropped connection before the venue saw it: looked up (absent), then resent once', async () => {
    fake.dropNext('/api/v3/order');
    const r = await c.execution.submitOrder({ clientOrderId: 'D-2', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 0.01 });
    expect(r).toMatchObject({ sends: 2, reconciled: false, order: { status: 'closed', filled: 0.01 } });
    expect(ordersAtVenue('D-2')).toBe(1);
    const lookups = fake.requests.filter((q) => q.method === 'GET' && q.path === '/api/v3/order' && q.query.origClientOrderId === 'D-2');
    expect(lookups.length).toBe(1);
  }, 60_000);

  it('503 and 429 are retried with backoff after a lookup; a refusal (insufficient funds) is REJECTED and never retried', async () => {
    fake.failNext('/api/v3/order', 503, { code: -1001, msg: 'Internal error; unable to process your request. Please try again.' });
    fake.failNext('/api/v3/order', 429, { code: -1003, msg: 'Too many requests.' }); // hits the lookup (GET, same path)
    const r = await c.execution.submitOrder({ clientOrderId: 'F-1', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 0.01 });
    expect(r).toMatchObject({ sends: 2, order: { status: 'closed' } });
    expect(retries.map((x) => x.split(':')[0])).toEqual(['submit#1', 'lookup#1']);
    expect(ordersAtVenue('F-1')).toBe(1);
    const posts = () => fake.requests.filter((q) => q.method === 'POST' && q.path === '/api/v3/order').length;
    const before = posts();
    const big = await c.execution.submitOrder({ clientOrderId: 'F-2', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 10 });
    expect(big.order.status).toBe('rejected');
    expect(big.order.reason).toMatch(/insufficient balance/i);
    expect(posts() - before).toBe(1);
  }, 60_000);

  it('the API key and secret never appear in a request the venue sees except the signed key header', async () => {
    await c.execution.submitOrder({ clientOrderId: 'K-1', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: 0.01 });
    const signed = fake.requests.find((q) => q.method === 'POST' && q.path === '/api/v3/order')!;
    expect(signed.headers['x-mbx-apikey']).toBe('test-key-AAAA');
    expect(JSON.stringify(fake.requests)).not.toContain('test-secret-BBBB');
  }, 60_000);
});
