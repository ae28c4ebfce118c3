import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AuditResponse, PaperAccountResponse, PaperOrder } from '../shared/api/index.ts';
import { listenTestApp } from './testing.ts';

let app: FastifyInstance;
let token: string;
let wsUrl: string;
beforeAll(async () => {
  let wsBase: string;
  ({ app, token, wsBase } = await listenTestApp());
  wsUrl = `${wsBase}?token=`;
  // No wait: the feed primes the paper venue with the last minute of quotes when the app becomes ready.
});
afterAll(() => app.close());

const post = (payload: unknown, t: string | null = token) =>
  app.inject({ method: 'POST', url: '/api/paper/orders', headers: t ? { authorization: `Bearer ${t}` } : {}, payload: payload as object });

describe('paper trading through the gateway', () => {
  it('needs the token to trade or to read the account', async () => {
    expect((await post({ instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'MARKET', quantity: 0.01 }, null)).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/paper/account' })).statusCode).toBe(401);
  });

  it('fills a market order, journals command + events in order, streams the fill, and is idempotent', async () => {
    const ws = new WebSocket(wsUrl + encodeURIComponent(token));
    const fills: Array<{ clientOrderId: string; lastPx: number }> = [];
    await new Promise<void>((resolve) => {
      ws.on('message', (d) => {
        const m = JSON.parse(d.toString()) as { type: string; topic?: string; data?: { clientOrderId: string; lastPx: number } };
        if (m.type === 'hello') ws.send(JSON.stringify({ op: 'subscribe', topics: ['orders.*'] }));
        if (m.type === 'ack') resolve();
        if (m.type === 'event' && m.topic === 'orders.OrderFilled') fills.push(m.data!);
      });
    });
    const seqBefore = app.aio.journal.head().seq;
    const r = await post({ clientOrderId: 'test-1', instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'MARKET', quantity: 0.01 });
    expect(r.statusCode).toBe(200);
    const { order, duplicate } = r.json() as { order: PaperOrder; duplicate: boolean };
    expect(duplicate).toBe(false);
    expect(order).toMatchObject({ clientOrderId: 'test-1', status: 'FILLED', filledQty: 0.01 });

    // The journal holds the command and then its events, committed before the answer.
    const audit = (await app.inject({ method: 'GET', url: `/api/audit?fromSeq=${seqBefore + 1}`, headers: { authorization: `Bearer ${token}` } })).json() as AuditResponse;
    const kinds = audit.entries.filter((e) => e.kind.startsWith('command.') || e.payload.includes(order.orderId)).map((e) => e.kind);
    expect(kinds.slice(0, 4)).toEqual(['command.submit_order', 'order.submitted', 'order.accepted', 'order.filled']);
    // The position event names its instrument and fills by id (the app's activity line reads position.instrumentId),
    // instead of carrying the instrument's whole definition and two copies of the fill (~2.4 KB before).
    const opened = audit.entries.find((e) => e.kind === 'position.opened' || e.kind === 'position.changed')!;
    const pos = (JSON.parse(opened.payload) as { position: Record<string, unknown> }).position;
    expect(pos).toMatchObject({ instrumentId: 'BTCUSDT.SIM', openingOrderId: expect.any(String), currency: 'USDT' });
    expect(pos).not.toHaveProperty('instrument');
    expect(pos).not.toHaveProperty('openingFill');
    expect(opened.payload.length).toBeLessThan(1500);

    const again = await post({ clientOrderId: 'test-1', instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'MARKET', quantity: 0.01 });
    expect(again.json()).toMatchObject({ duplicate: true, order: { orderId: order.orderId } });

    await new Promise((res) => setTimeout(res, 100));
    expect(fills.filter((f) => f.clientOrderId === order.orderId)).toHaveLength(1);
    const acct = (await app.inject({ method: 'GET', url: '/api/paper/account', headers: { authorization: `Bearer ${token}` } })).json() as PaperAccountResponse;
    expect(acct.synthetic).toBe(true);
    expect(acct.balances.find((b) => b.currency === 'BTC')!.total).toBeCloseTo(0.01, 10);
    expect(acct.positions).toEqual([expect.objectContaining({ instrument: 'BTCUSDT.SIM', side: 'LONG', quantity: 0.01 })]);
    ws.close();
  });

  it('answers bad orders with clear 4xx, and cancels a resting limit', async () => {
    const unknown = await post({ instrument: 'NOPE.SIM', side: 'BUY', type: 'MARKET', quantity: 1 });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ code: 'UNKNOWN_INSTRUMENT' });
    const neg = await post({ instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'MARKET', quantity: -1 });
    expect(neg.statusCode).toBe(400);
    expect(neg.json().error.code).toBe('VALIDATION');
    const lim = await post({ instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'LIMIT', quantity: 0.01, price: 1000 });
    const id = (lim.json() as { order: PaperOrder }).order.orderId;
    expect((lim.json() as { order: PaperOrder }).order.status).toBe('ACCEPTED');
    const del = await app.inject({ method: 'DELETE', url: `/api/paper/orders/${id}`, headers: { authorization: `Bearer ${token}` } });
    expect(del.statusCode).toBe(200);
    expect(del.json().order.status).toBe('CANCELED');
    const missing = await app.inject({ method: 'DELETE', url: '/api/paper/orders/O-nope', headers: { authorization: `Bearer ${token}` } });
    expect(missing.statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/audit/verify', headers: { authorization: `Bearer ${token}` } })).json().ok).toBe(true);
  });
});

