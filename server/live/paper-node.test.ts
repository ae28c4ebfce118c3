import { describe, expect, it } from 'vitest';
import { syntheticSpec } from '../../shared/data/embedded-instruments.ts';
import { SyntheticMarket } from '../../shared/data/synthetic.ts';
import { ManualTime } from './manual-time.ts';
import { PaperNode, PaperOrderError } from './paper-node.ts';

function node() {
  let now = Date.UTC(2024, 6, 9, 14, 0);
  const events: Array<{ topic: string; e: Record<string, unknown> }> = [];
  const n = new PaperNode({
    time: { now: () => now, schedule: () => 0, cancel: () => {} },
    onEvent: (topic, e) => void events.push({ topic, e: e as unknown as Record<string, unknown> }),
  });
  const market = new SyntheticMarket(syntheticSpec('BTCUSDT.SIM')!);
  const ticks = market.ticks(now, now + 59_999);
  const feed = (k: number): void => {
    const q = ticks.quotes[k];
    now = q.ts;
    n.onQuote('BTCUSDT.SIM', q);
  };
  return { n, events, feed, quotes: ticks.quotes };
}

describe('PaperNode (kernel + simulated exchange, live clock)', () => {
  it('fills a market buy at the ask through risk and the venue, and debits the account by price x qty + fee', () => {
    const { n, events, feed, quotes } = node();
    feed(0);
    const usdtBefore = n.balances().find((b) => b.currency === 'USDT')!.total;
    const { order, duplicate } = n.submit({ clientOrderId: 'k-1', instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'MARKET', quantity: 0.01 });
    expect(duplicate).toBe(false);
    feed(1);
    const filled = events.find((x) => x.topic === 'orders.OrderFilled');
    expect(filled, JSON.stringify(events.map((x) => x.topic))).toBeDefined();
    const px = filled!.e.lastPx as number;
    // Independent expectation: a market buy pays the ask of the quote in force (quote 0), fee 0.1 % of notional.
    expect(px).toBe(quotes[0].ask);
    const view = n.orders().find((o) => o.orderId === order.orderId)!;
    expect(view).toMatchObject({ status: 'FILLED', filledQty: 0.01, clientOrderId: 'k-1' });
    const usdtAfter = n.balances().find((b) => b.currency === 'USDT')!.total;
    expect(usdtBefore - usdtAfter).toBeCloseTo(px * 0.01 * 1.001, 6);
    expect(n.balances().find((b) => b.currency === 'BTC')!.total).toBeCloseTo(0.01, 10);
    expect(n.positions()).toEqual([expect.objectContaining({ instrument: 'BTCUSDT.SIM', side: 'LONG', quantity: 0.01 })]);
  });

  it('is idempotent on clientOrderId: a repeat returns the same order and sends nothing', () => {
    const { n, events, feed } = node();
    feed(0);
    const a = n.submit({ clientOrderId: 'same', instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'MARKET', quantity: 0.01 });
    const submitted = events.filter((x) => x.topic === 'orders.OrderSubmitted').length;
    const b = n.submit({ clientOrderId: 'same', instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'MARKET', quantity: 0.01 });
    expect(b.duplicate).toBe(true);
    expect(b.order.orderId).toBe(a.order.orderId);
    expect(events.filter((x) => x.topic === 'orders.OrderSubmitted').length).toBe(submitted);
    expect(n.orders().length).toBe(1);
  });

  it('forgets closed orders an hour after they close (on its purge timer), keeps open ones, and stays idempotent on keys', () => {
    // The node's purge runs on the kernel's LiveClock timer, as live; this time source fires it when told.
    const time = new ManualTime(Date.UTC(2024, 6, 9, 14, 0));
    const advance = (ms: number): void => time.advanceTo(time.now() + ms);
    const n = new PaperNode({ time, onEvent: () => {}, orderPurge: { everyMs: 60_000, keepMs: 600_000 } });
    const market = new SyntheticMarket(syntheticSpec('BTCUSDT.SIM')!);
    const quotes = market.ticks(time.now(), time.now() + 59_999).quotes;
    n.onQuote('BTCUSDT.SIM', quotes[0]);
    const keyed = n.submit({ clientOrderId: 'keep-me', instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'MARKET', quantity: 0.01 });
    for (let i = 0; i < 5; i++) n.submit({ instrument: 'BTCUSDT.SIM', side: i % 2 ? 'BUY' : 'SELL', type: 'MARKET', quantity: 0.01 });
    const resting = n.submit({ instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'LIMIT', quantity: 0.01, price: Math.round((quotes[0].bid - 500) * 100) / 100 });
    expect(n.orders().filter((o) => o.status === 'FILLED')).toHaveLength(6);
    // 9 minutes on: nothing is old enough yet.
    advance(9 * 60_000);
    expect(n.orders()).toHaveLength(7);
    // 11 minutes: the six filled orders closed over 10 minutes ago are gone; the resting limit stays.
    advance(2 * 60_000);
    expect(n.orders().map((o) => o.orderId)).toEqual([resting.order.orderId]);
    // The keyed order left the cache, but a retry with its key still answers it, and places nothing new.
    const again = n.submit({ clientOrderId: 'keep-me', instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'MARKET', quantity: 0.01 });
    expect(again).toMatchObject({ duplicate: true, order: { orderId: keyed.order.orderId, status: 'FILLED' } });
    expect(n.orders()).toHaveLength(1);
    expect(() => n.cancel(keyed.order.orderId)).toThrow(/closed within the last hour.*\/api\/audit/);
    // The open order is still managed: it cancels, and is itself forgotten ten minutes after.
    expect(n.cancel(resting.order.orderId).status).toBe('CANCELED');
    advance(11 * 60_000);
    expect(n.orders()).toHaveLength(0);
    n.dispose();
    expect(time.pending).toBe(0);
  });

  it('rests a limit below the market, cancels it, and refuses bad requests with clear errors', () => {
    const { n, events, feed, quotes } = node();
    feed(0);
    const price = Math.round((quotes[0].bid - 500) * 100) / 100;
    const { order } = n.submit({ instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'LIMIT', quantity: 0.01, price });
    feed(1);
    expect(n.orders()[0].status).toBe('ACCEPTED');
    n.cancel(order.orderId);
    expect(n.orders()[0].status).toBe('CANCELED');
    expect(events.some((x) => x.topic === 'orders.OrderCanceled')).toBe(true);
    expect(() => n.submit({ instrument: 'NOPE.SIM', side: 'BUY', type: 'MARKET', quantity: 1 })).toThrow(PaperOrderError);
    expect(() => n.submit({ instrument: 'ACME.SIM', side: 'BUY', type: 'LIMIT', quantity: 1 })).toThrow(/needs a price/);
    expect(() => n.cancel('O-nope')).toThrow(/No paper order/);
  });

  it('answers a quantity off the lot size with a denial event, not an exception', () => {
    const { n, events, feed } = node();
    feed(0);
    n.submit({ instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'MARKET', quantity: 0.000001 });
    const denied = events.find((x) => x.topic === 'orders.OrderDenied' || x.topic === 'orders.OrderRejected');
    expect(denied).toBeDefined();
    expect(String(denied!.e.reason)).toMatch(/lot size|quantity/);
  });
});
