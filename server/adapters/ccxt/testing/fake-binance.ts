/**
 * A local exchange that speaks Binance's spot REST and WebSocket formats, for testing REAL ccxt offline
 * (PLATFORM.md: rewrite every entry of exchange.urls.api to http://127.0.0.1:PORT).
 *
 * Built in:  GET /api/v3/ping, /api/v3/time, /api/v3/exchangeInfo, /api/v3/klines; WS SUBSCRIBE/UNSUBSCRIBE with
 *            <symbol>@kline_<interval> and <symbol>@trade streams.
 * Extending: `route(method, path, handler)` adds or overrides any REST endpoint (e.g. POST /api/v3/order,
 *            GET /api/v3/account for order tests, issue 7); `sendRaw(stream, payload)` pushes any WS event;
 *            `failNext(path, status, body)` injects errors (429 rate limits, 5xx); `dropConnections()` kills sockets
 *            to exercise reconnects. Every request is recorded in `requests`.
 * Trading:   `account` (testing/fake-binance-account.ts) answers the order, trade and balance endpoints; it is the
 *            ground truth of venue tests. Faults for them: `delayNext` answers late (after the work is done, so a
 *            client that times out does not know the order exists), `dropNext` closes the connection unanswered.
 * User data: `userStream` (testing/fake-binance-user-stream.ts) pushes every account change as executionReport /
 *            outboundAccountPosition on the WebSocket API (/ws-api/v3, what ccxt uses) and on listenKey sockets;
 *            `userStream.drop()` / `stall()` break it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { FakeBinanceAccount } from './fake-binance-account.ts';
import { FakeUserDataStream } from './fake-binance-user-stream.ts';

export interface FakeSymbol {
  symbol: string; // 'BTCUSDT'
  base: string;
  quote: string;
  tickSize: string; // '0.01'
  stepSize: string; // '0.00001'
  minQty?: string;
  minNotional?: string;
  status?: string;
}

/** [openTime, open, high, low, close, volume] as numbers. */
export type FakeKline = [number, number, number, number, number, number];

export interface FakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: string;
  headers: IncomingMessage['headers'];
}

export type RouteHandler = (req: FakeRequest) => { status?: number; body: unknown; headers?: Record<string, string> } | Promise<{ status?: number; body: unknown; headers?: Record<string, string> }>;

const INTERVAL_MS: Record<string, number> = { '1s': 1000, '1m': 60_000, '3m': 180_000, '5m': 300_000, '15m': 900_000, '30m': 1_800_000, '1h': 3_600_000, '2h': 7_200_000, '4h': 14_400_000, '1d': 86_400_000, '1w': 604_800_000 };

