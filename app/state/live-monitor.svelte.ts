import { ApiError, type ApiClient } from '../api/client.ts';
import type { KillSwitchResponse, LiveStrategy, LiveSummary, PaperOrder, ResumeResponse, TradingStateWire } from '../../shared/api/index.ts';
import { LiveSocket, SocketRequestError, wsUrl, type SocketEvent, type SocketLike } from '../live/live-socket.svelte.ts';

// What the desktop Live view and the phone monitor show about trading on the gateway: one GET /api/live/summary
// (PnL today, equity and its history, positions, fills, open orders, strategies, trading state), refreshed whenever
// the WebSocket reports an order, position, account or strategy event, and every few seconds for the marks.
// Nothing here is ever filled with made-up numbers: what the gateway does not report stays empty and says so.

/**
 * An idempotency key for a manual order: a resend with it is answered with the order already placed. (getRandomValues,
 * not randomUUID: a phone on the LAN reaches the gateway over plain http, where randomUUID does not exist.)
 */
function newClientOrderId(): string {
  const b = globalThis.crypto.getRandomValues(new Uint8Array(12));
  return `ui-${Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')}`;
}

export interface MonitorPosition {
  instrumentId: string;
  side: 'long' | 'short';
  quantity: number;
  avgPrice: number;
  realizedPnl: number;
  unrealizedPnl: number | null;
  mark: number | null;
  currency: string;
}

export interface MonitorFill {
  id: string;
  time?: number;
  instrumentId: string;
  side: 'buy' | 'sell';
  quantity: number;
  price: number;
  strategyId?: string;
}

export interface MonitorAlert {
  id: string;
  time: number;
  level: 'info' | 'warning' | 'critical';
  message: string;
}

/** One line of the live event stream (orders, positions, strategies, trading state) as it arrived on /ws. */
export interface ActivityItem {
  id: number;
  time: number;
  topic: string;
  text: string;
}

export interface LiveStatus {
  mode: 'paper' | 'live';
  synthetic: boolean;
  currency: string;
  pnlToday: number | null;
  pnl: LiveSummary['pnlToday'] | null;
  equityNow: number | null;
  equity: { time: number; value: number }[];
  balances: { currency: string; total: number; free: number }[];
  positions: MonitorPosition[];
  fills: MonitorFill[];
}

export type Connection = 'checking' | 'needs-token' | 'unavailable' | 'connected' | 'error';

const TOKEN_HELP = "Paste the gateway's API token in Settings (the file api-token in the gateway's AIO_HOME).";
/** Topics the monitor streams; `alerts` is published by the gateway's alerting when it is configured. */
export const LIVE_TOPICS = ['orders.*', 'positions.*', 'account.state', 'strategies.*', 'risk.*', 'alerts', 'alerts.*'];
const MAX_ACTIVITY = 40;

export function statusOf(s: LiveSummary): LiveStatus {
  return {
    mode: 'paper',
    synthetic: s.synthetic,
    currency: s.currency,
    pnlToday: s.pnlToday.total,
    pnl: s.pnlToday,
    equityNow: s.equity.now,
    equity: s.equity.series,
    balances: s.balances,
    positions: s.positions.map((p) => ({
      instrumentId: p.instrument,
      side: p.side.toUpperCase() === 'SHORT' ? 'short' : 'long',
      quantity: p.quantity,
      avgPrice: p.avgPxOpen,
      realizedPnl: p.realizedPnl,
      unrealizedPnl: p.unrealizedPnl,
      mark: p.mark,
      currency: p.currency,
    })),
    fills: s.fills.map((f) => ({
      // Venue trade ids restart with the venue (SIM-T1 again after a gateway restart); order ids carry the run.
      id: `${f.orderId}/${f.tradeId}`,
      time: f.ts,
      instrumentId: f.instrument,
      side: f.side.toUpperCase() === 'SELL' ? 'sell' : 'buy',
      quantity: f.quantity,
      price: f.price,
      strategyId: f.strategyId,
    })),
  };
}

