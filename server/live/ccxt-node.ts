/**
 * A live node on the ccxt venue: the shared Kernel (LiveClock) with a kernel-side execution client that routes
 * through the CcxtVenueService (so every order gets its write-ahead intent, idempotent client order id, retries and
 * reconciliation) and a data client that feeds the exchange's closed candles (ccxt watchOHLCV, reconnecting) into
 * the DataEngine. The same compiled Strategy class as in a backtest or on paper.
 *
 * Order events come from the venue's answers: the venue service reports every change of an order's state (submit
 * answer, reconciliation poll, cancel), and this client turns the change into kernel events — OrderAccepted on the
 * first sight of a venue order id, one OrderFilled per increase of the filled quantity (price of the increment from
 * the change of filled x average), OrderCanceled / OrderRejected on those ends.
 */
import {
  AggregationSource, Bar, LiquiditySide, OmsType, Order as KernelOrder, OrderFactory, OrderSide, accountId as toAccountId, tradeId as toTradeId, venue as toVenue,
  venueOrderId as toVenueOrderId, type AccountId, type CancelAllOrders, type CancelOrder, type ClientOrderId, type Currency,
  type Instrument, type ModifyOrder, type Money, type Order, type OrderEvent, type Price, type Quantity, type SubmitOrder,
  type StrategyId, type SubmitOrderList, type Venue,
} from '../../shared/model/index.ts';
import type { DataCommand } from '../../shared/engine/data-commands.ts';
import type { DataClient, DataEngine } from '../../shared/engine/data-engine.ts';
import { Endpoints } from '../../shared/engine/events.ts';
import type { ExecReport, ExecutionClient } from '../../shared/engine/execution-engine.ts';
import type { Endpoint } from '../../shared/engine/message-bus.ts';
import { Kernel, LIVE_ORDER_PURGE } from '../../shared/engine/kernel.ts';
import { LiveClock, type TimeSource } from '../../shared/engine/clock.ts';
import type { PositionEvent } from '../../shared/engine/events.ts';
import { SpecCompileError, compileSpec } from '../../shared/strategy/compile.ts';
import type { Subscription } from '../adapters/types.ts';
import type { MarketDataClient as AdapterDataClient } from '../adapters/types.ts';
import type { CcxtOrderRequestWire, CcxtOrderView } from './ccxt-venue.ts';

/**
 * What a live node needs of a venue service (the ccxt venue's, the IB venue's): write-ahead submit and cancel by
 * client order id, every order state change reported through `onOrder`, closed candles from its data client.
 */
export interface LiveVenuePort {
  submit(req: CcxtOrderRequestWire): Promise<{ order: CcxtOrderView }>;
  cancel(clientOrderId: string): Promise<CcxtOrderView>;
  onOrder?: (o: CcxtOrderView) => void;
  readonly clients: { data: Pick<AdapterDataClient, 'subscribeBars'> };
}

/** How a node names itself: 'ccxt' in messages, LIVE-CCXT as trader, CCXT-... strategy ids (the defaults). */
export interface LiveNodeNaming {
  /** The venue tag of its strategies in the API ('ccxt', 'ib'). */
  tag: 'ccxt' | 'ib';
  label: string;
  traderId: string;
  idPrefix: string;
}

export const CCXT_NAMING: LiveNodeNaming = { tag: 'ccxt', label: 'ccxt', traderId: 'LIVE-CCXT', idPrefix: 'CCXT' };

/** A strategy deployed on a live node: what a restarted gateway needs to deploy it again. */
export interface LiveDeployment {
  id: string;
  spec: unknown;
  instrument: string;
  startedAt: number;
}

/** A fill at the venue of an order a strategy placed in an earlier run (the venue's cumulative figures per order). */
export interface RecoveredFill {
  side: 'buy' | 'sell';
  quantity: number;
  price: number;
  /** The venue order's client order id (recorded on the replayed fill's trade id). */
  clientOrderId: string;
}