export const DEFAULT_SYMBOLS: FakeSymbol[] = [
  { symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', tickSize: '0.01', stepSize: '0.00001', minQty: '0.00001', minNotional: '5' },
  { symbol: 'ETHUSDT', base: 'ETH', quote: 'USDT', tickSize: '0.01', stepSize: '0.0001', minQty: '0.0001', minNotional: '5' },
];

export class FakeBinance {
  readonly requests: FakeRequest[] = [];
  readonly wsMessages: { stream?: string; raw: unknown }[] = [];
  symbols: FakeSymbol[];
  /** Server clock; tests may pin it. */
  now: () => number = () => Date.now();
  /** Largest page /api/v3/klines serves (Binance: 1000). */
  maxKlines = 1000;
  private klines = new Map<string, FakeKline[]>();
  private routes = new Map<string, RouteHandler>();
  private failures: { path: string; status: number; body: unknown; headers?: Record<string, string> }[] = [];
  private delays: { path: string; ms: number }[] = [];
  private drops: { path: string; after: boolean }[] = [];
  /** Balances, orders and trades (the trading endpoints). */
  readonly account = new FakeBinanceAccount(() => this.symbols, () => this.now());
  /** The user-data stream: the account's changes, pushed. */
  readonly userStream = new FakeUserDataStream(() => this.now());
  private server: Server | undefined;
  private wss: WebSocketServer | undefined;
  private subs = new Map<WebSocket, Set<string>>();
  private subscribeWaiters: { stream: string; resolve: () => void }[] = [];
  port = 0;

  constructor(opts: { symbols?: FakeSymbol[] } = {}) {
    this.symbols = opts.symbols ?? DEFAULT_SYMBOLS;
    this.account.onChange = (o, x, assets, trade) => {
      const sym = this.symbols.find((s) => s.symbol === o.symbol)!;
      this.userStream.execution(o, x, sym.quote, trade);
      if (assets.length === 0) return;
      const snap = this.account.snapshot();
      this.userStream.accountPosition(assets.map((a) => ({ asset: a, free: snap[a]?.free ?? 0, locked: snap[a]?.locked ?? 0 })));
    };
  }

  /** The WebSocket API URL (ccxt's urls.api.ws['ws-api']); the user-data stream is subscribed there. */
  get wsApiUrl(): string {
    return `ws://127.0.0.1:${this.port}/ws-api/v3`;
  }

  get restUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /**
   * ccxt decides "spot or contract" for a WS message by looking for '/stream' in the socket URL (the real host is
   * stream.binance.com), so the local WS URL keeps that path segment.
   */
  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/stream/ws`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      const user = this.userStream.accepts(req);
      this.wss!.handleUpgrade(req, socket, head, (ws) => (user ? this.userStream.onSocket(ws, req, user) : this.onSocket(ws)));
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    this.dropConnections();
    this.userStream.drop();
    await new Promise<void>((r) => this.wss?.close(() => r()) ?? r());
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    this.server?.closeAllConnections?.();
  }

  /** Rewrites every REST and WS URL of a ccxt exchange to this server. */
  configure<T extends { urls: Record<string, unknown> }>(exchange: T): T {
    const api = (exchange.urls as { api: Record<string, unknown> }).api;
    for (const [k, v] of Object.entries(api)) {
      if (k === 'ws') continue;
      if (typeof v === 'string') api[k] = v.replace(/^https?:\/\/[^/]+/, this.restUrl);
    }
    const rewriteWs = (o: Record<string, unknown>): void => {
      for (const k of Object.keys(o)) {
        if (typeof o[k] === 'string') o[k] = /\/ws-api\//.test(o[k] as string) ? this.wsApiUrl : this.wsUrl;
        else if (o[k] && typeof o[k] === 'object') rewriteWs(o[k] as Record<string, unknown>);
      }
    };
    if (api.ws && typeof api.ws === 'object') rewriteWs(api.ws as Record<string, unknown>);
    return exchange;
  }

  /**
   * configure() plus what ccxt needs before it opens a plain ws:// socket (it insists on loading its proxy agent
   * first, even without a proxy). Await this before the first watch* call.
   */
  async attach<T extends { urls: Record<string, unknown> }>(exchange: T): Promise<T> {
    this.configure(exchange);
    await (exchange as unknown as { loadHttpProxyAgent?: () => Promise<unknown> }).loadHttpProxyAgent?.();
    return exchange;
  }

  // ---- data ----

  setKlines(symbol: string, interval: string, rows: FakeKline[]): void {
    this.klines.set(`${symbol}|${interval}`, [...rows].sort((a, b) => a[0] - b[0]));
  }

  route(method: string, path: string, handler: RouteHandler): void {
    this.routes.set(`${method.toUpperCase()} ${path}`, handler);
  }

  /** The next request to `path` answers `status` with `body` (e.g. 429 {"code":-1003,...}). */
  failNext(path: string, status: number, body: unknown, headers?: Record<string, string>): void {
    this.failures.push({ path, status, body, headers });
  }

  /** The next request to `path` is carried out, then answered only after `ms` (past a client's timeout). */
  delayNext(path: string, ms: number): void {
    this.delays.push({ path, ms });
  }

  /** The next request to `path` gets its connection closed without an answer; `after`: once the work is done. */
  dropNext(path: string, opts: { after?: boolean } = {}): void {
    this.drops.push({ path, after: opts.after ?? false });
  }

  // ---- websocket ----

  /** Resolves once some client subscribed to `stream` (e.g. 'btcusdt@kline_1m'). */
  waitForSubscription(stream: string): Promise<void> {
    for (const s of this.subs.values()) if (s.has(stream)) return Promise.resolve();
    return new Promise((resolve) => this.subscribeWaiters.push({ stream, resolve }));
  }

  subscriberCount(stream: string): number {
    let n = 0;
    for (const s of this.subs.values()) if (s.has(stream)) n++;
    return n;
  }

  sendRaw(stream: string, payload: unknown): number {
    let n = 0;
    for (const [ws, s] of this.subs) {
      if (s.has(stream) && ws.readyState === ws.OPEN) {
        ws.send(JSON.stringify(payload));
        n++;
      }
    }
    return n;
  }

  /** Pushes a kline event; `closed` is Binance's `x` flag (false while the candle is still forming). */
  pushKline(symbol: string, interval: string, k: FakeKline, closed: boolean): number {
    const [t, o, h, l, c, v] = k;
    const stream = `${symbol.toLowerCase()}@kline_${interval}`;
    return this.sendRaw(stream, {
      e: 'kline',
      E: this.now(),
      s: symbol,
      k: { t, T: t + INTERVAL_MS[interval] - 1, s: symbol, i: interval, f: 1, L: 2, o: String(o), c: String(c), h: String(h), l: String(l), v: String(v), n: 2, x: closed, q: String(v * c), V: '0', Q: '0', B: '0' },
    });
  }

  pushTrade(symbol: string, t: { id: number; price: number; qty: number; time: number; buyerIsMaker: boolean }): number {
    return this.sendRaw(`${symbol.toLowerCase()}@trade`, { e: 'trade', E: this.now(), s: symbol, t: t.id, p: String(t.price), q: String(t.qty), T: t.time, m: t.buyerIsMaker, M: true });
  }

  dropConnections(): void {
    for (const ws of this.subs.keys()) ws.terminate();
    this.subs.clear();
  }

  private onSocket(ws: WebSocket): void {
    this.subs.set(ws, new Set());
    ws.on('message', (data) => {
      let msg: { method?: string; params?: string[]; id?: number };
      try {
        msg = JSON.parse(String(data));
      } catch {
        ws.send(JSON.stringify({ error: { code: 2, msg: 'Invalid JSON' } }));
        return;
      }
      this.wsMessages.push({ raw: msg });
      const set = this.subs.get(ws);
      if (!set) return;
      if (msg.method === 'SUBSCRIBE') for (const p of msg.params ?? []) set.add(p);
      else if (msg.method === 'UNSUBSCRIBE') for (const p of msg.params ?? []) set.delete(p);
      ws.send(JSON.stringify({ result: null, id: msg.id }));
      if (msg.method === 'SUBSCRIBE') {
        this.subscribeWaiters = this.subscribeWaiters.filter((w) => {
          if (set.has(w.stream)) {
            w.resolve();
            return false;
          }
          return true;
        });
      }
    });
    ws.on('close', () => this.subs.delete(ws));
  }

  // ---- REST ----

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.restUrl);
    let body = '';
    for await (const chunk of req) body += chunk;
    const fr: FakeRequest = { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), body, headers: req.headers };
    this.requests.push(fr);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(payload));
    };
    const fi = this.failures.findIndex((f) => f.path === fr.path);
    if (fi >= 0) {
      const f = this.failures.splice(fi, 1)[0];
      return send(f.status, f.body, f.headers);
    }
    const di = this.drops.findIndex((f) => f.path === fr.path);
    const drop = di >= 0 ? this.drops.splice(di, 1)[0] : undefined;
    if (drop && !drop.after) return void req.socket.destroy();
    const custom = this.routes.get(`${fr.method} ${fr.path}`);
    if (custom) {
      const r = await custom(fr);
      return send(r.status ?? 200, r.body, r.headers);
    }
    const acct = this.userStream.handle(fr) ?? this.account.handle(fr);
    if (acct) {
      if (drop) return void req.socket.destroy();
      const dl = this.delays.findIndex((d) => d.path === fr.path);
      if (dl >= 0) await new Promise((r) => setTimeout(r, this.delays.splice(dl, 1)[0].ms));
      if (res.destroyed || req.socket.destroyed) return;
      return send(acct.status ?? 200, acct.body);
    }
    if (fr.method === 'GET' && fr.path === '/api/v3/ping') return send(200, {});
    if (fr.method === 'GET' && fr.path === '/api/v3/time') return send(200, { serverTime: this.now() });
    if (fr.method === 'GET' && fr.path === '/api/v3/exchangeInfo') return send(200, this.exchangeInfo());
    if (fr.method === 'GET' && fr.path === '/api/v3/klines') return this.serveKlines(fr, send);
    send(404, { code: -1, msg: `fake-binance: no route ${fr.method} ${fr.path}` });
  }

  private serveKlines(fr: FakeRequest, send: (s: number, b: unknown) => void): void {
    const { symbol, interval } = fr.query;
    if (!symbol || !this.symbols.some((s) => s.symbol === symbol)) return send(400, { code: -1121, msg: 'Invalid symbol.' });
    if (!INTERVAL_MS[interval]) return send(400, { code: -1120, msg: 'Invalid interval.' });
    const limit = Math.min(Number(fr.query.limit ?? 500), this.maxKlines);
    const start = fr.query.startTime !== undefined ? Number(fr.query.startTime) : -Infinity;
    const end = fr.query.endTime !== undefined ? Number(fr.query.endTime) : Infinity;
    const all = (this.klines.get(`${symbol}|${interval}`) ?? []).filter((k) => k[0] >= start && k[0] <= end);
    // Without startTime Binance returns the most recent `limit` klines.
    const rows = fr.query.startTime === undefined ? all.slice(-limit) : all.slice(0, limit);
    const ms = INTERVAL_MS[interval];
    send(
      200,
      rows.map(([t, o, h, l, c, v]) => [t, fmt(o), fmt(h), fmt(l), fmt(c), fmt(v), t + ms - 1, fmt(v * c), 10, '0', '0', '0']),
    );
  }

  private exchangeInfo(): unknown {
    return {
      timezone: 'UTC',
      serverTime: this.now(),
      rateLimits: [
        { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
        { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
      ],
      exchangeFilters: [],
      symbols: this.symbols.map((s) => ({
        symbol: s.symbol,
        status: s.status ?? 'TRADING',
        baseAsset: s.base,
        baseAssetPrecision: 8,
        quoteAsset: s.quote,
        quotePrecision: 8,
        quoteAssetPrecision: 8,
        baseCommissionPrecision: 8,
        quoteCommissionPrecision: 8,
        orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'],
        icebergAllowed: true,
        ocoAllowed: true,
        quoteOrderQtyMarketAllowed: true,
        allowTrailingStop: true,
        cancelReplaceAllowed: true,
        isSpotTradingAllowed: true,
        isMarginTradingAllowed: false,
        filters: [
          { filterType: 'PRICE_FILTER', minPrice: s.tickSize, maxPrice: '1000000.00000000', tickSize: s.tickSize },
          { filterType: 'LOT_SIZE', minQty: s.minQty ?? s.stepSize, maxQty: '9000.00000000', stepSize: s.stepSize },
          { filterType: 'NOTIONAL', minNotional: s.minNotional ?? '5', applyMinToMarket: true, maxNotional: '9000000.00000000', applyMaxToMarket: false, avgPriceMins: 5 },
        ],
        permissions: [],
        permissionSets: [['SPOT']],
        defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
        allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
      })),
    };
  }
}

function fmt(x: number): string {
  return x.toFixed(8);
}
