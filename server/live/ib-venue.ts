/**
 * The Interactive Brokers venue as a gateway service: orders through TWS / IB Gateway with the IB execution client
 * (@stoqey/ib), the journal as the gateway's memory and TWS as the ground truth. The same shape as the ccxt venue
 * (ccxt-venue.ts), and the same live node (ccxt-node.ts, through its LiveVenuePort).
 *
 * Write-ahead: an order's intent (`ib.submit`, with its client order id, which TWS keeps as the order's `orderRef`)
 * is durably journaled BEFORE placeOrder; the TWS order id it got is journaled right after (`ib.order`), and so is
 * every state TWS reports afterwards (accepted, each execution, cancel, reject, commissions).
 *
 * Reconciliation (at start, then every `pollMs`, and on demand): reqOpenOrders + reqExecutions. Orders the journal
 * knows are taught to the execution client first, so TWS's executions (matched by orderRef, deduplicated by execId)
 * settle orders that filled while the gateway was down, and nothing is placed again; open orders of an earlier run
 * that the journal does not know are adopted by orderRef; an intent that never got a TWS order id becomes `not_placed`
 * (never resent blindly).
 */
import type { ContractDetails } from '@stoqey/ib';
import { createIbClients, type IbClients } from '../adapters/ib/factory.ts';
import type { IbOrderEvent, IbOrderView, IbTradingApi } from '../adapters/ib/execution-client.ts';
import type { IbApiLike } from '../adapters/ib/ib-api.ts';
import type { Journal, JournalEntry } from '../journal/journal.ts';
import type { Hub } from '../ws/hub.ts';
import type { Instrument } from '../../shared/model/index.ts';
import type { TimeSource } from '../../shared/engine/clock.ts';
import { CcxtLiveNode, type LiveDeployment, type LiveVenuePort } from './ccxt-node.ts';
import { activeDeployments, journalingHooks, redeploy, type RedeployReport } from './ccxt-redeploy.ts';
import { CcxtVenueError } from './ccxt-venue-error.ts';
import type { CcxtOrderRequestWire, CcxtOrderView, ReconcileReport } from './ccxt-venue.ts';
import type { IbVenueConfig } from './ib-venue-config.ts';
import { PolledVenueService } from './polled-venue.ts';

/** An IB order as the gateway knows it: the ccxt venue's order view plus TWS's order id and executions. */
export interface IbVenueOrder extends CcxtOrderView {
  /** TWS order id (null until placeOrder was called). `venueOrderId` is set once TWS accepted the order. */
  orderId: number | null;
  execIds: string[];
  commission: number;
}

const LIVE = new Set(['open', 'unknown']);
const IB_STATUS: Record<string, IbOrderView['status']> = { open: 'ACCEPTED', closed: 'FILLED', canceled: 'CANCELED', rejected: 'REJECTED', unknown: 'PENDING', not_placed: 'REJECTED' };

export class IbVenueService extends PolledVenueService<ReconcileReport> implements LiveVenuePort {
  readonly clients: IbClients;
  private readonly orders = new Map<string, IbVenueOrder>();
  private lastReconcile: ReconcileReport | null = null;
  private seq = 0;
  private loadedInstruments: Instrument[] = [];
  private node: CcxtLiveNode | undefined;
  private reqSeq = 0;
  /** Strategies deployed and not stopped when the journal ends: deployed again once TWS is reconciled. */
  private readonly toRedeploy: LiveDeployment[];
  onOrder?: (o: CcxtOrderView) => void;

