import type { FastifyInstance } from 'fastify';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { KillSwitchResponse, LiveStrategy, LiveSummary, PaperOrder } from '../../shared/api/index.ts';
import { buildApp } from '../app.ts';
import { testConfig } from '../testing.ts';

// The gateway's clock is pinned: the replay feed primes the paper venue with one minute of quotes and then stays
// still, so every market order fills against the same last quote and the numbers below can be worked out by hand.
const NOON = Date.UTC(2026, 10, 25, 12, 0, 0);
const SPEC = {
  version: 1,
  name: 'SMA 2/3 (monitor test)',
  instruments: ['BTCUSDT.SIM'],
  timeframe: '1m',
  indicators: [
    { id: 'fast', type: 'SMA', params: { period: 2 } },
    { id: 'slow', type: 'SMA', params: { period: 3 } },
  ],
  long: { entry: { op: 'crossesAbove', left: 'fast', right: 'slow' }, exit: { op: 'crossesBelow', left: 'fast', right: 'slow' } },
  sizing: { type: 'fixedQuantity', quantity: 0.01 },
};

let apps: FastifyInstance[] = [];
afterEach(async () => {
  for (const a of apps) await a.close();
  apps = [];
});

async function start(home = mkdtempSync(join(tmpdir(), 'aio-home-'))): Promise<{ app: FastifyInstance; clock: { t: number }; call: Call; home: string }> {
  const clock = { t: NOON };
  const app = await buildApp(testConfig({ home, now: () => clock.t }));
  apps.push(app);
  await app.ready();
  const auth = { authorization: `Bearer ${app.aio.token.token}` };
  const call: Call = async (method, url, payload) => {
    const r = await app.inject({ method, url, headers: auth, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: r.statusCode, body: r.json() };
  };
  return { app, clock, call, home };
}
type Call = (method: 'GET' | 'POST', url: string, payload?: unknown) => Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any

const order = async (call: Call, o: object): Promise<PaperOrder> => {
  const r = await call('POST', '/api/paper/orders', o);
  expect(r.status).toBe(200);
  return (r.body as { order: PaperOrder }).order;
};

describe('monitor routes: token and input checks', () => {
  it('refuses without the token and answers bad bodies with clear 4xx', async () => {
    const { app, call } = await start();
    for (const [method, url] of [['GET', '/api/live/summary'], ['POST', '/api/live/kill-switch'], ['POST', '/api/live/resume']] as const) {
      const r = await app.inject({ method, url, payload: method === 'POST' ? { confirm: true } : undefined });
      expect(r.statusCode, `${method} ${url}`).toBe(401);
      expect(r.json().error.code).toBe('UNAUTHORIZED');
    }
    for (const body of [{}, { confirm: false }, { confirm: 'yes' }, { confirm: true, extra: 1 }]) {
      const r = await call('POST', '/api/live/kill-switch', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION');
    }
    // None of those halted anything.
    expect((await call('GET', '/api/live/summary')).body.tradingState).toBe('ACTIVE');
  });
});

describe('GET /api/live/summary', () => {
  it("PnL today equals the hand-computed value of the test's own fills, and equity moved by exactly that much", async () => {
    const { app, call } = await start();
    const before = (await call('GET', '/api/live/summary')).body as LiveSummary;
    expect(before.pnlToday).toMatchObject({ since: Date.UTC(2026, 10, 25), total: 0, fills: 0 });
    expect(before.equity.now).toBe(200_000); // 100k USD + 100k USDT, nothing held
    const buy = await order(call, { instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'MARKET', quantity: 0.02 });
    const sell = await order(call, { instrument: 'BTCUSDT.SIM', side: 'SELL', type: 'MARKET', quantity: 0.005 });
    expect(buy.status).toBe('FILLED');
    expect(sell.status).toBe('FILLED');
    const ask = buy.avgPx!;
    const bid = sell.avgPx!;
    // The clock stands still: the last quote is the one both orders met; open quantity is marked at its mid.
    const q = app.aio.paper.node.kernel.cache.quote('BTCUSDT.SIM' as never)!;
    const mid = (q.bid + q.ask) / 2;

    // By hand: 0.005 BTC bought at `ask` and sold at `bid`; 0.015 BTC still held, marked at the mid;
    // taker fee 0.1% of each fill's notional.
    const realized = 0.005 * (bid - ask);
    const unrealized = 0.015 * (mid - ask);
    const commissions = 0.001 * (0.02 * ask) + 0.001 * (0.005 * bid);
    const s = (await call('GET', '/api/live/summary')).body as LiveSummary;
    expect(s.pnlToday.fills).toBe(2);
    expect(s.pnlToday.realized).toBeCloseTo(realized, 8);
    expect(s.pnlToday.unrealized).toBeCloseTo(unrealized, 8);
    expect(s.pnlToday.commissions).toBeCloseTo(commissions, 8);
    expect(s.pnlToday.total).toBeCloseTo(realized + unrealized - commissions, 8);
    // Cross-check through the account: the whole PnL is today's, so equity moved by exactly the PnL.
    expect(s.equity.now).toBeCloseTo(200_000 + realized + unrealized - commissions, 6);
    expect(s.equity.unpriced).toEqual([]);
    expect(s.equity.series.at(-1)).toEqual({ time: NOON, value: s.equity.now });

    expect(s.positions).toEqual([expect.objectContaining({ instrument: 'BTCUSDT.SIM', side: 'LONG', mark: mid, currency: 'USDT' })]);
    expect(s.positions[0].quantity).toBeCloseTo(0.015, 10);
    expect(s.positions[0].unrealizedPnl).toBeCloseTo(0.015 * (mid - ask), 8);
    expect(s.fills.map((f) => [f.orderId, f.side, f.quantity, f.price])).toEqual([
      [sell.orderId, 'SELL', 0.005, bid],
      [buy.orderId, 'BUY', 0.02, ask],
    ]);
    expect(s.openOrders).toEqual([]);
    expect(s.tradingState).toBe('ACTIVE');
  });

  it('counts only fills since UTC midnight', async () => {
    const { app, clock, call } = await start();
    app.aio.feed.stop(); // the clock jumps a day below; the feed must not replay that day
    await order(call, { instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'MARKET', quantity: 0.01 });
    expect(((await call('GET', '/api/live/summary')).body as LiveSummary).pnlToday.fills).toBe(1);
    clock.t = NOON + 86_400_000;
    const next = (await call('GET', '/api/live/summary')).body as LiveSummary;
    expect(next.pnlToday).toMatchObject({ since: Date.UTC(2026, 10, 26), fills: 0, total: 0, realized: 0, unrealized: 0, commissions: 0 });
    expect(next.fills).toHaveLength(1); // still among the recent fills
    expect(next.positions).toHaveLength(1);
  });
});

describe('POST /api/live/kill-switch and /api/live/resume', () => {
  it('stops every strategy, cancels every open order, denies the next order; resume lets orders through again', async () => {
    const { app, call } = await start();
    const dep = await call('POST', '/api/live/strategies', { spec: SPEC, instrument: 'BTCUSDT.SIM' });
    expect(dep.status).toBe(200);
    const strategy = dep.body as LiveStrategy;
    const resting = await order(call, { instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'LIMIT', quantity: 0.01, price: 1000 });
    const resting2 = await order(call, { instrument: 'EURUSD.SIM', side: 'BUY', type: 'LIMIT', quantity: 1000, price: 0.5 });
    expect([resting.status, resting2.status]).toEqual(['ACCEPTED', 'ACCEPTED']);

    const k = await call('POST', '/api/live/kill-switch', { confirm: true, reason: 'test' });
    expect(k.status).toBe(200);
    const ks = k.body as KillSwitchResponse;
    expect(ks.tradingState).toBe('HALTED');
    expect(ks.strategiesStopped).toEqual([strategy.id]);
    expect(ks.ordersCanceled.sort()).toEqual([resting.orderId, resting2.orderId].sort());
    expect(ks.ordersStillOpen).toEqual([]);

    // The effects, read back through the other routes.
    const list = (await call('GET', '/api/live/strategies')).body as { strategies: LiveStrategy[] };
    expect(list.strategies.find((s) => s.id === strategy.id)?.status).toBe('STOPPED');
    const orders = (await call('GET', '/api/paper/orders')).body as { orders: PaperOrder[] };
    for (const id of [resting.orderId, resting2.orderId]) expect(orders.orders.find((o) => o.orderId === id)?.status).toBe('CANCELED');
    const denied = await order(call, { instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'MARKET', quantity: 0.01 });
    expect(denied.status).toBe('DENIED');
    expect(denied.filledQty).toBe(0);
    const s = (await call('GET', '/api/live/summary')).body as LiveSummary;
    expect(s.tradingState).toBe('HALTED');
    expect(s.openOrders).toEqual([]);
    expect(s.strategies.every((x) => x.status === 'STOPPED')).toBe(true);

    // Journaled: the command, the state change, the cancels.
    const kinds = app.aio.journal.entries(ks.journalSeq, 100).map((e) => e.kind);
    expect(kinds[0]).toBe('command.kill_switch');
    expect(kinds).toEqual(expect.arrayContaining(['risk.trading_state', 'command.stop_strategy', 'strategy.stopped', 'order.canceled', 'live.kill_switch_done']));

    // A second press is harmless: nothing left to stop or cancel.
    const again = (await call('POST', '/api/live/kill-switch', { confirm: true })).body as KillSwitchResponse;
    expect(again).toMatchObject({ tradingState: 'HALTED', strategiesStopped: [], ordersCanceled: [] });

    const r = await call('POST', '/api/live/resume');
    expect(r.status).toBe(200);
    expect(r.body.tradingState).toBe('ACTIVE');
    const ok = await order(call, { instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'MARKET', quantity: 0.01 });
    expect(ok.status).toBe('FILLED');
    // Stopped strategies stay stopped after a resume.
    expect(((await call('GET', '/api/live/strategies')).body as { strategies: LiveStrategy[] }).strategies[0].status).toBe('STOPPED');
  });

  it('a halt survives a gateway restart (read back from the journal)', async () => {
    const first = await start();
    expect((await first.call('POST', '/api/live/kill-switch', { confirm: true })).status).toBe(200);
    await first.app.close();
    apps = apps.filter((a) => a !== first.app);
    const second = await start(first.home);
    expect(((await second.call('GET', '/api/live/summary')).body as LiveSummary).tradingState).toBe('HALTED');
    expect((await order(second.call, { instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'MARKET', quantity: 0.01 })).status).toBe('DENIED');
    await second.call('POST', '/api/live/resume');
    expect((await order(second.call, { instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'MARKET', quantity: 0.01 })).status).toBe('FILLED');
  });
});
