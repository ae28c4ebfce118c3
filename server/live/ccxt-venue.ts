/**
 * The ccxt venue as a gateway service: orders on a real exchange through the ccxt execution client, with the journal
 * as the gateway's memory and the venue as the ground truth.
 *
 * Write-ahead: an order's intent (`ccxt.submit`, with its client order id) is durably journaled BEFORE it is sent, so a
 * gateway killed mid-request knows on restart that the order may exist, and asks the venue by client order id instead
 * of sending it again. Every state the venue reports is journaled as `ccxt.order`; balances as `ccxt.balances`.
 *
 * Order changes and balances are learned from the exchange's user-data stream (ccxt watchOrders / watchBalance,
 * adapters/ccxt/user-stream.ts) within milliseconds of the venue's event; each state is journaled as `ccxt.order`
 * with `via: 'stream'`. The stream is the fast path, reconciliation the ground truth: it runs after every
 * (re)subscription (a venue does not replay what a dropped socket missed), every `streamPollMs` while the stream is up
 * and every `pollMs` while it is down or off. Every state, streamed or polled, goes through one merge that ignores
 * a state older than the one known (less filled, or open after closed), so the order a fill is learned in cannot
 * report it twice.
 *
 * Reconciliation (at start, then periodically, and on demand): orders the gateway believes open or unknown are
 * looked up at the venue; fills that happened while the gateway was down are adopted from the venue's answer; an
 * intent the venue never received becomes `not_placed` (never resent blindly: the caller decides); open orders at
 * the venue the journal does not know are adopted and reported; balances are replaced by the venue's.
 */
import type { Exchange } from 'ccxt';
import { createCcxtClients, type CcxtClients } from '../adapters/ccxt/factory.ts';
import type { VenueOrderState } from '../adapters/ccxt/execution-client.ts';
import type { Journal, JournalEntry } from '../journal/journal.ts';
import type { Hub } from '../ws/hub.ts';
import type { CcxtVenueConfig } from './ccxt-venue-config.ts';
import type { Instrument } from '../../shared/model/index.ts';
import type { TimeSource } from '../../shared/engine/clock.ts';
import { CCXT_NAMING, CcxtLiveNode, type LiveDeployment } from './ccxt-node.ts';
import { activeDeployments, journalingHooks, redeploy, type RedeployReport } from './ccxt-redeploy.ts';
import { venueOf } from '../adapters/ccxt/config.ts';
import { PolledVenueService } from './polled-venue.ts';
import { CcxtUserStream, canStreamOrders } from '../adapters/ccxt/user-stream.ts';
import { CcxtVenueError } from './ccxt-venue-error.ts';

export { CcxtVenueError };

export interface CcxtOrderRequestWire {
  clientOrderId?: string;
  instrument: string;
  side: 'BUY' | 'SELL';
  type: 'MARKET' | 'LIMIT';
  quantity: number;
  price?: number;
  /** The live strategy that placed it (set by the live node; a restarted gateway gives it its fills back). */
  strategyId?: string;
}

export interface CcxtOrderView extends VenueOrderState {
  instrument: string;
  strategyId?: string;
}

export interface ReconcileReport {
  at: number;
  checked: number;
  changed: string[];
  adopted: string[];
  notPlaced: string[];
  stillUnknown: string[];
}

const LIVE = new Set(['open', 'unknown']);
const FINAL = new Set(['closed', 'canceled', 'rejected']);

/**
 * True when `next` is an older picture of the order than `cur` (a REST answer read before a streamed event was
 * processed, or the other way round): less filled, open again after a final state, or unknown after a known one.
 */
export function isStale(cur: VenueOrderState, next: VenueOrderState): boolean {
  if (next.filled < cur.filled - 1e-12) return true;
  if (FINAL.has(cur.status) && !FINAL.has(next.status)) return true;
  return next.status === 'unknown' && cur.status !== 'unknown';
}

const sameState = (a: VenueOrderState, b: VenueOrderState): boolean =>
  a.status === b.status && a.filled === b.filled && a.venueOrderId === b.venueOrderId && (a.status !== 'unknown' || a.reason === b.reason);