/** One line of text for a streamed event: what a trader wants to read in the activity list. */
export function describeEvent(e: SocketEvent): string {
  const d = (e.data ?? {}) as Record<string, unknown>;
  const str = (k: string): string => (typeof d[k] === 'string' || typeof d[k] === 'number' ? String(d[k]) : '');
  if (e.topic.startsWith('orders.')) {
    const kind = e.topic.slice('orders.'.length).replace(/^Order/, '');
    if (kind === 'Filled') return `Filled ${str('orderSide')} ${str('lastQty')} ${str('instrumentId')} @ ${str('lastPx')} (${str('clientOrderId')})`;
    const reason = str('reason');
    return `${kind} ${str('clientOrderId')} ${str('instrumentId')}${reason ? `: ${reason}` : ''}`.trim();
  }
  if (e.topic.startsWith('positions.')) {
    const p = (d.position ?? {}) as Record<string, unknown>;
    return `${e.topic.slice('positions.'.length).replace(/^Position/, 'Position ')}: ${String(p.instrumentId ?? '')} ${String(p.side ?? '')} ${String(p.quantity ?? '')}`.trim();
  }
  if (e.topic.startsWith('strategies.')) return `Strategy ${str('id')} ${e.topic.slice('strategies.'.length)} (${str('name')})`;
  if (e.topic.startsWith('risk.')) return `Trading state ${str('from')} → ${str('to')} (${str('why')})`;
  if (e.topic === 'account.state') return 'Account balances changed';
  return e.topic;
}

/**
 * An `alerts` topic message as a line for the Alerts panel. The gateway's alert service sends
 * { id: rule id, condition: { kind, instrument?, indicator?, period?, op, value }, note, observed, time };
 * anything else is shown by its `message`/`text`, or as JSON. The list key is per event: a rule fires many times.
 */
export function alertOf(e: SocketEvent, seq: number): MonitorAlert {
  const d = (typeof e.data === 'object' && e.data !== null ? e.data : { message: String(e.data) }) as Record<string, unknown>;
  const c = (typeof d.condition === 'object' && d.condition !== null ? d.condition : null) as Record<string, unknown> | null;
  let message: string;
  if (typeof d.message === 'string') message = d.message;
  else if (typeof d.text === 'string') message = d.text;
  else if (c) {
    const what = c.kind === 'pnl' ? 'PnL' : c.kind === 'indicator' ? `${String(c.instrument)} ${String(c.indicator)}(${String(c.period)})` : `${String(c.instrument)} price`;
    const observed = typeof d.observed === 'number' ? ` (now ${Math.round(d.observed * 100) / 100})` : '';
    message = `${typeof d.note === 'string' && d.note ? `${d.note}: ` : ''}${what} ${String(c.op)} ${String(c.value)}${observed}`;
  } else message = JSON.stringify(d);
  const level = d.level === 'critical' || d.level === 'warning' ? d.level : c?.kind === 'pnl' && c.op === 'below' ? 'warning' : 'info';
  return { id: `${String(d.id ?? 'alert')}#${seq}`, time: typeof d.time === 'number' ? d.time : e.time, level, message };
}

function messageOf(err: unknown): string {
  return err instanceof ApiError ? err.message : String(err);
}

export class LiveMonitor {
  connection = $state<Connection>('checking');
  message = $state('');
  summary = $state.raw<LiveSummary | null>(null);
  status = $derived(this.summary ? statusOf(this.summary) : null);

  killState = $state<'idle' | 'sending' | 'done' | 'error'>('idle');
  killMessage = $state('');
  /** Result of the last deploy / stop / resume / order, for the user. */
  actionMessage = $state('');
  actionError = $state(false);
  busy = $state(false);

  activity = $state.raw<ActivityItem[]>([]);
  alerts = $state.raw<MonitorAlert[]>([]);
  socket: LiveSocket;

  positions = $derived(this.status?.positions ?? []);
  fills = $derived(this.status?.fills ?? []);
  equity = $derived(this.status?.equity ?? []);
  strategies = $derived<LiveStrategy[]>(this.summary?.strategies ?? []);
  openOrders = $derived<PaperOrder[]>(this.summary?.openOrders ?? []);
  tradingState = $derived<TradingStateWire | null>(this.summary?.tradingState ?? null);