describe('live strategies through the gateway', () => {
  const auth = () => ({ authorization: `Bearer ${token}` });
  const spec = {
    version: 1,
    name: 'SMA 5/20 (api test)',
    instruments: ['BTCUSDT.SIM'],
    timeframe: '1m',
    indicators: [
      { id: 'fast', type: 'SMA', params: { period: 5 } },
      { id: 'slow', type: 'SMA', params: { period: 20 } },
    ],
    long: { entry: { op: 'crossesAbove', left: 'fast', right: 'slow' }, exit: { op: 'crossesBelow', left: 'fast', right: 'slow' } },
    sizing: { type: 'fixedQuantity', quantity: 0.01 },
  };

  it('deploys, lists and stops a StrategySpec, journalling each command; a bad spec is a 400 listing its problems', async () => {
    expect((await app.inject({ method: 'POST', url: '/api/live/strategies', payload: { spec, instrument: 'BTCUSDT.SIM' } })).statusCode).toBe(401);
    const d = await app.inject({ method: 'POST', url: '/api/live/strategies', headers: auth(), payload: { spec, instrument: 'BTCUSDT.SIM' } });
    expect(d.statusCode).toBe(200);
    const id = d.json().id as string;
    expect(d.json()).toMatchObject({ status: 'RUNNING', instrument: 'BTCUSDT.SIM', timeframe: '1m', name: 'SMA 5/20 (api test)' });
    const list = await app.inject({ method: 'GET', url: '/api/live/strategies', headers: auth() });
    expect(list.json().strategies.map((s: { id: string }) => s.id)).toContain(id);
    const stop = await app.inject({ method: 'POST', url: `/api/live/strategies/${id}/stop`, headers: auth() });
    expect(stop.json()).toMatchObject({ id, status: 'STOPPED' });
    const bad = await app.inject({ method: 'POST', url: '/api/live/strategies', headers: auth(), payload: { spec: { ...spec, timeframe: 'often', indicators: [] }, instrument: 'BTCUSDT.SIM' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION');
    expect(bad.json().error.message).toMatch(/invalid StrategySpec: .*timeframe/);
    const kinds = app.aio.journal.entries(1, 100_000).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['command.deploy_strategy', 'strategy.started', 'command.stop_strategy', 'strategy.stopped']));
    expect((await app.inject({ method: 'POST', url: '/api/live/strategies/LIVE-999/stop', headers: auth() })).statusCode).toBe(404);
  });
});
