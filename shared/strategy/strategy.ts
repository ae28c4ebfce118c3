/**
 * Strategy: the base class every trading strategy extends (NautilusTrader's `trading/strategy.pyx`).
 *
 * A strategy never talks to a venue or to another component directly. It reads state through `this.cache`,
 * `this.portfolio` and `this.clock`, receives data and events through handlers (`onBar`, `onOrderFilled`, ...) and
 * sends commands through the MessageBus to the RiskEngine. So the same class runs unchanged in a backtest (TestClock,
 * simulated exchange) and live (LiveClock, ccxt/IB/paper clients): only the kernel around it differs.
 *
 * Lifecycle (driven by the Trader): PRE_INITIALIZED --register--> READY --start--> RUNNING --stop--> STOPPED
 * (--start--> RUNNING again) --dispose--> DISPOSED. Market data reaches the handlers only while RUNNING; order and
 * position events are delivered in every state between register and dispose (fills can arrive after a stop).
 *
 * Order of calls for one bar: the indicators registered for its bar type are updated first, then `onBar`.
 * Handlers may submit orders; a refused order comes back as an `OrderDenied` event (`onOrderDenied`), never an
 * exception. Building an order with impossible parameters (a LIMIT without a price) throws InvalidOrderError from
 * the order factory: that is a bug in the strategy, not a market condition.
 */
import {
  DomainError, OmsType, OrderFactory, OrderSide, PositionSide, type Bar, type BarType, type ClientOrderId, type InstrumentId,
  type Order, type OrderAccepted, type OrderCanceled, type OrderDenied, type OrderEvent, type OrderExpired,
  type OrderFilled, type OrderList, type OrderRejected, type OrderUpdated, type Position, type PositionId, type Price,
  type QuoteTick, type Quantity, type StrategyId, type TradeTick, type TradingCommand, type BracketParams,
} from '../model/index.ts';
import type { Cache } from '../engine/cache.ts';
import type { Clock } from '../engine/clock.ts';
import type { DataCommand } from '../engine/data-commands.ts';
import { Endpoints, Topics, type PositionChanged, type PositionClosed, type PositionEvent, type PositionOpened } from '../engine/events.ts';
import type { Endpoint, Handler, MessageBus } from '../engine/message-bus.ts';
import type { Portfolio } from '../engine/portfolio.ts';

// Module-level aliases of imported bindings: under tsx (esbuild, CJS interop) every read of an imported name is a
// getter call; a const is a plain slot read (hot paths).
const OrderFactory_ = OrderFactory;
const OrderSide_ = OrderSide;
const PositionSide_ = PositionSide;
const Endpoints_ = Endpoints;
const Topics_ = Topics;

export const StrategyState = {
  PRE_INITIALIZED: 'PRE_INITIALIZED',
  READY: 'READY',
  RUNNING: 'RUNNING',
  STOPPED: 'STOPPED',
  /** A handler threw while the kernel isolates strategy errors (live nodes): no more data or events reach it. */
  FAULTED: 'FAULTED',
  DISPOSED: 'DISPOSED',
} as const;
export type StrategyState = (typeof StrategyState)[keyof typeof StrategyState];

export interface StrategyConfig {
  /** Unique within a trader, e.g. 'EMACross-001'. Default: the class name + '-001'. */
  id?: string;
  /** Position accounting for this strategy; null = the venue's (execution client's) OMS type. */
  omsType?: OmsType | null;
  /** On stop: cancel the strategy's open orders. Default false. */
  cancelOrdersOnStop?: boolean;
  /** On stop: close the strategy's open positions with market orders. Default false. */
  closePositionsOnStop?: boolean;
}

/** What the Trader hands a strategy when it registers it (the same objects in backtest and live). */
export interface StrategyContext {
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly cache: Cache;
  readonly portfolio: Portfolio;
  /**
   * Present in live nodes (KernelConfig.onStrategyError): a handler that throws faults the strategy and is reported
   * here instead of propagating. Absent in backtests: the exception propagates and stops the run.
   */
  readonly onStrategyError?: (strategy: Strategy, error: unknown, where: string) => void;
}