/** Told when a strategy is deployed or stopped (the venue service persists deployments in the journal). */
export interface LiveNodeHooks {
  onDeployed?(d: LiveDeployment): void;
  onStopped?(id: string): void;
  /** A strategy faulted (a handler threw): it is not redeployed after a restart. */
  onFaulted?(view: LiveStrategyView): void;
}
import { PaperOrderError, faultView, type LiveStrategyView } from './paper-node.ts';

const TIMEFRAMES: Record<number, string> = { 60_000: '1m', 180_000: '3m', 300_000: '5m', 900_000: '15m', 1_800_000: '30m', 3_600_000: '1h', 7_200_000: '2h', 14_400_000: '4h', 86_400_000: '1d' };

class CcxtKernelExecutionClient implements ExecutionClient {
  readonly venue: Venue;
  readonly accountId: AccountId;
  readonly omsType = OmsType.NETTING;
  private readonly process: Endpoint<ExecReport>;
  /** venue client order id -> the kernel's order and what has been reported of it so far. */
  private readonly tracked = new Map<string, { order: Order; seen: CcxtOrderView | null; fills: number }>();
  private readonly venueIdOf = new Map<string, string>();

  constructor(
    venueName: string,
    private readonly svc: LiveVenuePort,
    private readonly kernel: Kernel,
    private readonly runTag: string,
    private readonly label: string,
  ) {
    this.venue = toVenue(venueName);
    this.accountId = toAccountId(`${venueName}-001`);
    this.process = kernel.bus.endpoint<ExecReport>(Endpoints.EXEC_PROCESS);
  }

  private now(): number {
    return this.kernel.clock.now();
  }

  /** Stops tracking orders closed before `closedBefore` (the kernel's purge): what the venue says of them later changes nothing. */
  purgeClosedOrders(closedBefore: number): void {
    for (const [id, tr] of this.tracked) {
      if (tr.order.isClosed() && tr.order.tsLast < closedBefore) {
        this.tracked.delete(id);
        this.venueIdOf.delete(tr.order.clientOrderId);
      }
    }
  }

  /** How many orders are tracked (tests). */
  get trackedCount(): number {
    return this.tracked.size;
  }

