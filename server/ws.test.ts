import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WsServerMessage } from '../shared/api/ws.ts';
import { listenTestApp } from './testing.ts';

let app: FastifyInstance;
let base: string;
let token: string;
beforeAll(async () => {
  ({ app, token, wsBase: base } = await listenTestApp());
});
afterAll(() => app.close());

/** A client that queues every message so a test can await the next one of a type. */
function connect(url: string, headers: Record<string, string> = {}): Promise<{ ws: WebSocket; next: (type: string) => Promise<WsServerMessage> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const queue: WsServerMessage[] = [];
    const waiters: Array<{ type: string; fn: (m: WsServerMessage) => void }> = [];
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as WsServerMessage;
      const w = waiters.findIndex((x) => x.type === m.type);
      if (w >= 0) waiters.splice(w, 1)[0].fn(m);
      else queue.push(m);
    });
    const next = (type: string) =>
      new Promise<WsServerMessage>((res) => {
        const i = queue.findIndex((m) => m.type === type);
        if (i >= 0) res(queue.splice(i, 1)[0]);
        else waiters.push({ type, fn: res });
      });
    ws.once('open', () => resolve({ ws, next }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

describe('WebSocket /ws', () => {
  it('refuses a connection without the token, or with a wrong one (HTTP 401 before the upgrade)', async () => {
    await expect(connect(base)).rejects.toThrow('HTTP 401');
    await expect(connect(`${base}?token=nope`)).rejects.toThrow('HTTP 401');
  });

  it('closes the TCP connection of a refused upgrade (a hostile client cannot hold sockets open)', async () => {
    const ws = new WebSocket(base);
    const closedBy = await new Promise<string>((res) => {
      ws.once('unexpected-response', (req, r) => {
        expect(r.statusCode).toBe(401);
        const t = setTimeout(() => res('still open after 2 s'), 2000);
        r.socket.once('close', () => {
          clearTimeout(t);
          res('server');
        });
        r.resume();
      });
    });
    expect(closedBy).toBe('server');
  });

  it('accepts the token as a header or ?token=, says hello, answers ping, and streams journal events', async () => {
    const { ws, next } = await connect(base, { authorization: `Bearer ${token}` });
    expect((await next('hello')).type).toBe('hello');
    ws.send(JSON.stringify({ op: 'ping', id: 7 }));
    expect(await next('pong')).toMatchObject({ type: 'pong', id: 7 });
    ws.send(JSON.stringify({ op: 'subscribe', topics: ['journal.*'], id: 'a' }));
    expect(await next('ack')).toMatchObject({ op: 'subscribe', id: 'a', topics: ['journal.*'] });

    const q = await connect(`${base}?token=${encodeURIComponent(token)}`);
    await q.next('hello');

    const r = await app.inject({ method: 'POST', url: '/api/journal/notes', headers: { authorization: `Bearer ${token}` }, payload: { text: 'hello ws' } });
    expect(r.statusCode).toBe(200);
    const ev = await next('event');
    expect(ev).toMatchObject({ type: 'event', topic: 'journal.operator.note' });
    expect((ev as { data: { payload: string } }).data.payload).toBe('{"text":"hello ws"}');
    ws.close();
    q.ws.close();
  });

  it('answers malformed frames with an error message and keeps the connection', async () => {
    const { ws, next } = await connect(base, { authorization: `Bearer ${token}` });
    await next('hello');
    for (const bad of ['not json', '{"op":"subscribe"}', '{"op":"subscribe","topics":["a b"]}', '{"op":"rm -rf"}', '[]', 'null', '{"op":"ping","__proto__":{"x":1}}']) {
      ws.send(bad);
      const e = await next('error');
      expect(e).toMatchObject({ type: 'error', code: 'VALIDATION' });
    }
    ws.send(JSON.stringify({ op: 'ping' }));
    expect((await next('pong')).type).toBe('pong');
    ws.close();
  });

  it('drops a slow client with close code 1013 and a reason, while a fast client keeps receiving everything', async () => {
    const fast = await connect(base, { authorization: `Bearer ${token}` });
    const slow = await connect(base, { authorization: `Bearer ${token}` });
    await fast.next('hello');
    await slow.next('hello');
    for (const c of [fast, slow]) {
      c.ws.send(JSON.stringify({ op: 'subscribe', topics: ['bench.load'] }));
      await c.next('ack');
    }
    let fastGot = 0;
    fast.ws.on('message', () => fastGot++);
    const closed = new Promise<{ code: number; reason: string }>((res) => slow.ws.once('close', (code, reason) => res({ code, reason: reason.toString() })));
    // The slow client stops reading from its socket: the server's send buffer for it fills up.
    (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    const payload = 'x'.repeat(16 * 1024);
    const total = 400; // 6.4 MB: far over the 1 MiB per-client limit
    for (let i = 0; i < total; i++) {
      app.aio.hub.publish('bench.load', { i, payload });
      if (i % 20 === 0) await new Promise((r) => setImmediate(r)); // let the fast client's socket drain
    }
    expect(app.aio.hub.stats().dropped).toBeGreaterThanOrEqual(1);
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    const c = await closed;
    expect(c.code).toBe(1013);
    expect(c.reason).toMatch(/slow consumer/);
    await new Promise((r) => setTimeout(r, 200));
    expect(fastGot).toBe(total);
    fast.ws.close();
  });
});

describe('replay feed over /ws', () => {
  it('streams synthetic trades of a subscribed instrument in real time', async () => {
    const { ws, next } = await connect(base, { authorization: `Bearer ${token}` });
    await next('hello');
    ws.send(JSON.stringify({ op: 'subscribe', topics: ['trades.BTCUSDT.SIM'] }));
    await next('ack');
    const ev = (await next('event')) as { topic: string; data: { price: number; synthetic: boolean; ts: number } };
    expect(ev.topic).toBe('trades.BTCUSDT.SIM');
    expect(ev.data.synthetic).toBe(true);
    expect(ev.data.price).toBeGreaterThan(0);
    expect(Math.abs(ev.data.ts - Date.now())).toBeLessThan(5_000);
    ws.close();
  });
});