/**
 * The indicator shape a strategy can register (structurally the streaming contract of shared/indicators:
 * `update(bar) -> value | undefined`, `isReady`, `value`, `reset()`). A model Bar fits its BarLike input.
 */
export interface BarIndicator {
  update(bar: Bar): unknown;
  readonly isReady: boolean;
  reset(): void;
}

/** A strategy used outside its lifecycle (not registered, started twice) or with another strategy's order. Code STRATEGY. */
export class StrategyError extends DomainError {
  constructor(message: string) {
    super('STRATEGY', message);
  }
}

export abstract class Strategy {
  readonly id: StrategyId;
  readonly omsType: OmsType | null;
  state: StrategyState = StrategyState.PRE_INITIALIZED;
  protected readonly config: StrategyConfig;

  private ctx: StrategyContext | undefined;
  private factory: OrderFactory | undefined;
  private riskEndpoint: Endpoint<TradingCommand> | undefined;
  private dataEndpoint: Endpoint<DataCommand> | undefined;
  /** (topic, handler) pairs this strategy subscribed, removed on dispose. */
  private readonly subscriptions: { topic: string; handler: Handler<never> }[] = [];
  private readonly barIndicators = new Map<string, BarIndicator[]>();
  private readonly barHandlers = new Map<string, Handler<Bar>>();
  /** True when the kernel isolates this strategy's errors (live): handlers run inside try/catch. */
  private isolate = false;
  private faultInfo: { where: string; message: string } | undefined;
  private readonly quoteHandler: Handler<QuoteTick> = (q) => {
    if (this.state === StrategyState.RUNNING) this.guard('onQuote', q, this.onQuote);
  };
  private readonly tradeHandler: Handler<TradeTick> = (t) => {
    if (this.state === StrategyState.RUNNING) this.guard('onTrade', t, this.onTrade);
  };

  constructor(config: StrategyConfig = {}) {
    this.config = config;
    this.id = (config.id ?? `${new.target.name}-001`) as StrategyId;
    this.omsType = config.omsType ?? null;
  }

  // ------------------------------------------------------------------ access (valid once registered)

  get clock(): Clock {
    return this.context().clock;
  }
  get cache(): Cache {
    return this.context().cache;
  }
  get portfolio(): Portfolio {
    return this.context().portfolio;
  }
  get bus(): MessageBus {
    return this.context().bus;
  }
  /** Builds orders with this strategy's id and deterministic client order ids `O-{strategyId}-{n}`. */
  get orderFactory(): OrderFactory {
    this.context();
    return this.factory as OrderFactory;
  }
  get isRunning(): boolean {
    return this.state === StrategyState.RUNNING;
  }
  /** Where and why a handler threw, once the strategy is FAULTED. */
  get fault(): { readonly where: string; readonly message: string } | undefined {
    return this.faultInfo;
  }

  // ------------------------------------------------------------------ lifecycle (called by the Trader)

  /** Wire the strategy into a kernel. Called once by the Trader. */
  register(ctx: StrategyContext): void {
    if (this.state !== StrategyState.PRE_INITIALIZED) throw new StrategyError(`strategy ${this.id} is already registered (state ${this.state})`);
    this.ctx = ctx;
    this.isolate = ctx.onStrategyError !== undefined;
    this.factory = new OrderFactory_(this.id, () => ctx.clock.now());
    this.riskEndpoint = ctx.bus.endpoint<TradingCommand>(Endpoints_.RISK_EXECUTE);
    this.dataEndpoint = ctx.bus.endpoint<DataCommand>(Endpoints_.DATA_EXECUTE);
    this.listen(Topics_.orderEvents(this.id), (e: OrderEvent) => this.guard(e.type, e, this.handleOrderEvent));
    this.listen(Topics_.positionEvents(this.id), (e: PositionEvent) => this.guard(e.type, e, this.handlePositionEvent));
    this.state = StrategyState.READY;
  }

  start(): void {
    if (this.state !== StrategyState.READY && this.state !== StrategyState.STOPPED) {
      throw new StrategyError(`strategy ${this.id} cannot start from state ${this.state}; register it with a Trader first`);
    }
    this.state = StrategyState.RUNNING;
    this.guard('onStart', undefined, this.onStart);
  }