  /** The id sent to the venue: unique across gateway runs, within Binance's 36 chars of [A-Za-z0-9_-]. */
  private venueId(o: Order): string {
    return `${this.runTag}-${o.clientOrderId}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(-36);
  }

  submitOrder(cmd: SubmitOrder): void {
    const o = cmd.order;
    const id = this.venueId(o);
    this.tracked.set(id, { order: o, seen: null, fills: 0 });
    this.venueIdOf.set(o.clientOrderId, id);
    const t = this.now();
    this.emit({ type: 'OrderSubmitted', strategyId: o.strategyId, instrumentId: o.instrumentId, clientOrderId: o.clientOrderId, accountId: this.accountId, tsEvent: t, tsInit: t });
    const type = o.orderType === 'MARKET' ? 'MARKET' : o.orderType === 'LIMIT' ? 'LIMIT' : undefined;
    if (!type) return this.reject(o, `${o.orderType} orders are not routed to ${this.label} yet (MARKET and LIMIT are)`);
    this.svc
      .submit({ clientOrderId: id, instrument: o.instrumentId, side: o.side === 'BUY' ? 'BUY' : 'SELL', type, quantity: o.quantity, ...(type === 'LIMIT' ? { price: o.price ?? undefined } : {}), strategyId: o.strategyId })
      .then((r) => this.onVenueOrder(r.order))
      .catch((e: unknown) => this.reject(o, (e as Error).message));
  }

  submitOrderList(cmd: SubmitOrderList): void {
    for (const o of cmd.orderList.orders) this.reject(o, `order lists (brackets, OCO) are not routed to ${this.label} yet`);
  }

  modifyOrder(cmd: ModifyOrder): void {
    const t = this.now();
    this.emit({ type: 'OrderModifyRejected', strategyId: cmd.strategyId, instrumentId: cmd.instrumentId, clientOrderId: cmd.clientOrderId, venueOrderId: null, accountId: this.accountId, reason: `modify is not supported on ${this.label} yet: cancel and submit again`, tsEvent: t, tsInit: t });
  }

  cancelOrder(cmd: CancelOrder): void {
    const id = this.venueIdOf.get(cmd.clientOrderId);
    if (!id) return;
    this.svc.cancel(id).then((v) => this.onVenueOrder(v)).catch(() => undefined); // reconciliation reports the end
  }

  cancelAllOrders(cmd: CancelAllOrders): void {
    for (const [id, tr] of this.tracked) {
      if (tr.order.instrumentId === cmd.instrumentId && tr.order.isOpen()) this.svc.cancel(id).then((v) => this.onVenueOrder(v)).catch(() => undefined);
    }
  }

  /** A state of a venue order (from the venue service): emits the kernel events for what changed since last seen. */
  onVenueOrder(v: CcxtOrderView): void {
    const tr = this.tracked.get(v.clientOrderId);
    if (!tr) return;
    const o = tr.order;
    const prev = tr.seen;
    // An older picture than one already reported (less filled) would report the difference again later: ignore it.
    if (prev && v.filled < prev.filled - 1e-12) return;
    tr.seen = { ...v };
    const t = this.now();
    const base = { strategyId: o.strategyId, instrumentId: o.instrumentId, clientOrderId: o.clientOrderId as ClientOrderId, tsEvent: t, tsInit: t };
    if (v.status === 'rejected' || v.status === 'not_placed') return this.reject(o, v.reason ?? v.status);
    if (!v.venueOrderId) return;
    const vid = toVenueOrderId(v.venueOrderId);
    if (!prev?.venueOrderId) this.emit({ type: 'OrderAccepted', ...base, venueOrderId: vid, accountId: this.accountId });
    const prevFilled = prev?.filled ?? 0;
    if (v.filled > prevFilled + 1e-12) {
      const lastQty = v.filled - prevFilled;
      const avg = v.average ?? v.price ?? 0;
      const lastPx = prevFilled > 0 && prev?.average ? (avg * v.filled - prev.average * prevFilled) / lastQty : avg;
      const inst = this.kernel.cache.instrument(o.instrumentId) as Instrument;
      this.emit({
        type: 'OrderFilled', ...base, venueOrderId: vid, accountId: this.accountId, tradeId: toTradeId(`${v.venueOrderId}-${++tr.fills}`),
        positionId: null, orderSide: o.side, orderType: o.orderType, lastQty: lastQty as Quantity, lastPx: lastPx as Price,
        currency: inst.quoteCurrency as Currency, commission: 0 as Money, commissionCurrency: inst.quoteCurrency as Currency,
        liquiditySide: o.orderType === 'MARKET' ? LiquiditySide.TAKER : LiquiditySide.MAKER,
      });
    }
    if (v.status === 'canceled' && prev?.status !== 'canceled') this.emit({ type: 'OrderCanceled', ...base, venueOrderId: vid, accountId: this.accountId });
  }

  /**
   * A fill an earlier run's order got at the venue, replayed into this kernel as an order of the strategy that
   * placed it (never sent: `R-` ids and a RECOVERED tag), so the strategy's position is what the venue says it is.
   */
  replayFill(strategyId: string, instrumentId: string, f: RecoveredFill, n: number): void {
    const t = this.now();
    const proto = new OrderFactory(strategyId as StrategyId, () => t).market({ instrumentId: instrumentId as never, side: f.side === 'buy' ? OrderSide.BUY : OrderSide.SELL, quantity: f.quantity as Quantity });
    const o = new KernelOrder({ ...proto.initEvent, clientOrderId: `R-${strategyId}-${n}` as ClientOrderId, tags: ['RECOVERED'] });
    this.kernel.cache.addOrder(o);
    const base = { strategyId: o.strategyId, instrumentId: o.instrumentId, clientOrderId: o.clientOrderId, accountId: this.accountId, tsEvent: t, tsInit: t };
    const vid = toVenueOrderId(f.clientOrderId);
    this.emit({ type: 'OrderSubmitted', ...base });
    this.emit({ type: 'OrderAccepted', ...base, venueOrderId: vid });
    const inst = this.kernel.cache.instrument(o.instrumentId) as Instrument;
    this.emit({
      type: 'OrderFilled', ...base, venueOrderId: vid, tradeId: toTradeId(`RECOVERED-${f.clientOrderId}`), positionId: null, orderSide: o.side, orderType: o.orderType,
      lastQty: f.quantity as Quantity, lastPx: f.price as Price, currency: inst.quoteCurrency as Currency, commission: 0 as Money,
      commissionCurrency: inst.quoteCurrency as Currency, liquiditySide: LiquiditySide.TAKER,
    });
  }

  private reject(o: Order, reason: string): void {
    const t = this.now();
    this.emit({ type: 'OrderRejected', strategyId: o.strategyId, instrumentId: o.instrumentId, clientOrderId: o.clientOrderId, accountId: this.accountId, reason, tsEvent: t, tsInit: t });
  }

  private emit(e: OrderEvent): void {
    this.process.send(e);
  }
}

/** Closed candles of the exchange as the kernel's external bars. */
class CcxtKernelDataClient implements DataClient {
  readonly venue: Venue;
  private readonly subs = new Map<string, { sub: Subscription; refs: number }>();

  constructor(
    venueName: string,
    private readonly svc: LiveVenuePort,
    private readonly de: DataEngine,
    private readonly label: string,
  ) {
    this.venue = toVenue(venueName);
  }

  subscribe(cmd: DataCommand): void {
    if (cmd.type !== 'SubscribeBars' || cmd.barType.source !== AggregationSource.EXTERNAL) return;
    const bt = cmd.barType;
    const have = this.subs.get(bt.key);
    if (have) {
      have.refs++;
      return;
    }
    const dur = bt.spec.durationMs();
    const tf = TIMEFRAMES[dur];
    if (!tf) throw new PaperOrderError('VALIDATION', `The ${this.label} venue streams candles of ${Object.values(TIMEFRAMES).join(', ')}; this spec's bars are ${dur} ms.`);
    const rec = this.de.barRecord(bt);
    const sub = this.svc.clients.data.subscribeBars(bt.instrumentId, tf, (b) => {
      // Only closed candles: a strategy sees a bar once, when it is final (as in a backtest).
      if (b.closed) this.de.processBar(new Bar(bt, b.open, b.high, b.low, b.close, b.volume, b.time + dur, b.time + dur), rec);
    });
    this.subs.set(bt.key, { sub, refs: 1 });
  }

