/**
 * The user-data stream of the fake Binance (testing/fake-binance.ts): how the account's order and balance changes
 * reach a client without polling, in both of Binance's spot protocols.
 *
 * WebSocket API (what ccxt 4.5 uses for spot): on a socket to /ws-api/v3 the client sends
 *   {"id":"1","method":"userDataStream.subscribe.signature","params":{"apiKey":..,"timestamp":..,"signature":..}}
 * and is answered {"id":"1","status":200,"result":{"subscriptionId":0}}; from then on each account change arrives as
 * {"subscriptionId":0,"event":{"e":"executionReport",...}} / {"subscriptionId":0,"event":{"e":"outboundAccountPosition",...}}.
 * The connection is kept alive by WebSocket ping/pong frames (the client pings; `stallUserStreams()` stops answering).
 *
 * listenKey (Binance's older spot protocol): POST /api/v3/userDataStream -> {"listenKey"}; PUT with listenKey keeps
 * it alive for 60 more minutes; DELETE closes it; events arrive bare on a socket to /ws/<listenKey>. An expired or
 * closed key is refused (-1125) and its sockets are closed.
 *
 * Binance does not replay events: an event raised while no socket is subscribed is lost, which is what a client's
 * reconciliation after a reconnect must make up for.
 */
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import type { FakeOrder, FakeTrade } from './fake-binance-account.ts';
import type { FakeRequest } from './fake-binance.ts';

export type ExecutionType = 'NEW' | 'TRADE' | 'CANCELED';

const LISTEN_KEY_TTL_MS = 60 * 60_000;
const s8 = (x: number): string => x.toFixed(8);

interface Subscriber {
  ws: WebSocket;
  /** Set for a WebSocket API subscription (events are wrapped), undefined for a listenKey socket (events bare). */
  subscriptionId?: number;
  listenKey?: string;
  /** Events are dropped instead of sent while a test stalls the stream. */
  stalled: boolean;
}

export class FakeUserDataStream {
  /** Every event raised by the account, sent or not (tests compare with it). */
  readonly events: Array<Record<string, unknown>> = [];
  /** Every user-stream request (subscribe, unsubscribe, listenKey create/keep-alive/close). */
  readonly requests: Array<{ method: string; at: number }> = [];
  private readonly subscribers = new Set<Subscriber>();
  private readonly listenKeys = new Map<string, number>();
  private nextSubscriptionId = 0;
  private nextKey = 1;
  private waiters: Array<() => void> = [];

  constructor(private readonly now: () => number) {}

  /** Sockets subscribed right now (WebSocket API and listenKey). */
  get subscribed(): number {
    return [...this.subscribers].filter((s) => s.ws.readyState === s.ws.OPEN).length;
  }