  stop(): void {
    if (this.state !== StrategyState.RUNNING) return;
    this.guard('onStop', undefined, this.onStop);
    if ((this.state as StrategyState) === StrategyState.FAULTED) return; // onStop threw (live): faulted, not stopped
    if (this.config.cancelOrdersOnStop === true) this.cancelAllOrders();
    if (this.config.closePositionsOnStop === true) this.closeAllPositions();
    this.state = StrategyState.STOPPED;
  }

  dispose(): void {
    if (this.state === StrategyState.DISPOSED) return;
    this.stop();
    const bus = this.ctx?.bus;
    if (bus !== undefined) for (const s of this.subscriptions) bus.unsubscribe(s.topic, s.handler);
    this.subscriptions.length = 0;
    this.onDispose();
    this.state = StrategyState.DISPOSED;
  }

  // ------------------------------------------------------------------ handlers to override

  onStart(): void {}
  onStop(): void {}
  onDispose(): void {}
  onQuote(_quote: QuoteTick): void {}
  onTrade(_trade: TradeTick): void {}
  /** Called after every indicator registered for `bar.barType` has been updated with this bar. */
  onBar(_bar: Bar): void {}
  /** Every order event of this strategy, after the specific handler (onOrderFilled, ...). */
  onOrderEvent(_event: OrderEvent): void {}
  onOrderDenied(_event: OrderDenied): void {}
  onOrderAccepted(_event: OrderAccepted): void {}
  onOrderRejected(_event: OrderRejected): void {}
  onOrderCanceled(_event: OrderCanceled): void {}
  onOrderExpired(_event: OrderExpired): void {}
  onOrderUpdated(_event: OrderUpdated): void {}
  onOrderFilled(_event: OrderFilled): void {}
  onPositionOpened(_event: PositionOpened): void {}
  onPositionChanged(_event: PositionChanged): void {}
  onPositionClosed(_event: PositionClosed): void {}
  /** Every position event, after the specific handler. */
  onPositionEvent(_event: PositionEvent): void {}

  // ------------------------------------------------------------------ data subscriptions

  subscribeQuotes(instrumentId: InstrumentId): void {
    this.listen(Topics_.quotes(instrumentId), this.quoteHandler);
    this.dataEndpoint?.send({ type: 'SubscribeQuotes', instrumentId });
  }

  subscribeTrades(instrumentId: InstrumentId): void {
    this.listen(Topics_.trades(instrumentId), this.tradeHandler);
    this.dataEndpoint?.send({ type: 'SubscribeTrades', instrumentId });
  }

  /** Bars of `barType`: EXTERNAL ones come from the data; INTERNAL ones the DataEngine aggregates from ticks. */
  subscribeBars(barType: BarType): void {
    this.listen(Topics_.bars(barType.key), this.barHandler(barType.key));
    this.dataEndpoint?.send({ type: 'SubscribeBars', barType });
  }

  unsubscribeQuotes(instrumentId: InstrumentId): void {
    this.unlisten(Topics_.quotes(instrumentId), this.quoteHandler);
    this.dataEndpoint?.send({ type: 'UnsubscribeQuotes', instrumentId });
  }

  unsubscribeTrades(instrumentId: InstrumentId): void {
    this.unlisten(Topics_.trades(instrumentId), this.tradeHandler);
    this.dataEndpoint?.send({ type: 'UnsubscribeTrades', instrumentId });
  }

  unsubscribeBars(barType: BarType): void {
    this.unlisten(Topics_.bars(barType.key), this.barHandler(barType.key));
    this.dataEndpoint?.send({ type: 'UnsubscribeBars', barType });
  }

  /** Update `indicator` with every bar of `barType` before `onBar` sees the bar (in registration order). */
  registerIndicatorForBars(barType: BarType, indicator: BarIndicator): void {
    let list = this.barIndicators.get(barType.key);
    if (list === undefined) {
      list = [];
      this.barIndicators.set(barType.key, list);
    }
    if (!list.includes(indicator)) list.push(indicator);
  }

  // ------------------------------------------------------------------ trading commands