  unsubscribe(cmd: DataCommand): void {
    if (cmd.type !== 'UnsubscribeBars') return;
    const s = this.subs.get(cmd.barType.key);
    if (s && --s.refs === 0) {
      this.subs.delete(cmd.barType.key);
      void s.sub.stop();
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.subs.values()].map((s) => s.sub.stop()));
    this.subs.clear();
  }
}

export class CcxtLiveNode {
  readonly kernel: Kernel;
  private readonly exec: CcxtKernelExecutionClient;
  private readonly data: CcxtKernelDataClient;
  private readonly live = new Map<string, { view: LiveStrategyView; strategy: { stop(): void } }>();
  private deployCount = 0;

  constructor(
    private readonly svc: LiveVenuePort,
    time: TimeSource,
    venueName: string,
    instruments: Instrument[],
    onEvent: (topic: string, e: OrderEvent | PositionEvent) => void,
    private readonly naming: LiveNodeNaming = CCXT_NAMING,
    private readonly hooks: LiveNodeHooks = {},
  ) {
    const clock = new LiveClock(time);
    this.kernel = new Kernel({
      clock,
      traderId: naming.traderId,
      purgeClosedOrders: LIVE_ORDER_PURGE,
      // A strategy that throws faults alone (journaled, not redeployed); the node and the other strategies go on.
      onStrategyError: (id, e, where) => {
        const v = faultView(this.live.get(id)?.view, e, where, clock.now());
        if (v) this.hooks.onFaulted?.(v);
      },
    });
    const runTag = time.now().toString(36);
    this.exec = new CcxtKernelExecutionClient(venueName, svc, this.kernel, runTag, naming.label);
    this.data = new CcxtKernelDataClient(venueName, svc, this.kernel.dataEngine, naming.label);
    this.kernel.addDataClient(this.data);
    this.kernel.addExecutionClient(this.exec);
    for (const i of instruments) this.kernel.addInstrument(i);
    this.kernel.bus.subscribe<OrderEvent>('events.order.*', (e) => onEvent(`orders.${e.type}`, e), -100);
    this.kernel.bus.subscribe<PositionEvent>('events.position.*', (e) => onEvent(`positions.${e.type}`, e), -100);
    svc.onOrder = (v) => this.exec.onVenueOrder(v);
    this.kernel.start();
  }