/**
 * Points every REST and WebSocket URL of the exchange at a local server (tests); loopback only, checked by the config.
 * WebSocket hosts become ws://host/stream: ccxt's Binance tells spot streams from contract ones by '/stream' in the URL.
 */
function rewriteUrls(e: Exchange, baseUrl: string): void {
  const api = (e.urls as { api: Record<string, unknown> }).api;
  const wsBase = `${baseUrl.replace(/^http/, 'ws')}/stream`;
  const rewriteWs = (o: Record<string, unknown>): void => {
    for (const k of Object.keys(o)) {
      if (typeof o[k] === 'string') o[k] = (o[k] as string).replace(/^wss?:\/\/[^/]+/, wsBase);
      else if (o[k] && typeof o[k] === 'object') rewriteWs(o[k] as Record<string, unknown>);
    }
  };
  for (const [k, v] of Object.entries(api)) {
    if (typeof v === 'string') api[k] = v.replace(/^https?:\/\/[^/]+/, baseUrl);
    else if (k === 'ws' && v && typeof v === 'object') rewriteWs(v as Record<string, unknown>);
  }
}

export class CcxtVenueService extends PolledVenueService<ReconcileReport> {
  readonly clients: CcxtClients;
  private readonly orders = new Map<string, CcxtOrderView>();
  private balances: Array<{ currency: string; free: number; locked: number; total: number }> = [];
  private lastReconcile: ReconcileReport | null = null;
  private seq = 0;
  private instrumentIds: string[] = [];
  private loadedInstruments: Instrument[] = [];
  /** Submits still running in this process: their own lookups settle them, the reconciler leaves them alone. */
  private readonly inFlight = new Set<string>();
  private node: CcxtLiveNode | undefined;
  private stream: CcxtUserStream | undefined;
  private streamUps = 0;
  /** Strategies deployed and not stopped when the journal ends: deployed again once the venue is reconciled. */
  private readonly toRedeploy: LiveDeployment[];
  /** Every order state change (the live node turns them into kernel events). */
  onOrder?: (o: CcxtOrderView) => void;

  constructor(
    private readonly config: CcxtVenueConfig,
    private readonly journal: Journal,
    private readonly hub: Hub,
    private readonly now: () => number,
  ) {
    super();
    this.clients = createCcxtClients(
      { exchangeId: config.exchangeId, apiKey: config.apiKey, secret: config.secret, sandbox: config.sandbox, rateLimitMs: config.rateLimitMs },
      { configure: (e) => (config.baseUrl ? rewriteUrls(e, config.baseUrl) : undefined) },
    );
    this.clients.exchange.timeout = config.timeoutMs;
    // Rebuild from the journal: every intent and the last venue state of each order, the last balances.
    const strategyEntries: JournalEntry[] = [];
    for (const e of journal.entries(1, Number.MAX_SAFE_INTEGER)) {
      if (e.kind.startsWith('ccxt.strategy.')) strategyEntries.push(e);
      if (e.kind === 'ccxt.submit') {
        const p = JSON.parse(e.payload) as CcxtOrderView;
        if (!this.orders.has(p.clientOrderId)) this.orders.set(p.clientOrderId, p);
      } else if (e.kind === 'ccxt.order') {
        const p = (JSON.parse(e.payload) as { order: CcxtOrderView }).order;
        this.orders.set(p.clientOrderId, p);
      } else if (e.kind === 'ccxt.balances') {
        this.balances = (JSON.parse(e.payload) as { balances: CcxtVenueService['balances'] }).balances;
      } else if (e.kind === 'ccxt.started') this.seq++;
    }
    this.toRedeploy = activeDeployments(strategyEntries, 'ccxt');
  }

  protected get pollMs(): number {
    return this.stream?.up ? (this.config.streamPollMs ?? 30_000) : this.config.pollMs;
  }

  /** Loads markets and reconciles with the venue; retries until the venue answers. Resolves once ready. */
  async start(): Promise<void> {
    this.journal.append('ccxt.started', { exchangeId: this.config.exchangeId, sandbox: this.config.sandbox, ordersFromJournal: this.orders.size }, this.now());
    await this.connectAndPoll();
    if (this.toRedeploy.length && !this.stopped) await this.redeployStrategies();
  }

