// Order entry over the WebSocket (submit_order / cancel_order): the same venue, risk engine and journal as
// POST /api/paper/orders, checked against the HTTP routes, the journal and the account rather than the socket's own word.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Socket } from 'node:net';
import WebSocket from 'ws';
import type { AuditResponse, PaperAccountResponse, PaperOrder } from '../shared/api/index.ts';
import type { WsServerMessage } from '../shared/api/ws.ts';
import { listenTestApp } from './testing.ts';

let app: FastifyInstance;
let token: string;
let wsUrl: string;
beforeAll(async () => {
  let wsBase: string;
  ({ app, token, wsBase } = await listenTestApp());
  wsUrl = `${wsBase}?token=`;
});
afterAll(() => app.close());

const auth = () => ({ authorization: `Bearer ${token}` });

interface Client {
  ws: WebSocket;
  /** Every message in arrival order. */
  log: WsServerMessage[];
  /** Resolves with the first message after `from` (an index into log) that matches. */
  until: (pred: (m: WsServerMessage) => boolean, from?: number) => Promise<WsServerMessage>;
  request: (m: Record<string, unknown>) => Promise<WsServerMessage>;
}

async function connect(topics: string[]): Promise<Client> {
  const ws = new WebSocket(wsUrl + encodeURIComponent(token));
  const log: WsServerMessage[] = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (d) => {
    log.push(JSON.parse(d.toString()) as WsServerMessage);
    for (const w of waiters.splice(0)) w();
  });
  await new Promise<void>((r, j) => {
    ws.once('open', () => r());
    ws.once('error', j);
  });
  const until = (pred: (m: WsServerMessage) => boolean, from = 0): Promise<WsServerMessage> =>
    new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no matching message; got ${JSON.stringify(log.slice(from))}`)), 5000);
      const check = (): void => {
        const m = log.slice(from).find(pred);
        if (m) {
          clearTimeout(t);
          resolve(m);
        } else waiters.push(check);
      };
      check();
    });
  const request = (m: Record<string, unknown>): Promise<WsServerMessage> => {
    const from = log.length;
    ws.send(JSON.stringify(m));
    return until((x) => (x.type === 'order' || x.type === 'error') && x.id === m.id, from);
  };
  await until((m) => m.type === 'hello');
  ws.send(JSON.stringify({ op: 'subscribe', topics }));
  await until((m) => m.type === 'ack');
  return { ws, log, until, request };
}

describe('order entry on /ws', () => {
  it('fills a market order: journal first, then the events, then the answer, all in one TCP write', async () => {
    const c = await connect(['orders.*']);
    const seqBefore = app.aio.journal.head().seq;
    const from = c.log.length;
    // Count the gateway's socket writes while it handles the order (both ends live in this process: the client's own
    // socket is left out).
    const clientTcp = (c.ws as unknown as { _socket: Socket })._socket;
    const proto = Socket.prototype as unknown as Record<'_write' | '_writev', (...a: unknown[]) => unknown>;
    const orig = { _write: proto._write, _writev: proto._writev };
    let gatewayWrites = 0;
    for (const k of ['_write', '_writev'] as const) {
      proto[k] = function (this: Socket, ...a: unknown[]) {
        if (this !== clientTcp) gatewayWrites++;
        return orig[k].apply(this, a);
      };
    }
    let r: WsServerMessage;
    try {
      r = await c.request({ op: 'submit_order', id: 'a1', order: { clientOrderId: 'ws-1', instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'MARKET', quantity: 0.02 } });
    } finally {
      Object.assign(proto, orig);
    }
    expect(r).toMatchObject({ type: 'order', op: 'submit_order', id: 'a1', duplicate: false, order: { clientOrderId: 'ws-1', status: 'FILLED', filledQty: 0.02 } });
    const order = (r as { order: PaperOrder }).order;

    // The events came before the answer, and in the kernel's order.
    const after = c.log.slice(from);
    const types = after.filter((m) => m.type === 'event' && (m.data as { clientOrderId?: string }).clientOrderId === order.orderId).map((m) => (m as { topic: string }).topic);
    expect(types).toEqual(['orders.OrderSubmitted', 'orders.OrderAccepted', 'orders.OrderFilled']);
    expect(after.findIndex((m) => m.type === 'order')).toBe(after.length - 1);
    // Corked: the three events and the answer left the gateway in one socket write.
    expect(gatewayWrites).toBe(1);

    // The journal held the command and its events before the answer; the HTTP view agrees with the socket's.
    const audit = (await app.inject({ method: 'GET', url: `/api/audit?fromSeq=${seqBefore + 1}`, headers: auth() })).json() as AuditResponse;
    const kinds = audit.entries.filter((e) => e.kind.startsWith('command.') || e.payload.includes(order.orderId)).map((e) => e.kind);
    expect(kinds.slice(0, 4)).toEqual(['command.submit_order', 'order.submitted', 'order.accepted', 'order.filled']);
    const fill = after.find((m) => m.type === 'event' && m.topic === 'orders.OrderFilled')!;
    const journaled = audit.entries.find((e) => e.kind === 'order.filled' && e.payload.includes(order.orderId))!;
    expect((fill as { data: unknown }).data).toEqual(JSON.parse(journaled.payload));
    const listed = ((await app.inject({ method: 'GET', url: '/api/paper/orders', headers: auth() })).json() as { orders: PaperOrder[] }).orders;
    expect(listed.find((o) => o.orderId === order.orderId)).toEqual(order);
    c.ws.close();
  });

  it('is idempotent on clientOrderId: a resend answers the first order and sends nothing to the venue', async () => {
    const c = await connect(['orders.OrderFilled']);
    const msg = { op: 'submit_order', id: 1, order: { clientOrderId: 'ws-dup', instrument: 'BTCUSDT.SIM', side: 'SELL', type: 'MARKET', quantity: 0.005 } };
    const first = (await c.request(msg)) as { order: PaperOrder; duplicate: boolean };
    const btc = async () => ((await app.inject({ method: 'GET', url: '/api/paper/account', headers: auth() })).json() as PaperAccountResponse).balances.find((b) => b.currency === 'BTC')!.total;
    const before = await btc();
    const second = (await c.request({ ...msg, id: 2 })) as { order: PaperOrder; duplicate: boolean };
    expect(first.duplicate).toBe(false);
    expect(second).toMatchObject({ duplicate: true, id: 2, order: { orderId: first.order.orderId, status: 'FILLED' } });
    expect(await btc()).toBe(before);
    expect(c.log.filter((m) => m.type === 'event' && (m.data as { clientOrderId: string }).clientOrderId === first.order.orderId)).toHaveLength(1);
    c.ws.close();
  });

  it('says what is wrong with a bad order, and where; the socket stays open', async () => {
    const c = await connect(['orders.*']);
    const neg = await c.request({ op: 'submit_order', id: 'n', order: { instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'MARKET', quantity: -1 } });
    expect(neg).toMatchObject({ type: 'error', code: 'VALIDATION', id: 'n' });
    expect((neg as { message: string }).message).toContain('/order/quantity');
    const extra = await c.request({ op: 'submit_order', id: 'x', order: { instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'MARKET', quantity: 1, leverage: 100 } });
    expect(extra).toMatchObject({ type: 'error', code: 'VALIDATION' });
    const unknown = await c.request({ op: 'submit_order', id: 'u', order: { instrument: 'NOPE.SIM', side: 'BUY', type: 'MARKET', quantity: 1 } });
    expect(unknown).toMatchObject({ type: 'error', code: 'UNKNOWN_INSTRUMENT', id: 'u' });
    expect((unknown as { message: string }).message).toContain('NOPE.SIM');
    const missing = await c.request({ op: 'cancel_order', id: 'm', orderId: 'O-nope' });
    expect(missing).toMatchObject({ type: 'error', code: 'NOT_FOUND', id: 'm' });
    // Without an id the answer could not be matched: refused, and nothing is placed.
    const n = app.aio.paper.node.orders().length;
    c.ws.send(JSON.stringify({ op: 'submit_order', order: { instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'MARKET', quantity: 1 } }));
    const noId = await c.until((m) => m.type === 'error' && m.message.includes('/id'), c.log.length);
    expect(noId).toMatchObject({ code: 'VALIDATION' });
    expect(app.aio.paper.node.orders()).toHaveLength(n);
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
    c.ws.close();
  });

  it('cancels a resting limit, and a halted gateway denies new orders', async () => {
    const c = await connect(['orders.*']);
    const lim = (await c.request({ op: 'submit_order', id: 'l', order: { instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'LIMIT', quantity: 0.01, price: 1000 } })) as { order: PaperOrder };
    expect(lim.order.status).toBe('ACCEPTED');
    const can = await c.request({ op: 'cancel_order', id: 'c', orderId: lim.order.orderId });
    expect(can).toMatchObject({ type: 'order', op: 'cancel_order', order: { orderId: lim.order.orderId, status: 'CANCELED' } });
    expect(c.log.some((m) => m.type === 'event' && m.topic === 'orders.OrderCanceled' && (m.data as { clientOrderId: string }).clientOrderId === lim.order.orderId)).toBe(true);

    const kill = await app.inject({ method: 'POST', url: '/api/live/kill-switch', headers: auth(), payload: { confirm: true } });
    expect(kill.statusCode).toBe(200);
    const denied = await c.request({ op: 'submit_order', id: 'd', order: { instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'MARKET', quantity: 0.01 } });
    expect(denied).toMatchObject({ type: 'order', order: { status: 'DENIED' } });
    expect((await app.inject({ method: 'POST', url: '/api/live/resume', headers: auth(), payload: {} })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/audit/verify', headers: auth() })).json().ok).toBe(true);
    c.ws.close();
  });

  it('survives hostile order frames: each gets an error or an order status, nothing is placed by a bad one, the socket stays open', async () => {
    const c = await connect(['orders.*']);
    const before = app.aio.paper.node.orders().length;
    const good = { instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'MARKET', quantity: 0.001 };
    const hostile: unknown[] = [
      { op: 'submit_order', id: 1, order: { ...good, quantity: 'NaN' } },
      { op: 'submit_order', id: 2, order: { ...good, quantity: Number.MAX_VALUE } },
      { op: 'submit_order', id: 3, order: { ...good, quantity: 0 } },
      { op: 'submit_order', id: 4, order: { ...good, side: 'HOLD' } },
      { op: 'submit_order', id: 5, order: { ...good, type: 'STOP' } },
      { op: 'submit_order', id: 6, order: { ...good, price: -5, type: 'LIMIT' } },
      { op: 'submit_order', id: 7, order: { ...good, clientOrderId: 'bad key with spaces' } },
      { op: 'submit_order', id: 8, order: { ...good, instrument: 'x'.repeat(10_000) } },
      { op: 'submit_order', id: 9, order: [good] },
      { op: 'submit_order', id: 10, order: null },
      { op: 'submit_order', id: 11, venue: 'ccxt', order: good },
      { op: 'submit_order', id: 1.5, order: good },
      { op: 'submit_order', id: 'x'.repeat(65), order: good },
      { op: 'cancel_order', id: 13, orderId: '../../etc/passwd' },
      { op: 'cancel_order', id: 14, orderId: 42 },
      { op: 'SUBMIT_ORDER', id: 15, order: good },
      { op: 'submit_order', id: 16, order: JSON.stringify(good) },
    ];
    for (const [k, h] of hostile.entries()) {
      const from = c.log.length;
      c.ws.send(JSON.stringify(h));
      const m = await c.until((x) => x.type === 'error' || x.type === 'order', from);
      expect(m.type, `frame ${k}: ${JSON.stringify(h).slice(0, 80)}`).toBe('error');
      expect((m as { code: string }).code).toBe('VALIDATION');
    }
    // Raw garbage and a frame that is valid JSON of the wrong shape.
    const withProto = `{"op":"submit_order","id":12,"order":${JSON.stringify(good).slice(0, -1)},"__proto__":{"admin":true}}}`;
    for (const raw of ['{"op":"submit_order","id":1,"order":', '\u0000', '[]', 'null', '"submit_order"', withProto]) {
      const from = c.log.length;
      c.ws.send(raw);
      expect((await c.until((x) => x.type === 'error', from)) as { code: string }).toMatchObject({ code: 'VALIDATION' });
    }
    expect(app.aio.paper.node.orders()).toHaveLength(before);
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
    const ok = await c.request({ op: 'submit_order', id: 'after', order: good });
    expect(ok).toMatchObject({ type: 'order', order: { status: 'FILLED' } });
    c.ws.close();
  });

  it('answers INTERNAL, not a crash, when the journal cannot commit', async () => {
    const c = await connect(['orders.*']);
    app.aio.journal.close(); // a real failure: the database connection is gone
    const r = await c.request({ op: 'submit_order', id: 'j', order: { instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'MARKET', quantity: 0.01 } });
    expect(r).toMatchObject({ type: 'error', code: 'INTERNAL', id: 'j' });
    expect((r as { message: string }).message).toContain('GET /api/paper/orders');
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
    c.ws.close();
  });
});