  /** The venue tag of this node's strategies in the API. */
  get venueTag(): 'ccxt' | 'ib' {
    return this.naming.tag;
  }

  /**
   * Compiles and starts a strategy. `restore`: a strategy deployed before a restart, started again under its id with
   * its fills at the venue replayed first, so it resumes knowing its position (and does not enter again).
   */
  deploy(spec: unknown, instrument: string, restore?: { deployment: LiveDeployment; fills: RecoveredFill[] }): LiveStrategyView {
    if (!this.kernel.cache.instrument(instrument as never)) throw new PaperOrderError('UNKNOWN_INSTRUMENT', `'${instrument}' is not a market of the ${this.naming.label} venue.`);
    const id = restore?.deployment.id ?? `${this.naming.idPrefix}-${this.kernel.clock.now().toString(36)}-${++this.deployCount}`;
    if (this.live.has(id)) throw new PaperOrderError('VALIDATION', `Strategy '${id}' is already deployed.`);
    let strategy;
    try {
      strategy = compileSpec(spec, { id, instruments: [instrument] });
    } catch (e) {
      throw new PaperOrderError('VALIDATION', e instanceof SpecCompileError || e instanceof Error ? e.message : String(e));
    }
    // The position first, the strategy after: it starts from the venue's account of its trades, as if it had never stopped.
    restore?.fills.forEach((f, i) => this.exec.replayFill(id, instrument, f, i + 1));
    this.kernel.addStrategy(strategy);
    const s = spec as { name: string; timeframe: string };
    const startedAt = restore?.deployment.startedAt ?? this.kernel.clock.now();
    const view: LiveStrategyView = { id, name: s.name, instrument, timeframe: s.timeframe, status: 'RUNNING', startedAt, stoppedAt: null };
    this.live.set(id, { view, strategy });
    if (!restore) this.hooks.onDeployed?.({ id, spec, instrument, startedAt });
    return { ...view };
  }

  has(id: string): boolean {
    return this.live.has(id);
  }

  stopStrategy(id: string): LiveStrategyView {
    const l = this.live.get(id);
    if (!l) throw new PaperOrderError('NOT_FOUND', `No live strategy '${id}'.`);
    if (l.view.status === 'RUNNING') {
      l.strategy.stop();
      l.view.status = 'STOPPED';
      l.view.stoppedAt = this.kernel.clock.now();
      this.hooks.onStopped?.(id);
    }
    return { ...l.view };
  }

  strategies(): LiveStrategyView[] {
    return [...this.live.values()].map((l) => ({ ...l.view }));
  }

  positions(): Array<{ instrument: string; side: string; quantity: number; avgPxOpen: number }> {
    return this.kernel.cache.positionsOpen().map((p) => ({ instrument: p.instrumentId, side: p.side, quantity: p.quantity, avgPxOpen: p.avgPxOpen }));
  }

  async dispose(): Promise<void> {
    await this.data.close();
    this.kernel.dispose();
  }
}