  /** Resolves once a client has subscribed `n` times in all (counting resubscriptions after drops). */
  waitForSubscriptions(n: number): Promise<void> {
    const done = (): boolean => this.requests.filter((r) => r.method === 'userDataStream.subscribe.signature' || r.method === 'listenKey.socket').length >= n;
    if (done()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = (): void => {
        if (done()) resolve();
        else this.waiters.push(check);
      };
      this.waiters.push(check);
    });
  }

  /** Closes every user-data socket abruptly (a dropped stream); the subscriptions die with them. */
  drop(): void {
    for (const s of this.subscribers) s.ws.terminate();
    this.subscribers.clear();
  }

  /** The sockets stay open but go silent: no events, no pongs (a half-open connection only keep-alive can detect). */
  stall(): void {
    for (const s of this.subscribers) {
      s.stalled = true;
      (s.ws as unknown as { _autoPong: boolean })._autoPong = false;
    }
  }

  /** A WebSocket upgrade: true when the path is a user-data one (and the socket is now handled here). */
  accepts(req: IncomingMessage): 'ws-api' | 'listenKey' | undefined {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (/\/ws-api\/v3$/.test(path)) return 'ws-api';
    const m = /\/ws\/([A-Za-z0-9]{20,})$/.exec(path);
    if (m && this.listenKeys.has(m[1])) return 'listenKey';
    return undefined;
  }

  onSocket(ws: WebSocket, req: IncomingMessage, kind: 'ws-api' | 'listenKey'): void {
    if (kind === 'listenKey') {
      const key = /\/ws\/([A-Za-z0-9]+)$/.exec(new URL(req.url ?? '/', 'http://x').pathname)![1];
      const sub: Subscriber = { ws, listenKey: key, stalled: false };
      this.subscribers.add(sub);
      ws.on('close', () => this.subscribers.delete(sub));
      this.note('listenKey.socket');
      return;
    }
    ws.on('message', (data) => {
      let msg: { id?: string | number; method?: string; params?: Record<string, unknown> };
      try {
        msg = JSON.parse(String(data));
      } catch {
        ws.send(JSON.stringify({ id: null, status: 400, error: { code: -1100, msg: 'Illegal characters found in a parameter.' } }));
        return;
      }
      const reply = (body: Record<string, unknown>): void => ws.send(JSON.stringify({ id: msg.id, ...body }));
      if (msg.method === 'userDataStream.subscribe.signature') {
        const p = msg.params ?? {};
        if (typeof p.apiKey !== 'string' || typeof p.signature !== 'string' || typeof p.timestamp !== 'number') {
          return reply({ status: 400, error: { code: -1102, msg: 'Mandatory parameter apiKey, timestamp or signature was not sent.' } });
        }
        const sub: Subscriber = { ws, subscriptionId: this.nextSubscriptionId++, stalled: false };
        this.subscribers.add(sub);
        ws.once('close', () => this.subscribers.delete(sub));
        reply({ status: 200, result: { subscriptionId: sub.subscriptionId } });
        this.note(msg.method);
      } else if (msg.method === 'userDataStream.unsubscribe') {
        for (const s of this.subscribers) if (s.ws === ws) this.subscribers.delete(s);
        reply({ status: 200, result: {} });
        this.note(msg.method);
      } else if (msg.method === 'ping') {
        reply({ status: 200, result: {} });
      } else {
        reply({ status: 400, error: { code: -1100, msg: `fake-binance: unknown method ${String(msg.method)}` } });
      }
    });
  }

  /** POST/PUT/DELETE /api/v3/userDataStream (listenKey protocol); undefined for any other path. */
  handle(req: FakeRequest): { status?: number; body: unknown } | undefined {
    if (req.path !== '/api/v3/userDataStream') return undefined;
    if (!req.headers['x-mbx-apikey']) return { status: 401, body: { code: -2014, msg: 'API-key format invalid.' } };
    const key = req.query.listenKey ?? new URLSearchParams(req.body).get('listenKey') ?? '';
    this.expireKeys();
    if (req.method === 'POST') {
      const k = `fakeListenKey${String(this.nextKey++).padStart(20, '0')}`;
      this.listenKeys.set(k, this.now() + LISTEN_KEY_TTL_MS);
      this.note('listenKey.create');
      return { body: { listenKey: k } };
    }
    if (!this.listenKeys.has(key)) return { status: 400, body: { code: -1125, msg: 'This listenKey does not exist.' } };
    if (req.method === 'PUT') {
      this.listenKeys.set(key, this.now() + LISTEN_KEY_TTL_MS);
      this.note('listenKey.keepAlive');
      return { body: {} };
    }
    if (req.method === 'DELETE') {
      this.closeKey(key);
      this.note('listenKey.close');
      return { body: {} };
    }
    return { status: 405, body: { code: -1, msg: 'fake-binance: method not allowed' } };
  }

  /** When a listenKey expires (no keep-alive within 60 minutes of server time). */
  listenKeyExpiry(key: string): number | undefined {
    return this.listenKeys.get(key);
  }

  /** The account changed an order: executionReport, as Binance sends it for a new order, a fill and a cancel. */
  execution(o: FakeOrder, x: ExecutionType, quote: string, trade?: FakeTrade): void {
    const t = trade?.time ?? o.updateTime;
    this.emit({
      e: 'executionReport', E: this.now(), s: o.symbol, c: x === 'CANCELED' ? `cancel-${o.orderId}` : o.clientOrderId, S: o.side, o: o.type,
      f: 'GTC', q: s8(o.origQty), p: s8(o.price), P: '0.00000000', F: '0.00000000', g: -1, C: x === 'CANCELED' ? o.clientOrderId : '',
      x, X: o.status, r: 'NONE', i: o.orderId, l: s8(trade?.qty ?? 0), z: s8(o.executedQty), L: s8(trade?.price ?? 0), n: '0', N: trade ? quote : null,
      T: t, t: trade?.id ?? -1, v: -1, I: o.orderId * 10 + (trade?.id ?? 0), w: x === 'NEW' && o.type === 'LIMIT', m: trade?.isMaker ?? false, M: false,
      O: o.time, Z: s8(o.cummulativeQuoteQty), Y: s8((trade?.qty ?? 0) * (trade?.price ?? 0)), Q: '0.00000000', W: o.time, V: 'EXPIRE_MAKER',
    });
  }

  /** Balances of the assets an order or fill changed (free and locked), as outboundAccountPosition. */
  accountPosition(balances: Array<{ asset: string; free: number; locked: number }>): void {
    const t = this.now();
    this.emit({ e: 'outboundAccountPosition', E: t, u: t, B: balances.map((b) => ({ a: b.asset, f: s8(b.free), l: s8(b.locked) })) });
  }

  private emit(event: Record<string, unknown>): void {
    this.events.push(event);
    for (const s of this.subscribers) {
      if (s.stalled || s.ws.readyState !== s.ws.OPEN) continue;
      if (s.listenKey !== undefined && !this.listenKeys.has(s.listenKey)) continue;
      s.ws.send(JSON.stringify(s.subscriptionId !== undefined ? { subscriptionId: s.subscriptionId, event } : event));
    }
  }

  private note(method: string): void {
    this.requests.push({ method, at: this.now() });
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private expireKeys(): void {
    for (const [k, until] of this.listenKeys) if (until <= this.now()) this.closeKey(k);
  }

  private closeKey(key: string): void {
    this.listenKeys.delete(key);
    for (const s of this.subscribers) {
      if (s.listenKey !== key) continue;
      // Binance tells the socket why before it closes it.
      if (s.ws.readyState === s.ws.OPEN) s.ws.send(JSON.stringify({ e: 'listenKeyExpired', E: this.now(), listenKey: key }));
      s.ws.close();
      this.subscribers.delete(s);
    }
  }
}