  /**
   * Send an order to the RiskEngine (then ExecutionEngine, then the venue). `positionId` targets a position
   * (HEDGING: which one to reduce). The outcome arrives as events: OrderDenied, OrderSubmitted, OrderAccepted, ...
   */
  submitOrder(order: Order, positionId: PositionId | null = null): void {
    this.ensureOwn(order.strategyId, order.clientOrderId);
    this.cache.addOrder(order);
    this.risk().send({ type: 'SubmitOrder', strategyId: this.id, instrumentId: order.instrumentId, tsInit: this.clock.now(), order, positionId });
  }

  /** Submit orders together (a bracket: entry + stop-loss + take-profit, or an OCO pair). */
  submitOrderList(list: OrderList, positionId: PositionId | null = null): void {
    for (const o of list.orders) {
      this.ensureOwn(o.strategyId, o.clientOrderId);
      this.cache.addOrder(o);
    }
    this.risk().send({ type: 'SubmitOrderList', strategyId: this.id, instrumentId: list.instrumentId, tsInit: this.clock.now(), orderList: list, positionId });
  }

  /** Build and submit a bracket (entry + stop-loss + take-profit) in one call; returns the list. */
  submitBracket(params: BracketParams | OrderList): OrderList {
    const list = 'orders' in params ? params : this.orderFactory.bracket(params);
    this.submitOrderList(list);
    return list;
  }

  /** Change an open order's quantity, limit price or trigger price (unset fields stay). */
  modifyOrder(order: Order, change: { quantity?: number; price?: number; triggerPrice?: number }): void {
    this.risk().send({
      type: 'ModifyOrder',
      strategyId: this.id,
      instrumentId: order.instrumentId,
      tsInit: this.clock.now(),
      clientOrderId: order.clientOrderId,
      venueOrderId: order.venueOrderId,
      quantity: (change.quantity ?? null) as Quantity | null,
      price: (change.price ?? null) as Price | null,
      triggerPrice: (change.triggerPrice ?? null) as Price | null,
    });
  }

  cancelOrder(order: Order): void {
    this.risk().send({
      type: 'CancelOrder',
      strategyId: this.id,
      instrumentId: order.instrumentId,
      tsInit: this.clock.now(),
      clientOrderId: order.clientOrderId,
      venueOrderId: order.venueOrderId,
    });
  }

  /** Cancel every open order of this strategy (on one instrument / one side when given). */
  cancelAllOrders(instrumentId?: InstrumentId, side?: OrderSide): void {
    const ids = new Set<InstrumentId>();
    for (const o of this.cache.ordersOpen({ strategyId: this.id, instrumentId })) ids.add(o.instrumentId);
    for (const id of [...ids].sort()) {
      this.risk().send({ type: 'CancelAllOrders', strategyId: this.id, instrumentId: id, tsInit: this.clock.now(), orderSide: side ?? null });
    }
  }

  /** Flatten one position with a reduce-only market order for its whole quantity. Returns the order (or undefined when already flat). */
  closePosition(position: Position, tags: readonly string[] = []): Order | undefined {
    if (!position.isOpen()) return undefined;
    const order = this.orderFactory.market({
      instrumentId: position.instrumentId,
      side: position.side === PositionSide_.LONG ? OrderSide_.SELL : OrderSide_.BUY,
      quantity: position.quantity,
      reduceOnly: true,
      tags,
    });
    this.submitOrder(order, position.id);
    return order;
  }

  /** Close every open position of this strategy (on one instrument when given). */
  closeAllPositions(instrumentId?: InstrumentId): void {
    for (const p of this.cache.positionsOpen({ strategyId: this.id, instrumentId })) this.closePosition(p);
  }

  // ------------------------------------------------------------------ conveniences

  /** This strategy's open positions. */
  positionsOpen(instrumentId?: InstrumentId): Position[] {
    return this.cache.positionsOpen({ strategyId: this.id, instrumentId });
  }

  /** This strategy's open orders. */
  ordersOpen(instrumentId?: InstrumentId): Order[] {
    return this.cache.ordersOpen({ strategyId: this.id, instrumentId });
  }