  /** Strategies that were running when the gateway stopped, back on the venue (ccxt-redeploy.ts). */
  private redeployStrategies(): Promise<RedeployReport[]> {
    const time = { now: this.now, schedule: (ms: number, cb: () => void) => setTimeout(cb, ms).unref(), cancel: (h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>) };
    const node = this.liveNode(time);
    return redeploy(this.toRedeploy.splice(0), { node, journal: this.journal, tag: 'ccxt', now: this.now, orders: () => this.list(), cancel: (id) => this.cancel(id) });
  }

  protected async connectOnce(): Promise<void> {
    // ccxt loads its proxy agent before it opens a plain ws:// socket, even without a proxy.
    if (this.config.baseUrl) await (this.clients.exchange as unknown as { loadHttpProxyAgent?: () => Promise<unknown> }).loadHttpProxyAgent?.();
    this.loadedInstruments = await this.clients.instruments.loadAll();
    this.instrumentIds = this.loadedInstruments.map((i) => i.id);
    if (!this.stream && this.config.stream !== false && canStreamOrders(this.clients.exchange)) {
      const stream = new CcxtUserStream(this.clients.exchange, {
        onOrder: (st) => this.merge(st, { via: 'stream' }),
        onBalances: (b) => this.mergeBalances(b),
        onUp: () => {
          this.journal.append('ccxt.stream', { up: true }, this.now());
          // After a reconnect: what happened while the socket was down is learned by asking (the first time, the
          // start's own reconciliation follows).
          if (this.streamUps++ > 0) void this.reconcile().catch(() => undefined);
          this.reschedule();
        },
        onDown: (error) => {
          this.journal.append('ccxt.stream', { up: false, error }, this.now());
          this.reschedule();
        },
        onGiveUp: (error) => {
          this.journal.append('ccxt.stream', { up: false, error, gaveUp: true }, this.now());
          this.stream = undefined; // status 'off': polled every pollMs from now on
          this.reschedule();
        },
      });
      this.stream = stream;
      stream.start();
      // Trading waits for the subscription (a bounded wait: without it the venue is polled, as before).
      for (const end = Date.now() + this.config.timeoutMs; !stream.up && this.stream === stream && Date.now() < end && !this.stopped; ) await new Promise((r) => setTimeout(r, 10));
    }
  }

  status(): { ready: boolean; lastReconcile: ReconcileReport | null; error: string | null; stream: 'up' | 'down' | 'off' } {
    return { ready: this.ready, lastReconcile: this.lastReconcile, error: this.startError.message || null, stream: this.stream ? (this.stream.up ? 'up' : 'down') : 'off' };
  }

  list(): CcxtOrderView[] {
    return [...this.orders.values()].map((o) => ({ ...o }));
  }

  account(): { balances: CcxtVenueService['balances']; reconciledAt: number | null } {
    return { balances: this.balances.map((b) => ({ ...b })), reconciledAt: this.lastReconcile?.at ?? null };
  }

  private symbolOf(instrument: string): string {
    try {
      return this.clients.instruments.symbolOf(instrument);
    } catch {
      throw new CcxtVenueError('UNKNOWN_INSTRUMENT', `'${instrument}' is not a market of ${this.config.exchangeId}; it trades e.g. ${this.instrumentIds.slice(0, 3).join(', ')}.`);
    }
  }

