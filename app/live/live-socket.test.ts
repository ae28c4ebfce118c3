import { describe, expect, it } from 'vitest';
import { LiveSocket, SocketRequestError, wsUrl, type SocketEvent, type SocketLike } from './live-socket.svelte.ts';

class FakeSocket implements SocketLike {
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  sent: unknown[] = [];
  closed = false;
  constructor(readonly url: string) {}
  send(d: string): void {
    this.sent.push(JSON.parse(d));
  }
  close(): void {
    this.closed = true;
  }
  server(m: unknown): void {
    this.onmessage?.({ data: JSON.stringify(m) });
  }
}

function harness() {
  const sockets: FakeSocket[] = [];
  const timers: Array<{ ms: number; cb: () => void; done: boolean }> = [];
  const events: SocketEvent[] = [];
  let opens = 0;
  const s = new LiveSocket({
    url: () => 'ws://gw/ws?token=t',
    topics: ['orders.*', 'alerts'],
    onEvent: (e) => events.push(e),
    onOpen: () => opens++,
    create: (url) => {
      const f = new FakeSocket(url);
      sockets.push(f);
      return f;
    },
    schedule: (ms, cb) => {
      const t = { ms, cb, done: false };
      timers.push(t);
      return t;
    },
    cancel: (h) => {
      (h as { done: boolean }).done = true;
    },
  });
  const fire = () => {
    const t = timers.find((x) => !x.done)!;
    t.done = true;
    t.cb();
    return t.ms;
  };
  return { s, sockets, timers, events, fire, opens: () => opens };
}

describe('LiveSocket', () => {
  it('subscribes after hello, is open after the ack, and hands events on', () => {
    const h = harness();
    h.s.start();
    expect(h.s.state).toBe('connecting');
    h.sockets[0].server({ type: 'hello', version: '1', time: 1 });
    expect(h.sockets[0].sent).toEqual([{ op: 'subscribe', topics: ['orders.*', 'alerts'], id: 'live' }]);
    h.sockets[0].server({ type: 'ack', op: 'subscribe', topics: [] });
    expect(h.s.state).toBe('open');
    expect(h.opens()).toBe(1);
    h.sockets[0].server({ type: 'event', topic: 'orders.OrderFilled', time: 5, data: { x: 1 } });
    h.sockets[0].onmessage?.({ data: 'not json' });
    expect(h.events).toEqual([{ topic: 'orders.OrderFilled', time: 5, data: { x: 1 } }]);
  });

  it('reconnects with exponential backoff (1, 2, 4 s ... capped at 30 s), and resets it after a good connection', () => {
    const h = harness();
    h.s.start();
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      h.sockets.at(-1)!.onclose?.({ code: 1006, reason: '' });
      expect(h.s.state).toBe('reconnecting');
      delays.push(h.fire());
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(h.s.detail).toContain('connection was lost');
    const last = h.sockets.at(-1)!;
    last.server({ type: 'hello' });
    last.server({ type: 'ack' });
    expect(h.s.state).toBe('open');
    expect(h.s.attempts).toBe(0);
    last.onclose?.({ code: 1013, reason: 'slow' });
    expect(h.s.detail).toContain('too slowly');
    expect(h.fire()).toBe(1000);
    expect(h.sockets).toHaveLength(9);
  });

  it('stop() closes the socket and cancels a pending reconnect', () => {
    const h = harness();
    const stop = h.s.start();
    h.sockets[0].onclose?.({ code: 1006, reason: '' });
    stop();
    expect(h.s.state).toBe('closed');
    expect(h.timers.every((t) => t.done)).toBe(true);
    expect(h.sockets).toHaveLength(1);
  });

  it('matches a request to its answer by id; a close or a timeout rejects what is still waiting', async () => {
    const h = harness();
    h.s.start();
    await expect(h.s.request({ op: 'submit_order' })).rejects.toBeInstanceOf(SocketRequestError); // not open yet
    const ws = h.sockets[0];
    ws.server({ type: 'hello' });
    ws.server({ type: 'ack' });
    const a = h.s.request({ op: 'submit_order', order: { quantity: 1 } });
    const b = h.s.request({ op: 'cancel_order', orderId: 'O-1' });
    const [ma, mb] = ws.sent.slice(1) as Array<{ id: string }>;
    expect(ma).toEqual({ op: 'submit_order', order: { quantity: 1 }, id: ma.id });
    expect(ma.id).not.toBe(mb.id);
    // Answers come in any order; an answer to nobody's request is ignored.
    ws.server({ type: 'error', id: mb.id, code: 'NOT_FOUND', message: 'no such order' });
    ws.server({ type: 'order', id: 'r999', order: {} });
    ws.server({ type: 'order', id: ma.id, order: { orderId: 'O-2' } });
    await expect(a).resolves.toMatchObject({ type: 'order', order: { orderId: 'O-2' } });
    await expect(b).resolves.toMatchObject({ type: 'error', code: 'NOT_FOUND' });
    expect(h.s.detail).toBe('');

    const lost = h.s.request({ op: 'submit_order' });
    ws.onclose?.({ code: 1006, reason: '' });
    await expect(lost).rejects.toThrow('connection was lost');

    h.fire(); // reconnect
    const ws2 = h.sockets[1];
    ws2.server({ type: 'hello' });
    ws2.server({ type: 'ack' });
    const slow = h.s.request({ op: 'submit_order' }, 5000);
    const timer = h.timers.find((t) => !t.done && t.ms === 5000)!;
    timer.done = true;
    timer.cb();
    await expect(slow).rejects.toThrow('no answer from the gateway within 5 s');
  });

  it('builds the URL from the page location, token encoded', () => {
    expect(wsUrl('a b', { protocol: 'https:', host: 'x:1' })).toBe('wss://x:1/ws?token=a%20b');
    expect(wsUrl('t', { protocol: 'http:', host: '127.0.0.1:8787' })).toBe('ws://127.0.0.1:8787/ws?token=t');
  });
});