  #seq = 0;
  #refreshTimer: ReturnType<typeof setTimeout> | undefined;
  #inFlight: Promise<void> | null = null;
  #again = false;

  constructor(
    private readonly api: ApiClient,
    private readonly token: () => string | null,
    socketFactory?: (url: string) => SocketLike,
  ) {
    this.socket = new LiveSocket({
      url: () => wsUrl(this.token() ?? ''),
      topics: LIVE_TOPICS,
      onEvent: (e) => this.onEvent(e),
      // After a (re)connect, reload: events sent while disconnected were missed.
      onOpen: () => void this.refresh(),
      ...(socketFactory ? { create: socketFactory } : {}),
    });
  }

  private hasToken(): boolean {
    return this.token() !== null;
  }

  /** Starts streaming (when there is a token) and periodic refreshes; returns the teardown. */
  start(pollMs = 5_000): () => void {
    void this.refresh();
    const stopSocket = this.hasToken() ? this.socket.start() : () => {};
    const t = setInterval(() => void this.refresh(), pollMs);
    return () => {
      clearInterval(t);
      clearTimeout(this.#refreshTimer);
      stopSocket();
    };
  }

  onEvent(e: SocketEvent): void {
    if (e.topic === 'alerts' || e.topic.startsWith('alerts.')) {
      this.alerts = [alertOf(e, ++this.#seq), ...this.alerts].slice(0, 50);
      return;
    }
    this.activity = [{ id: ++this.#seq, time: e.time, topic: e.topic, text: describeEvent(e) }, ...this.activity].slice(0, MAX_ACTIVITY);
    // Several events arrive together (submitted, accepted, filled, position, account): one reload after them.
    clearTimeout(this.#refreshTimer);
    this.#refreshTimer = setTimeout(() => void this.refresh(), 150);
  }

  async refresh(): Promise<void> {
    if (this.#inFlight) {
      this.#again = true;
      return this.#inFlight;
    }
    this.#inFlight = this.#load().finally(() => {
      this.#inFlight = null;
      if (this.#again) {
        this.#again = false;
        void this.refresh();
      }
    });
    return this.#inFlight;
  }

  async #load(): Promise<void> {
    if (!this.hasToken()) {
      this.summary = null;
      this.connection = 'needs-token';
      this.message = `Paper and live trading data need the gateway's API token. ${TOKEN_HELP}`;
      return;
    }
    try {
      this.summary = await this.api.get<LiveSummary>('/api/live/summary');
      this.connection = 'connected';
      this.message = '';
    } catch (err) {
      this.summary = null;
      if (err instanceof ApiError && err.status === 404) {
        this.connection = 'unavailable';
        this.message = 'This gateway does not provide paper or live trading (GET /api/live/summary is missing), so there are no positions, fills or alerts to show.';
      } else if (err instanceof ApiError && err.status === 401) {
        this.connection = 'needs-token';
        this.message = `The gateway refused the API token. ${TOKEN_HELP}`;
      } else {
        this.connection = 'error';
        this.message = messageOf(err);
      }
    }
  }

  async #act(what: () => Promise<string>): Promise<boolean> {
    this.busy = true;
    try {
      this.actionMessage = await what();
      this.actionError = false;
      await this.refresh();
      return true;
    } catch (err) {
      this.actionError = true;
      this.actionMessage =
        err instanceof ApiError && err.status === 401 ? `The gateway refused the API token. ${TOKEN_HELP}` : messageOf(err);
      return false;
    } finally {
      this.busy = false;
    }
  }

  /** Deploys a StrategySpec to the paper venue. */
  deploy(spec: unknown, instrument: string): Promise<boolean> {
    return this.#act(async () => {
      const s = await this.api.post<LiveStrategy>('/api/live/strategies', { spec, instrument });
      return `Deployed ${s.name} as ${s.id} on ${s.instrument} (${s.timeframe}); it trades once its indicators have warmed up on live bars.`;
    });
  }