  /** Places an order; a repeat of a client order id returns what the gateway knows of it and sends nothing. */
  async submit(req: CcxtOrderRequestWire): Promise<{ order: CcxtOrderView; duplicate: boolean }> {
    if (req.clientOrderId !== undefined) {
      const known = this.orders.get(req.clientOrderId);
      if (known) return { order: { ...known }, duplicate: true };
    }
    if (!this.ready) throw new CcxtVenueError('NOT_READY', `The ccxt venue (${this.config.exchangeId}) is still connecting${this.startError.message ? `: ${this.startError.message}` : ''}. Retry shortly.`);
    if (req.type === 'LIMIT' && req.price === undefined) throw new CcxtVenueError('VALIDATION', 'A LIMIT order needs a price.');
    if (req.type === 'MARKET' && req.price !== undefined) throw new CcxtVenueError('VALIDATION', 'A MARKET order takes no price; use type LIMIT to set one.');
    const symbol = this.symbolOf(req.instrument);
    const clientOrderId = req.clientOrderId ?? `aio-${this.now().toString(36)}-${this.seq}-${this.orders.size + 1}`;
    const intent: CcxtOrderView = {
      clientOrderId, venueOrderId: null, instrument: req.instrument, symbol, side: req.side === 'BUY' ? 'buy' : 'sell', type: req.type === 'MARKET' ? 'market' : 'limit',
      amount: req.quantity, price: req.price ?? null, status: 'unknown', filled: 0, average: null, ...(req.strategyId ? { strategyId: req.strategyId } : {}),
    };
    // Durable before the first byte goes to the venue (see the file comment).
    this.orders.set(clientOrderId, intent);
    this.journal.append('ccxt.submit', intent, this.now());
    this.inFlight.add(clientOrderId);
    let out;
    try {
      out = await this.clients.execution.submitOrder({ clientOrderId, symbol, side: intent.side, type: intent.type, amount: intent.amount, price: req.price });
    } catch (e) {
      // Not a venue answer (e.g. the keys were refused on the lookup): the order stays `unknown` and the reconciler
      // settles it by client order id once the venue answers.
      return { order: { ...intent, reason: (e as Error).message }, duplicate: false };
    } finally {
      this.inFlight.delete(clientOrderId);
    }
    // The stream may have told the outcome (and more: a fill) before the REST answer came back.
    this.merge({ ...out.order }, { sends: out.sends, reconciled: out.reconciled });
    return { order: { ...this.orders.get(clientOrderId)! }, duplicate: false };
  }

  async cancel(clientOrderId: string): Promise<CcxtOrderView> {
    const o = this.orders.get(clientOrderId);
    if (!o) throw new CcxtVenueError('NOT_FOUND', `No ccxt order '${clientOrderId}'. GET /api/ccxt/orders lists them.`);
    if (!LIVE.has(o.status)) return { ...o };
    if (!this.ready) throw new CcxtVenueError('NOT_READY', `The ccxt venue (${this.config.exchangeId}) is still connecting. Retry shortly.`);
    this.journal.append('ccxt.cancel', { clientOrderId }, this.now());
    const st = await this.clients.execution.cancelOrder(clientOrderId, o.symbol);
    if (st !== 'unknown' && st !== null) this.merge(st);
    return { ...this.orders.get(clientOrderId)! };
  }

  protected async doReconcile(): Promise<ReconcileReport> {
    const report: ReconcileReport = { at: 0, checked: 0, changed: [], adopted: [], notPlaced: [], stillUnknown: [] };
    const ex = this.clients.execution;
    const venueOpen = await ex.openOrders();
    for (const o of [...this.orders.values()]) {
      if (!LIVE.has(o.status) || this.inFlight.has(o.clientOrderId)) continue;
      report.checked++;
      const vo = venueOpen.find((x) => x.clientOrderId === o.clientOrderId);
      const st = vo && o.status === 'open' ? vo : await ex.lookup({ clientOrderId: o.clientOrderId, symbol: o.symbol, side: o.side, type: o.type, amount: o.amount, price: o.price ?? undefined });
      const cur = this.orders.get(o.clientOrderId)!;
      if (st === 'unknown') {
        report.stillUnknown.push(o.clientOrderId);
      } else if (st === null) {
        if (cur.venueOrderId) continue; // the stream saw it at the venue meanwhile
        // Journaled as an intent, never seen by the venue: the gateway stopped (or gave up) before it arrived.
        report.notPlaced.push(o.clientOrderId);
        this.record({ ...o, status: 'not_placed', reason: 'the venue has no order with this client order id (the gateway stopped before sending it); not resent' }, { reconciled: true });
      } else if (this.merge(st, { reconciled: true })) {
        report.changed.push(o.clientOrderId);
      }
    }
    for (const vo of venueOpen) {
      if (this.orders.has(vo.clientOrderId)) continue;
      report.adopted.push(vo.clientOrderId);
      this.record({ ...vo, instrument: this.instrumentOf(vo.symbol) }, { adopted: true });
    }
    const balances = await ex.balances();
    if (JSON.stringify(balances) !== JSON.stringify(this.balances)) {
      this.balances = balances;
      this.journal.append('ccxt.balances', { balances }, this.now());
      this.hub.publish('account.ccxt', { balances });
    }
    report.at = this.now();
    if (report.changed.length || report.adopted.length || report.notPlaced.length || !this.lastReconcile) this.journal.append('ccxt.reconciled', report, report.at);
    this.lastReconcile = report;
    return report;
  }