  constructor(
    private readonly config: IbVenueConfig,
    private readonly journal: Journal,
    private readonly hub: Hub,
    private readonly now: () => number,
    /** Tests: a TWS stand-in instead of a socket, and contract details known without asking TWS. */
    deps: { api?: IbTradingApi; details?: ContractDetails[] } = {},
  ) {
    super();
    this.clients = createIbClients(
      { host: config.host, port: config.port, app: config.app, mode: config.mode, clientId: config.clientId, connectTimeoutMs: config.connectTimeoutMs, requestTimeoutMs: config.requestTimeoutMs },
      { contracts: config.contracts, ...(deps.api ? { api: deps.api as IbApiLike } : {}) },
    );
    if (deps.details) this.clients.instruments.register(deps.details);
    const strategyEntries: JournalEntry[] = [];
    for (const e of journal.entries(1, Number.MAX_SAFE_INTEGER)) {
      if (e.kind.startsWith('ib.strategy.')) strategyEntries.push(e);
      if (e.kind === 'ib.submit') {
        const p = JSON.parse(e.payload) as IbVenueOrder;
        if (!this.orders.has(p.clientOrderId)) this.orders.set(p.clientOrderId, p);
      } else if (e.kind === 'ib.order') {
        const p = (JSON.parse(e.payload) as { order: IbVenueOrder }).order;
        this.orders.set(p.clientOrderId, p);
      } else if (e.kind === 'ib.started') this.seq++;
    }
    // Teach the execution client every order an earlier run placed (fills of them are then recognised, never doubled).
    for (const o of this.orders.values()) {
      if (o.orderId === null) continue;
      this.clients.execution.restore(
        { clientOrderId: o.clientOrderId, orderId: o.orderId, side: o.side === 'buy' ? 'BUY' : 'SELL', quantity: o.amount, status: IB_STATUS[o.status] ?? 'PENDING', filled: o.filled, avgPx: o.average },
        o.execIds,
      );
    }
    this.clients.execution.onEvent((e) => this.onIbEvent(e));
    this.toRedeploy = activeDeployments(strategyEntries, 'ib');
  }

  private get exec(): IbClients['execution'] {
    return this.clients.execution;
  }

  protected get pollMs(): number {
    return this.config.pollMs;
  }

  /** Connects, resolves the configured contracts and reconciles; retries until TWS answers. Resolves once ready. */
  async start(): Promise<void> {
    this.journal.append('ib.started', { app: this.config.app, mode: this.config.mode, port: this.config.port, ordersFromJournal: this.orders.size }, this.now());
    await this.connectAndPoll();
    if (this.toRedeploy.length && !this.stopped) await this.redeployStrategies();
  }

  /** Strategies that were running when the gateway stopped, back on TWS (ccxt-redeploy.ts). */
  private redeployStrategies(): Promise<RedeployReport[]> {
    const time = { now: this.now, schedule: (ms: number, cb: () => void) => setTimeout(cb, ms).unref(), cancel: (h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>) };
    const node = this.liveNode(time);
    return redeploy(this.toRedeploy.splice(0), { node, journal: this.journal, tag: 'ib', now: this.now, orders: () => this.list(), cancel: (id) => this.cancel(id) });
  }

  protected async connectOnce(): Promise<void> {
    await this.clients.connection.connect();
    await this.clients.instruments.loadAll();
    this.loadedInstruments = this.clients.instruments.all();
  }

  status(): { ready: boolean; connected: boolean; lastReconcile: ReconcileReport | null; error: string | null } {
    return { ready: this.ready, connected: this.clients.connection.api.isConnected, lastReconcile: this.lastReconcile, error: this.startError.message || null };
  }

  list(): IbVenueOrder[] {
    return [...this.orders.values()].map((o) => ({ ...o, execIds: [...o.execIds] }));
  }

  /**
   * Positions from the executions the gateway has seen of its own orders (TWS's reqExecutions covers today), and the
   * commissions TWS reported. Not TWS's account values (reqAccountSummary / reqPositions are not read yet).
   */
  account(): { positions: Array<{ instrument: string; quantity: number; avgPx: number }>; commissions: number; reconciledAt: number | null } {
    const pos = new Map<string, { quantity: number; cost: number }>();
    let commissions = 0;
    for (const o of this.orders.values()) {
      commissions += o.commission;
      if (o.filled <= 0) continue;
      const p = pos.get(o.instrument) ?? { quantity: 0, cost: 0 };
      const q = o.side === 'buy' ? o.filled : -o.filled;
      p.quantity += q;
      p.cost += q * (o.average ?? 0);
      pos.set(o.instrument, p);
    }
    return {
      positions: [...pos].filter(([, p]) => Math.abs(p.quantity) > 1e-12).map(([instrument, p]) => ({ instrument, quantity: p.quantity, avgPx: p.cost / p.quantity })),
      commissions,
      reconciledAt: this.lastReconcile?.at ?? null,
    };
  }