  stopStrategy(id: string): Promise<boolean> {
    return this.#act(async () => {
      const s = await this.api.post<LiveStrategy>(`/api/live/strategies/${encodeURIComponent(id)}/stop`, {});
      return `Stopped ${s.id} (${s.name}).`;
    });
  }

  /** A manual paper order (market), e.g. to open or flatten a position by hand. */
  submitOrder(o: { instrument: string; side: 'BUY' | 'SELL'; quantity: number }): Promise<boolean> {
    return this.#act(async () => {
      const x = await this.#placeOrder({ ...o, type: 'MARKET', clientOrderId: newClientOrderId() });
      if (x.status === 'DENIED') throw new ApiError('DENIED', `Order ${x.orderId} was denied by the risk engine${this.tradingState === 'HALTED' ? ': trading is halted (Resume first)' : ''}.`, 200);
      if (x.status === 'REJECTED') throw new ApiError('REJECTED', `Order ${x.orderId} was rejected by the paper venue.`, 200);
      return `Order ${x.orderId}: ${x.status}${x.avgPx !== null ? ` ${x.filledQty} @ ${x.avgPx}` : ''}.`;
    });
  }

  /**
   * Places an order on the live socket when it is open (no HTTP request per order), else by POST /api/paper/orders.
   * It carries a clientOrderId: when the socket drops or times out before the answer, the same order is sent again
   * over HTTP and the gateway answers with the order it already placed, if it did, rather than placing a second one.
   */
  async #placeOrder(body: { instrument: string; side: 'BUY' | 'SELL'; quantity: number; type: 'MARKET'; clientOrderId: string }): Promise<PaperOrder> {
    if (this.socket.state === 'open') {
      try {
        const r = await this.socket.request({ op: 'submit_order', order: body });
        if (r.type === 'order') return r.order as PaperOrder;
        throw new ApiError(r.code ?? 'ERROR', r.message ?? 'the gateway refused the order', 400);
      } catch (e) {
        if (!(e instanceof SocketRequestError)) throw e;
      }
    }
    return (await this.api.post<{ order: PaperOrder }>('/api/paper/orders', body)).order;
  }

  resume(): Promise<boolean> {
    return this.#act(async () => {
      const r = await this.api.post<ResumeResponse>('/api/live/resume', {});
      this.killState = 'idle';
      this.killMessage = '';
      return `Trading ${r.tradingState === 'ACTIVE' ? 'resumed: new orders are accepted again' : `state: ${r.tradingState}`}. Stopped strategies stay stopped; deploy them again to restart.`;
    });
  }

  /** Halts trading, stops every strategy, cancels every open order. Called only after the user confirmed. */
  async killSwitch(): Promise<void> {
    this.killState = 'sending';
    try {
      const r = await this.api.post<KillSwitchResponse>('/api/live/kill-switch', { confirm: true, reason: 'kill switch in the app' });
      this.killState = 'done';
      const n = (k: number, one: string) => `${k} ${one}${k === 1 ? '' : 's'}`;
      this.killMessage =
        `Kill switch sent: trading is ${r.tradingState}, ${n(r.strategiesStopped.length, 'strategy')} stopped, ${n(r.ordersCanceled.length, 'order')} canceled.` +
        (r.ordersStillOpen.length ? ` Still open: ${r.ordersStillOpen.join(', ')}.` : '') +
        (r.positionsLeftOpen ? ` ${n(r.positionsLeftOpen, 'position')} left open (the kill switch does not flatten).` : '');
      await this.refresh();
    } catch (err) {
      this.killState = 'error';
      if (err instanceof ApiError && err.status === 404) {
        this.killMessage = 'The gateway has no kill switch (POST /api/live/kill-switch is missing). Nothing was sent to any venue: stop trading at the venue directly.';
      } else if (err instanceof ApiError && err.status === 401) {
        this.killMessage = `The gateway refused the kill switch without a valid API token. Nothing was sent to any venue. ${TOKEN_HELP}`;
      } else {
        this.killMessage = `Kill switch failed: ${messageOf(err)} Stop trading at the venue directly.`;
      }
    }
  }
}