  /**
   * A state of an order reported by the venue (stream, submit or cancel answer, reconciliation): recorded when it is
   * news, ignored when it is what the gateway knows or older (see isStale). An order the gateway does not know is
   * adopted. Answers the recorded view, undefined when nothing changed.
   */
  private merge(st: VenueOrderState, extra: Record<string, unknown> = {}): CcxtOrderView | undefined {
    const cur = this.orders.get(st.clientOrderId);
    if (!cur) {
      if (!st.clientOrderId) return undefined;
      return this.record({ ...st, instrument: this.instrumentOf(st.symbol) }, { ...extra, adopted: true });
    }
    if (sameState(cur, st) || isStale(cur, st)) return undefined;
    return this.record({ ...cur, ...st, price: st.price ?? cur.price, average: st.average ?? cur.average, instrument: cur.instrument }, extra);
  }

  /** Balances of the assets a streamed event named, merged into the venue's last full picture. */
  private mergeBalances(changed: CcxtVenueService['balances']): void {
    const by = new Map(this.balances.map((b) => [b.currency, b]));
    let news = false;
    for (const b of changed) {
      const was = by.get(b.currency);
      if (was && was.free === b.free && was.locked === b.locked && was.total === b.total) continue;
      by.set(b.currency, { ...b });
      news = true;
    }
    if (!news) return;
    this.balances = [...by.values()].sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0)); // as balances() sorts
    this.journal.append('ccxt.balances', { balances: this.balances, via: 'stream' }, this.now());
    this.hub.publish('account.ccxt', { balances: this.balances });
  }

  private instrumentOf(symbol: string): string {
    for (const id of this.instrumentIds) if (this.clients.instruments.symbolOf(id) === symbol) return id;
    return symbol;
  }

  private record(o: CcxtOrderView, extra: Record<string, unknown> = {}): CcxtOrderView {
    this.orders.set(o.clientOrderId, o);
    this.journal.append('ccxt.order', { order: o, ...extra }, this.now());
    this.hub.publish('orders.ccxt', o);
    this.onOrder?.({ ...o });
    return { ...o };
  }

  /**
   * The live node trading on this venue (created on first use, once the venue is ready). Its order and position
   * events are journaled (`ccxt.event`) and published on `ccxt.orders.<Type>` / `ccxt.positions.<Type>`.
   */
  liveNode(time: TimeSource): CcxtLiveNode {
    if (!this.ready) throw new CcxtVenueError('NOT_READY', `The ccxt venue (${this.config.exchangeId}) is still connecting. Retry shortly.`);
    this.node ??= new CcxtLiveNode(this, time, venueOf({ exchangeId: this.config.exchangeId }), this.loadedInstruments, (topic, e) => {
      this.journal.append('ccxt.event', { topic, event: e }, this.now());
      this.hub.publish(`ccxt.${topic}`, e);
    }, CCXT_NAMING, journalingHooks(this.journal, 'ccxt', this.now));
    return this.node;
  }

  /** The live node if one was created (the kill switch halts it too); never creates one. */
  existingLiveNode(): CcxtLiveNode | undefined {
    return this.node;
  }

  async stop(): Promise<void> {
    await this.stopPolling();
    await this.stream?.stop();
    await this.node?.dispose();
    await this.clients.data.close();
  }
}