  /** Places an order; a repeat of a client order id returns what the gateway knows of it and sends nothing. */
  async submit(req: CcxtOrderRequestWire): Promise<{ order: IbVenueOrder; duplicate: boolean }> {
    if (req.clientOrderId !== undefined) {
      const known = this.orders.get(req.clientOrderId);
      if (known) return { order: { ...known }, duplicate: true };
    }
    if (!this.ready) throw new CcxtVenueError('NOT_READY', `The IB venue (${this.config.app} ${this.config.mode}, port ${this.config.port}) is still connecting${this.startError.message ? `: ${this.startError.message}` : ''}. Retry shortly.`);
    if (req.type === 'LIMIT' && req.price === undefined) throw new CcxtVenueError('VALIDATION', 'A LIMIT order needs a price.');
    if (req.type === 'MARKET' && req.price !== undefined) throw new CcxtVenueError('VALIDATION', 'A MARKET order takes no price; use type LIMIT to set one.');
    let contract;
    try {
      contract = this.clients.instruments.entry(req.instrument).contract;
    } catch {
      throw new CcxtVenueError('UNKNOWN_INSTRUMENT', `'${req.instrument}' is not a contract of the IB venue; it trades ${this.loadedInstruments.map((i) => i.id).slice(0, 5).join(', ') || 'nothing yet (set AIO_IB_CONTRACTS)'}.`);
    }
    const clientOrderId = req.clientOrderId ?? `aio-${this.now().toString(36)}-${this.seq}-${this.orders.size + 1}`;
    const intent: IbVenueOrder = {
      clientOrderId, venueOrderId: null, orderId: null, instrument: req.instrument, symbol: String(contract.symbol ?? req.instrument), side: req.side === 'BUY' ? 'buy' : 'sell',
      type: req.type === 'MARKET' ? 'market' : 'limit', amount: req.quantity, price: req.price ?? null, status: 'unknown', filled: 0, average: null, execIds: [], commission: 0,
      ...(req.strategyId ? { strategyId: req.strategyId } : {}),
    };
    // Durable before the order goes to TWS (see the file comment).
    this.orders.set(clientOrderId, intent);
    this.journal.append('ib.submit', intent, this.now());
    let placed: IbOrderView;
    try {
      placed = await this.exec.submitOrder({ clientOrderId, contract, side: req.side, type: req.type, quantity: req.quantity, ...(req.price !== undefined ? { price: req.price } : {}) });
    } catch (e) {
      // Refused before placeOrder (no order id from TWS yet): it never reached TWS.
      return { order: this.record({ ...intent, status: 'not_placed', reason: (e as Error).message }), duplicate: false };
    }
    const cur = this.orders.get(clientOrderId) ?? intent;
    return { order: this.record({ ...cur, orderId: placed.orderId }, { placed: true }), duplicate: false };
  }

  async cancel(clientOrderId: string): Promise<IbVenueOrder> {
    const o = this.orders.get(clientOrderId);
    if (!o) throw new CcxtVenueError('NOT_FOUND', `No IB order '${clientOrderId}'. GET /api/ib/orders lists them.`);
    if (!LIVE.has(o.status)) return { ...o };
    if (!this.ready) throw new CcxtVenueError('NOT_READY', 'The IB venue is still connecting. Retry shortly.');
    this.journal.append('ib.cancel', { clientOrderId }, this.now());
    await this.exec.cancelOrder(clientOrderId);
    return { ...(this.orders.get(clientOrderId) ?? o) }; // TWS's answer (orderStatus Cancelled) arrives as an event
  }

  /** A TWS event of one of our orders (from the execution client): the new state is journaled and published. */
  private onIbEvent(e: IbOrderEvent): void {
    let o = this.orders.get(e.clientOrderId);
    if (!o) {
      // An order of an earlier run the journal does not know (adopted from reqOpenOrders / reqExecutions by orderRef).
      const v = this.exec.order(e.clientOrderId);
      if (!v) return;
      o = {
        clientOrderId: v.clientOrderId, venueOrderId: String(v.orderId), orderId: v.orderId, instrument: 'unknown', symbol: '', side: v.side === 'BUY' ? 'buy' : 'sell',
        type: 'limit', amount: v.quantity, price: null, status: 'open', filled: 0, average: null, execIds: [], commission: 0,
      };
      this.adoptedNow.push(o.clientOrderId);
    }
    const n: IbVenueOrder = { ...o, execIds: [...o.execIds] };
    switch (e.type) {
      case 'accepted':
        n.venueOrderId = String(e.orderId);
        n.orderId = e.orderId;
        if (n.status === 'unknown') n.status = 'open';
        break;
      case 'filled':
        n.venueOrderId ??= String(e.orderId);
        n.orderId = e.orderId;
        n.average = ((n.average ?? 0) * n.filled + e.lastPx * e.lastQty) / (n.filled + e.lastQty);
        n.filled += e.lastQty;
        n.execIds.push(e.execId);
        n.status = n.filled + 1e-9 >= n.amount ? 'closed' : 'open';
        break;
      case 'commission':
        n.commission += e.commission;
        break;
      case 'canceled':
        n.venueOrderId ??= String(e.orderId);
        n.status = 'canceled';
        break;
      case 'rejected':
        n.status = 'rejected';
        n.reason = e.reason;
        break;
    }
    this.record(n, { tws: e.type, ...(e.type === 'filled' ? { execId: e.execId, lastQty: e.lastQty, lastPx: e.lastPx } : {}) });
  }

