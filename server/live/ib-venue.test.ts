/**
 * The gateway (in process, through its HTTP API) trading on the Interactive Brokers venue with the REAL @stoqey/ib
 * client over a TCP socket to the fake TWS (server/adapters/ib/testing/fake-tws.ts). The fake's orders and executions
 * are the ground truth: every check compares what the gateway reports with what TWS holds. Contract details are given
 * to the venue directly (the fake does not speak them; the simulator tests cover reqContractDetails).
 */
import { describe, expect, it } from 'vitest';
import { ibGatewayKit } from './ib-test-kit.ts';
import { buildApp } from '../app.ts';
import { testConfig } from '../testing.ts';
import type { IbVenueOrder } from './ib-venue.ts';

const kit = ibGatewayKit();
const { ibConfig, boot } = kit;
const until = (what: string, ok: () => boolean | Promise<boolean>): Promise<void> => kit.until(what, ok, 400);

describe('IB venue through the gateway API (real @stoqey/ib client, fake TWS socket)', () => {
  it('every /api/ib route and a deploy to venue ib answer 409 with how to configure it when IB is not configured', async () => {
    const app = await buildApp(testConfig());
    kit.apps.push(app);
    const headers = { authorization: `Bearer ${app.aio.token.token}`, 'content-type': 'application/json' };
    for (const [method, url, body] of [
      ['GET', '/api/ib/status'], ['GET', '/api/ib/orders'], ['GET', '/api/ib/account'], ['POST', '/api/ib/reconcile'],
      ['POST', '/api/ib/orders', { instrument: 'AAPL.NASDAQ', side: 'BUY', type: 'MARKET', quantity: 1 }],
      ['DELETE', '/api/ib/orders/x1'],
      ['POST', '/api/live/strategies', { spec: { name: 'x' }, instrument: 'AAPL.NASDAQ', venue: 'ib' }],
    ] as const) {
      const r = await app.inject({ method, url, headers: body ? headers : { authorization: headers.authorization }, ...(body ? { payload: body } : {}) });
      expect(r.statusCode, `${method} ${url}`).toBe(409);
      expect(r.json().error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/IB venue is not configured/) });
    }
  });

  it('submit -> fill: a MARKET order fills at TWS; a LIMIT order partly fills, then is canceled; gateway equals TWS', async () => {
    const { app, headers } = await boot(ibConfig());
    kit.tws.marketPrice.set('AAPL', 182.3);
    const post = (b: object) => app.inject({ method: 'POST', url: '/api/ib/orders', headers, payload: b });
    const orders = async (): Promise<IbVenueOrder[]> => (await app.inject({ method: 'GET', url: '/api/ib/orders', headers })).json().orders;
    const r = await post({ clientOrderId: 'ib-mkt-1', instrument: 'AAPL.NASDAQ', side: 'BUY', type: 'MARKET', quantity: 10 });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ duplicate: false, order: { clientOrderId: 'ib-mkt-1', status: 'unknown' } });
    await until('the market order is filled', async () => (await orders()).find((o) => o.clientOrderId === 'ib-mkt-1')?.status === 'closed');
    const twsMkt = [...kit.tws.orders.values()].find((o) => o.orderRef === 'ib-mkt-1')!;
    expect(twsMkt).toMatchObject({ action: 'BUY', quantity: 10, orderType: 'MKT', status: 'Filled', filled: 10 });
    expect((await orders())[0]).toMatchObject({ orderId: twsMkt.orderId, venueOrderId: String(twsMkt.orderId), filled: 10, average: 182.3, execIds: twsMkt.execs.map((e) => e.execId) });

    // A repeat of the key sends nothing.
    expect((await post({ clientOrderId: 'ib-mkt-1', instrument: 'AAPL.NASDAQ', side: 'BUY', type: 'MARKET', quantity: 10 })).json().duplicate).toBe(true);

    await post({ clientOrderId: 'ib-lmt-1', instrument: 'AAPL.NASDAQ', side: 'BUY', type: 'LIMIT', quantity: 30, price: 181 });
    const twsLmt = () => [...kit.tws.orders.values()].find((o) => o.orderRef === 'ib-lmt-1');
    await until('TWS has the limit order', () => twsLmt() !== undefined);
    expect(twsLmt()).toMatchObject({ orderType: 'LMT', lmtPrice: 181, quantity: 30 });
    await until('accepted', async () => (await orders()).find((o) => o.clientOrderId === 'ib-lmt-1')?.status === 'open');
    kit.tws.fill(twsLmt()!.orderId, 12, 181);
    await until('partial fill seen', async () => (await orders()).find((o) => o.clientOrderId === 'ib-lmt-1')?.filled === 12);
    const c = await app.inject({ method: 'DELETE', url: '/api/ib/orders/ib-lmt-1', headers: { authorization: headers.authorization } });
    expect(c.statusCode).toBe(200);
    await until('canceled', async () => (await orders()).find((o) => o.clientOrderId === 'ib-lmt-1')?.status === 'canceled');
    expect(twsLmt()!.status).toBe('Cancelled');

    // Ground truth: one placeOrder per key; the account equals TWS's executions (10 @ 182.3 + 12 @ 181).
    expect(kit.tws.sent(3).map((f) => f[26]).sort()).toEqual(['ib-lmt-1', 'ib-mkt-1']);
    const execs = [...kit.tws.orders.values()].flatMap((o) => o.execs.map((e) => ({ ...e, side: o.action })));
    const qty = execs.reduce((a, e) => a + (e.side === 'BUY' ? e.shares : -e.shares), 0);
    const cost = execs.reduce((a, e) => a + (e.side === 'BUY' ? 1 : -1) * e.shares * e.price, 0);
    const acct = (await app.inject({ method: 'GET', url: '/api/ib/account', headers })).json();
    expect(acct.positions).toHaveLength(1);
    expect(acct.positions[0].instrument).toBe('AAPL.NASDAQ');
    expect(acct.positions[0].quantity).toBe(qty);
    expect(acct.positions[0].avgPx).toBeCloseTo(cost / qty, 9);
    expect((await app.inject({ method: 'GET', url: '/api/audit/verify', headers })).json().ok).toBe(true);
  }, 60_000);

  it('a restart adopts a fill that happened while the gateway was down (reqExecutions), with no duplicate placeOrder', async () => {
    const cfg = ibConfig();
    const a = await boot(cfg);
    await a.app.inject({ method: 'POST', url: '/api/ib/orders', headers: a.headers, payload: { clientOrderId: 'ib-rest', instrument: 'AAPL.NASDAQ', side: 'SELL', type: 'LIMIT', quantity: 5, price: 190 } });
    const tw = () => [...kit.tws.orders.values()].find((o) => o.orderRef === 'ib-rest')!;
    await until('TWS has it', () => kit.tws.orders.size === 1);
    await until('accepted', async () => (await a.app.inject({ method: 'GET', url: '/api/ib/orders', headers: a.headers })).json().orders[0].status === 'open');
    await a.app.close();
    kit.apps.length = 0;
    kit.tws.dropAll();

    // While the gateway is down the order fills at TWS (two executions).
    kit.tws.fill(tw().orderId, 2, 190);
    kit.tws.fill(tw().orderId, 3, 190.5);
    expect(tw().status).toBe('Filled');

    const b = await boot({ ...ibConfig(cfg.home) });
    const ords = (await b.app.inject({ method: 'GET', url: '/api/ib/orders', headers: b.headers })).json().orders as IbVenueOrder[];
    expect(ords).toHaveLength(1);
    expect(ords[0]).toMatchObject({ clientOrderId: 'ib-rest', status: 'closed', filled: 5, orderId: tw().orderId, execIds: tw().execs.map((e) => e.execId) });
    expect(ords[0].average).toBeCloseTo((2 * 190 + 3 * 190.5) / 5, 10);
    const st = (await b.app.inject({ method: 'GET', url: '/api/ib/status', headers: b.headers })).json();
    expect(st.lastReconcile.changed).toEqual(['ib-rest']);
    // A reconcile again (TWS repeats the same executions) counts nothing twice; a resend of the key places nothing.
    const rep = (await b.app.inject({ method: 'POST', url: '/api/ib/reconcile', headers: { authorization: b.headers.authorization } })).json();
    expect(rep.changed).toEqual([]);
    const again = (await b.app.inject({ method: 'POST', url: '/api/ib/orders', headers: b.headers, payload: { clientOrderId: 'ib-rest', instrument: 'AAPL.NASDAQ', side: 'SELL', type: 'LIMIT', quantity: 5, price: 190 } })).json();
    expect(again).toMatchObject({ duplicate: true, order: { status: 'closed', filled: 5 } });
    expect(kit.tws.sent(3)).toHaveLength(1);
    expect(kit.tws.sent(7).length).toBeGreaterThanOrEqual(2); // reqExecutions by both runs
    // A new order after the restart gets a fresh TWS order id (TWS's nextValidId, never the old one).
    await b.app.inject({ method: 'POST', url: '/api/ib/orders', headers: b.headers, payload: { clientOrderId: 'ib-after', instrument: 'AAPL.NASDAQ', side: 'BUY', type: 'LIMIT', quantity: 1, price: 150 } });
    await until('placed', () => kit.tws.orders.size === 2);
    expect(new Set([...kit.tws.orders.keys()]).size).toBe(2);
  }, 60_000);

  it('after a restart an order still working at TWS is settled by its live fill; an intent never placed becomes not_placed', async () => {
    const cfg = ibConfig();
    const a = await boot(cfg);
    await a.app.inject({ method: 'POST', url: '/api/ib/orders', headers: a.headers, payload: { clientOrderId: 'ib-open', instrument: 'AAPL.NASDAQ', side: 'BUY', type: 'LIMIT', quantity: 4, price: 170 } });
    await until('TWS has it', () => kit.tws.orders.size === 1);
    await until('accepted', async () => (await a.app.inject({ method: 'GET', url: '/api/ib/orders', headers: a.headers })).json().orders[0].status === 'open');
    // As if the gateway died between journaling an intent and placeOrder: the intent is in the journal, TWS never saw it.
    a.app.aio.journal.append('ib.submit', { clientOrderId: 'ib-lost', venueOrderId: null, orderId: null, instrument: 'AAPL.NASDAQ', symbol: 'AAPL', side: 'buy', type: 'market', amount: 1, price: null, status: 'unknown', filled: 0, average: null, execIds: [], commission: 0 }, Date.now());
    await a.app.close();
    kit.apps.length = 0;
    kit.tws.dropAll();

    const b = await boot(ibConfig(cfg.home));
    const get = async (id: string): Promise<IbVenueOrder> => ((await b.app.inject({ method: 'GET', url: '/api/ib/orders', headers: b.headers })).json().orders as IbVenueOrder[]).find((o) => o.clientOrderId === id)!;
    expect(await get('ib-lost')).toMatchObject({ status: 'not_placed' });
    expect((await b.app.inject({ method: 'GET', url: '/api/ib/status', headers: b.headers })).json().lastReconcile.notPlaced).toEqual(['ib-lost']);
    expect(await get('ib-open')).toMatchObject({ status: 'open', filled: 0 });
    const tw = [...kit.tws.orders.values()][0];
    kit.tws.fill(tw.orderId, 4, 169.5); // TWS executes it now: the restarted gateway knows the order id and its orderRef
    await until('filled after the restart', async () => (await get('ib-open')).status === 'closed');
    expect(await get('ib-open')).toMatchObject({ filled: 4, average: 169.5, execIds: [tw.execs[0].execId] });
    expect(kit.tws.sent(3)).toHaveLength(1); // nothing placed again, the lost intent not resent
  }, 60_000);

  it("a StrategySpec deployed with venue 'ib' trades through TWS on its bars; the kill switch stops it", async () => {
    const { app, headers } = await boot(ibConfig());
    kit.tws.marketPrice.set('AAPL', 101);
    const t0 = Math.floor(Date.now() / 60_000) * 60_000 - 20 * 60_000;
    const sec = (k: number) => String((t0 + 60_000 * k) / 1000);
    kit.tws.bars.set('AAPL|1 min', [[sec(0), 100, 100, 100, 100, 1], [sec(1), 99.9, 99.9, 99.9, 99.9, 1]]);
    const spec = {
      version: 1, name: 'SMA 2/3 on 1m (ib test)', instruments: ['AAPL.NASDAQ'], timeframe: '1m',
      indicators: [{ id: 'fast', type: 'SMA', params: { period: 2 } }, { id: 'slow', type: 'SMA', params: { period: 3 } }],
      long: { entry: { op: 'crossesAbove', left: 'fast', right: 'slow' }, exit: { op: 'crossesBelow', left: 'fast', right: 'slow' } },
      sizing: { type: 'fixedQuantity', quantity: 10 },
    };
    const dep = await app.inject({ method: 'POST', url: '/api/live/strategies', headers, payload: { spec, instrument: 'AAPL.NASDAQ', venue: 'ib' } });
    expect(dep.statusCode, dep.body).toBe(200);
    expect(dep.json()).toMatchObject({ venue: 'ib', status: 'RUNNING' });
    await until('bars requested', () => kit.tws.sent(20).length === 1);
    const reqId = Number(kit.tws.sent(20)[0][1]);
    // SMA(2) crosses above SMA(3) on the 101 bar (closed when the next bar opens) -> one MARKET BUY 10.
    let k = 2;
    for (const c of [99.8, 99.7, 101, 101]) kit.tws.pushUpdate(reqId, sec(k++), c, c, c, c, 1);
    await until('the strategy bought at TWS', () => kit.tws.orders.size === 1);
    const o = [...kit.tws.orders.values()][0];
    expect(o).toMatchObject({ action: 'BUY', orderType: 'MKT', quantity: 10, status: 'Filled' });
    const audit = async () => (await app.inject({ method: 'GET', url: '/api/audit?limit=100000', headers })).json().entries as Array<{ kind: string; payload: string }>;
    await until('the kernel saw the fill', async () => (await audit()).some((e) => e.kind === 'ib.event' && JSON.parse(e.payload).topic === 'orders.OrderFilled'));
    const fill = (await audit()).find((e) => e.kind === 'ib.event' && JSON.parse(e.payload).topic === 'orders.OrderFilled')!;
    expect(JSON.parse(fill.payload).event).toMatchObject({ orderSide: 'BUY', lastQty: 10, lastPx: 101 });

    const kill = await app.inject({ method: 'POST', url: '/api/live/kill-switch', headers, payload: { confirm: true, reason: 'test' } });
    expect(kill.statusCode, kill.body).toBe(200);
    const list = (await app.inject({ method: 'GET', url: '/api/live/strategies', headers })).json().strategies as Array<{ id: string; venue: string; status: string }>;
    expect(list.find((s) => s.id === dep.json().id)).toMatchObject({ venue: 'ib', status: 'STOPPED' });
    expect(app.aio.ib!.existingLiveNode()!.kernel.riskEngine.tradingState).toBe('HALTED');
    const summary = (await app.inject({ method: 'GET', url: '/api/live/summary', headers })).json();
    expect(summary.strategies.find((s: { id: string }) => s.id === dep.json().id)).toMatchObject({ venue: 'ib', status: 'STOPPED' });
  }, 60_000);
});
