import { describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../api/client.ts';
import type { LiveSummary } from '../../shared/api/index.ts';
import { LiveMonitor, alertOf, describeEvent } from './live-monitor.svelte.ts';

function gateway(routes: Record<string, [number, unknown]>) {
  const seen: { url: string; method: string; auth: string | null; body?: unknown }[] = [];
  const api = new ApiClient(
    '',
    async (url, init) => {
      seen.push({ url, method: init?.method ?? 'GET', auth: new Headers(init?.headers).get('authorization'), body: init?.body ? JSON.parse(String(init.body)) : undefined });
      const [status, body] = routes[`${init?.method ?? 'GET'} ${url}`] ?? [404, { error: { code: 'NOT_FOUND', message: 'No route' } }];
      return Response.json(body, { status });
    },
    () => 'secret-token-123456',
  );
  return { api, seen };
}

const SUMMARY: LiveSummary = {
  venue: 'paper',
  synthetic: true,
  time: 1000,
  tradingState: 'ACTIVE',
  currency: 'USD',
  pnlToday: { since: 0, total: -1.5, realized: -0.5, unrealized: 0, commissions: 1, fills: 2 },
  equity: { now: 199_998.5, unpriced: [], series: [{ time: 0, value: 200_000 }, { time: 1000, value: 199_998.5 }] },
  balances: [{ currency: 'USDT', total: 99_000, free: 99_000, locked: 0 }],
  positions: [{ instrument: 'BTCUSDT.SIM', side: 'LONG', quantity: 0.5, avgPxOpen: 42_000, realizedPnl: 0, mark: 42_010, unrealizedPnl: 5, currency: 'USDT' }],
  fills: [{ orderId: 'O-1', tradeId: 'SIM-T1', strategyId: 'MANUAL', instrument: 'BTCUSDT.SIM', side: 'BUY', quantity: 0.5, price: 42_000, commission: 21, currency: 'USDT', ts: 900 }],
  openOrders: [],
  strategies: [{ id: 'LIVE-1', name: 'SMA', instrument: 'BTCUSDT.SIM', timeframe: '1m', status: 'RUNNING', startedAt: 1, stoppedAt: null }],
};

describe('LiveMonitor', () => {
  it('asks for the API token before calling the gateway', async () => {
    const gw = gateway({});
    const m = new LiveMonitor(gw.api, () => null);
    await m.refresh();
    expect(m.connection).toBe('needs-token');
    expect(m.message).toContain('api-token');
    expect(gw.seen).toEqual([]);
  });

  it("shows the gateway's summary: PnL today, equity history, positions, fills, strategies", async () => {
    const gw = gateway({ 'GET /api/live/summary': [200, SUMMARY] });
    const m = new LiveMonitor(gw.api, () => 'secret-token-123456');
    await m.refresh();
    expect(m.connection).toBe('connected');
    expect(gw.seen.every((s) => s.auth === 'Bearer secret-token-123456')).toBe(true);
    expect(m.status?.pnlToday).toBe(-1.5);
    expect(m.equity.map((p) => p.value)).toEqual([200_000, 199_998.5]);
    expect(m.positions).toEqual([{ instrumentId: 'BTCUSDT.SIM', side: 'long', quantity: 0.5, avgPrice: 42_000, realizedPnl: 0, unrealizedPnl: 5, mark: 42_010, currency: 'USDT' }]);
    expect(m.fills.map((f) => [f.id, f.side, f.price])).toEqual([['O-1/SIM-T1', 'buy', 42_000]]);
    expect(m.strategies.map((s) => s.status)).toEqual(['RUNNING']);
    expect(m.tradingState).toBe('ACTIVE');
  });

  it('says plainly when the kill switch could not be sent, and what it did when it was', async () => {
    const m = new LiveMonitor(gateway({}).api, () => 'x');
    await m.killSwitch();
    expect(m.killState).toBe('error');
    expect(m.killMessage).toContain('Nothing was sent to any venue');
    const refused = new LiveMonitor(gateway({ 'POST /api/live/kill-switch': [401, { error: { code: 'UNAUTHORIZED', message: 'The API token is wrong.' } }] }).api, () => 'x');
    await refused.killSwitch();
    expect(refused.killMessage).toContain('API token');
    const gw = gateway({
      'POST /api/live/kill-switch': [200, { tradingState: 'HALTED', strategiesStopped: ['LIVE-1'], ordersCanceled: ['O-2', 'O-3'], ordersStillOpen: [], positionsLeftOpen: 1, journalSeq: 9 }],
      'GET /api/live/summary': [200, { ...SUMMARY, tradingState: 'HALTED' }],
    });
    const ok = new LiveMonitor(gw.api, () => 'x');
    await ok.killSwitch();
    expect(gw.seen[0]).toMatchObject({ method: 'POST', url: '/api/live/kill-switch', body: { confirm: true } });
    expect(ok.killMessage).toBe('Kill switch sent: trading is HALTED, 1 strategy stopped, 2 orders canceled. 1 position left open (the kill switch does not flatten).');
    expect(ok.tradingState).toBe('HALTED');
  });

  it('reports a denied manual order as an error, not a success', async () => {
    const gw = gateway({ 'POST /api/paper/orders': [200, { duplicate: false, order: { clientOrderId: null, orderId: 'O-9', instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'MARKET', quantity: 1, price: null, status: 'DENIED', filledQty: 0, avgPx: null } }] });
    const m = new LiveMonitor(gw.api, () => 'x');
    expect(await m.submitOrder({ instrument: 'BTCUSDT.SIM', side: 'BUY', quantity: 1 })).toBe(false);
    expect(m.actionError).toBe(true);
    expect(m.actionMessage).toContain('denied');
  });

  it('places a manual order on the open socket with an idempotency key, and resends the same key over HTTP when the socket drops', async () => {
    const gw = gateway({
      'GET /api/live/summary': [200, SUMMARY],
      'POST /api/paper/orders': [200, { duplicate: true, order: { clientOrderId: 'k', orderId: 'O-7', instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'MARKET', quantity: 1, price: null, status: 'FILLED', filledQty: 1, avgPx: 42_000 } }],
    });
    const sockets: Array<{ sent: Array<Record<string, unknown>>; onmessage: ((ev: { data: unknown }) => void) | null; onclose: ((ev: { code: number; reason: string }) => void) | null }> = [];
    const m = new LiveMonitor(gw.api, () => 'x', () => {
      const f = { sent: [] as Array<Record<string, unknown>>, onopen: null, onmessage: null, onclose: null, onerror: null, send(d: string) { f.sent.push(JSON.parse(d)); }, close() {} };
      sockets.push(f);
      return f;
    });
    vi.stubGlobal('location', { protocol: 'http:', host: '127.0.0.1:8787' });
    const stop = m.start(60_000);
    vi.unstubAllGlobals();
    const ws = sockets[0];
    const server = (x: unknown) => ws.onmessage?.({ data: JSON.stringify(x) });
    server({ type: 'hello' });
    server({ type: 'ack' });

    const placed = m.submitOrder({ instrument: 'BTCUSDT.SIM', side: 'BUY', quantity: 1 });
    await Promise.resolve();
    const req = ws.sent.at(-1) as { op: string; id: string; order: { clientOrderId: string } };
    expect(req).toMatchObject({ op: 'submit_order', order: { instrument: 'BTCUSDT.SIM', side: 'BUY', quantity: 1, type: 'MARKET' } });
    expect(req.order.clientOrderId).toMatch(/^ui-[0-9a-f]{24}$/);
    server({ type: 'order', op: 'submit_order', id: req.id, duplicate: false, order: { orderId: 'O-6', status: 'FILLED', filledQty: 1, avgPx: 42_000 } });
    expect(await placed).toBe(true);
    expect(m.actionMessage).toBe('Order O-6: FILLED 1 @ 42000.');
    expect(gw.seen.some((s) => s.method === 'POST')).toBe(false);

    // A refusal on the socket is shown to the user, not resent over HTTP.
    const refused = m.submitOrder({ instrument: 'BTCUSDT.SIM', side: 'BUY', quantity: 1 });
    await Promise.resolve();
    server({ type: 'error', id: (ws.sent.at(-1) as { id: string }).id, code: 'UNKNOWN_INSTRUMENT', message: "instrument 'X' is not traded here" });
    expect(await refused).toBe(false);
    expect(m.actionError).toBe(true);
    expect(m.actionMessage).toContain("instrument 'X' is not traded here");
    expect(gw.seen.some((s) => s.method === 'POST')).toBe(false);

    // The socket drops before the answer: the same order, same key, goes over HTTP.
    const again = m.submitOrder({ instrument: 'BTCUSDT.SIM', side: 'BUY', quantity: 1 });
    await Promise.resolve();
    const req2 = ws.sent.at(-1) as { order: { clientOrderId: string } };
    ws.onclose?.({ code: 1006, reason: '' });
    expect(await again).toBe(true);
    const post = gw.seen.find((s) => s.method === 'POST')!;
    expect(post.body).toEqual(req2.order);
    expect(req2.order.clientOrderId).not.toBe(req.order.clientOrderId);

    stop();
  });

  it('lists streamed events and keeps alerts apart', () => {
    const m = new LiveMonitor(gateway({}).api, () => null);
    m.onEvent({ topic: 'alerts', time: 7, data: { level: 'critical', message: 'Drawdown 5%' } });
    m.onEvent({ topic: 'orders.OrderFilled', time: 8, data: { orderSide: 'BUY', lastQty: 0.01, instrumentId: 'BTCUSDT.SIM', lastPx: 25000, clientOrderId: 'O-1' } });
    expect(m.alerts).toEqual([{ id: 'alert#1', time: 7, level: 'critical', message: 'Drawdown 5%' }]);
    // The gateway's alert service: the same rule fires again; each firing is its own line.
    const fired = { id: 'A-1', condition: { kind: 'price', instrument: 'BTCUSDT.SIM', op: 'above', value: 30000 }, note: 'breakout', observed: 30012.345, time: 9 };
    m.onEvent({ topic: 'alerts', time: 9, data: fired });
    m.onEvent({ topic: 'alerts', time: 10, data: { ...fired, time: 10 } });
    expect(m.alerts.slice(0, 2).map((a) => [a.message, a.level])).toEqual([['breakout: BTCUSDT.SIM price above 30000 (now 30012.35)', 'info'], ['breakout: BTCUSDT.SIM price above 30000 (now 30012.35)', 'info']]);
    expect(new Set(m.alerts.map((a) => a.id)).size).toBe(3);
    expect(alertOf({ topic: 'alerts', time: 1, data: { id: 'A-2', condition: { kind: 'pnl', op: 'below', value: -100 }, note: null, observed: -120, time: 1 } }, 4)).toEqual({ id: 'A-2#4', time: 1, level: 'warning', message: 'PnL below -100 (now -120)' });
    expect(m.activity.map((a) => a.text)).toEqual(['Filled BUY 0.01 BTCUSDT.SIM @ 25000 (O-1)']);
    expect(describeEvent({ topic: 'risk.trading_state', time: 1, data: { from: 'ACTIVE', to: 'HALTED', why: 'kill switch' } })).toBe('Trading state ACTIVE → HALTED (kill switch)');
  });
});