  private adoptedNow: string[] = [];

  protected async doReconcile(): Promise<ReconcileReport> {
    const before = new Map([...this.orders].map(([k, o]) => [k, `${o.status}|${o.filled}|${o.venueOrderId}`]));
    this.adoptedNow = [];
    const api = this.clients.connection.api;
    const reqId = 900_000 + ++this.reqSeq;
    await new Promise<void>((resolve, reject) => {
      let openDone = false;
      let execDone = false;
      const onOpenEnd = (): void => {
        openDone = true;
        check();
      };
      const onExecEnd = (id: number): void => {
        if (id === reqId) execDone = true;
        check();
      };
      const cleanup = (): void => {
        clearTimeout(timer);
        api.off('openOrderEnd', onOpenEnd);
        api.off('execDetailsEnd', onExecEnd);
      };
      const check = (): void => {
        if (openDone && execDone) {
          cleanup();
          resolve();
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`TWS did not answer reqOpenOrders / reqExecutions within ${this.config.requestTimeoutMs} ms`));
      }, this.config.requestTimeoutMs);
      api.on('openOrderEnd', onOpenEnd);
      api.on('execDetailsEnd', onExecEnd);
      this.exec.reconcile(reqId);
    });
    const report: ReconcileReport = { at: 0, checked: 0, changed: [], adopted: [...this.adoptedNow], notPlaced: [], stillUnknown: [] };
    for (const o of [...this.orders.values()]) {
      const b = before.get(o.clientOrderId);
      if (b === undefined) continue;
      if (LIVE.has(o.status) || b.split('|')[0] === 'open' || b.split('|')[0] === 'unknown') report.checked++;
      if (b !== `${o.status}|${o.filled}|${o.venueOrderId}`) report.changed.push(o.clientOrderId);
      if (o.status !== 'unknown') continue;
      if (o.orderId === null) {
        // Journaled as an intent, never given a TWS order id: the gateway stopped before placeOrder.
        report.notPlaced.push(o.clientOrderId);
        this.record({ ...o, status: 'not_placed', reason: 'TWS has no order with this orderRef (the gateway stopped before placing it); not resent' }, { reconciled: true });
      } else report.stillUnknown.push(o.clientOrderId);
    }
    report.at = this.now();
    if (report.changed.length || report.adopted.length || report.notPlaced.length || !this.lastReconcile) this.journal.append('ib.reconciled', report, report.at);
    this.lastReconcile = report;
    return report;
  }

  private record(o: IbVenueOrder, extra: Record<string, unknown> = {}): IbVenueOrder {
    this.orders.set(o.clientOrderId, o);
    this.journal.append('ib.order', { order: o, ...extra }, this.now());
    this.hub.publish('orders.ib', o);
    this.onOrder?.({ ...o });
    return { ...o, execIds: [...o.execIds] };
  }

  /** The live node trading on this venue (created on first use, once ready); events journaled as `ib.event`. */
  liveNode(time: TimeSource): CcxtLiveNode {
    if (!this.ready) throw new CcxtVenueError('NOT_READY', 'The IB venue is still connecting. Retry shortly.');
    const venue = this.loadedInstruments[0]?.venue ?? 'IB';
    this.node ??= new CcxtLiveNode(this, time, venue, this.loadedInstruments, (topic, e) => {
      this.journal.append('ib.event', { topic, event: e }, this.now());
      this.hub.publish(`ib.${topic}`, e);
    }, { tag: 'ib', label: 'IB', traderId: 'LIVE-IB', idPrefix: 'IB' }, journalingHooks(this.journal, 'ib', this.now));
    return this.node;
  }

  existingLiveNode(): CcxtLiveNode | undefined {
    return this.node;
  }

  async stop(): Promise<void> {
    await this.stopPolling();
    await this.node?.dispose();
    await this.clients.data.close();
    this.clients.connection.disconnect();
  }
}