  /** Signed net quantity this strategy holds in an instrument. */
  netPosition(instrumentId: InstrumentId): number {
    return this.cache.netQuantity(instrumentId, this.id);
  }

  order(id: ClientOrderId): Order | undefined {
    return this.cache.order(id);
  }

  // ------------------------------------------------------------------ internals

  private context(): StrategyContext {
    if (this.ctx === undefined) throw new StrategyError(`strategy ${this.id} is not registered with a Trader: add it to a kernel or BacktestEngine first`);
    return this.ctx;
  }

  private risk(): Endpoint<TradingCommand> {
    this.context();
    return this.riskEndpoint as Endpoint<TradingCommand>;
  }

  private ensureOwn(sid: StrategyId, oid: ClientOrderId): void {
    if (sid !== this.id) throw new StrategyError(`order ${oid} belongs to strategy ${sid}, not ${this.id}: build orders with this.orderFactory`);
  }

  private listen<T>(topic: string, handler: Handler<T>): void {
    if (this.subscriptions.some((s) => s.topic === topic && s.handler === handler)) return;
    this.subscriptions.push({ topic, handler: handler as Handler<never> });
    this.bus.subscribe(topic, handler);
  }

  private unlisten<T>(topic: string, handler: Handler<T>): void {
    const i = this.subscriptions.findIndex((s) => s.topic === topic && s.handler === handler);
    if (i >= 0) this.subscriptions.splice(i, 1);
    this.bus.unsubscribe(topic, handler);
  }

  /** One handler per bar type, closing over its indicator list: no lookup per bar. */
  private barHandler(key: string): Handler<Bar> {
    let h = this.barHandlers.get(key);
    if (h === undefined) {
      let list = this.barIndicators.get(key);
      if (list === undefined) {
        list = [];
        this.barIndicators.set(key, list);
      }
      const inds = list;
      const run = (bar: Bar): void => {
        for (let i = 0; i < inds.length; i++) inds[i].update(bar);
        this.onBar(bar);
      };
      h = (bar: Bar) => {
        if (this.state === StrategyState.RUNNING) this.guard('onBar', bar, run);
      };
      this.barHandlers.set(key, h);
    }
    return h;
  }

  /** Calls `fn` (a handler of this strategy); with isolation on, an exception faults the strategy instead. */
  private guard<T>(where: string, x: T, fn: (this: this, x: T) => void): void {
    if (!this.isolate) return fn.call(this, x);
    try {
      fn.call(this, x);
    } catch (e) {
      this.markFaulted(e, where);
    }
  }

  private markFaulted(error: unknown, where: string): void {
    if (this.state === StrategyState.FAULTED || this.state === StrategyState.DISPOSED) return;
    this.state = StrategyState.FAULTED;
    this.faultInfo = { where, message: error instanceof Error ? error.message : String(error) };
    this.ctx?.onStrategyError?.(this, error, where);
  }

  private handleOrderEvent(e: OrderEvent): void {
    if (this.state === StrategyState.PRE_INITIALIZED || this.state === StrategyState.DISPOSED || this.state === StrategyState.FAULTED) return;
    switch (e.type) {
      case 'OrderFilled':
        this.onOrderFilled(e);
        break;
      case 'OrderDenied':
        this.onOrderDenied(e);
        break;
      case 'OrderAccepted':
        this.onOrderAccepted(e);
        break;
      case 'OrderRejected':
        this.onOrderRejected(e);
        break;
      case 'OrderCanceled':
        this.onOrderCanceled(e);
        break;
      case 'OrderExpired':
        this.onOrderExpired(e);
        break;
      case 'OrderUpdated':
        this.onOrderUpdated(e);
        break;
      default:
        break;
    }
    this.onOrderEvent(e);
  }

  private handlePositionEvent(e: PositionEvent): void {
    if (this.state === StrategyState.PRE_INITIALIZED || this.state === StrategyState.DISPOSED || this.state === StrategyState.FAULTED) return;
    if (e.type === 'PositionOpened') this.onPositionOpened(e);
    else if (e.type === 'PositionChanged') this.onPositionChanged(e);
    else this.onPositionClosed(e);
    this.onPositionEvent(e);
  }
}
