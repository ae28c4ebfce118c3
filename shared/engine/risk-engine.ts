/**
 * RiskEngine: every trading command passes here first (endpoint `RiskEngine.execute`). Orders that break a limit
 * are refused with an `OrderDenied` event (sent to `ExecutionEngine.process`, so the order, the cache and the
 * strategy all see it) — never an exception. A denied modify becomes `OrderModifyRejected`. Cancels always pass
 * (even HALTED: reducing risk must stay possible).
 *
 * Checks on a new order, in this order; the first failure is the reason, prefixed by a stable code:
 *   TRADING_HALTED      trading state HALTED
 *   UNKNOWN_INSTRUMENT  no such instrument in the cache
 *   INVALID_QUANTITY    not a finite positive multiple of the lot size, below/above the instrument's min/max,
 *                       or below its min notional
 *   INVALID_PRICE       a limit/trigger price that is not finite, not positive or off the tick size
 *   MAX_ORDER_QUANTITY  quantity above the configured limit for the instrument
 *   MAX_NOTIONAL        quantity x price x multiplier above the configured limit (market orders: at the last price)
 *   TRADING_REDUCING    trading state REDUCING and the order would increase the absolute net position
 *   MAX_POSITION        |net position after a full fill| above the configured limit (orders that reduce pass)
 *   MAX_OPEN_ORDERS     the trader already has that many open orders
 *   PRICE_BAND          limit/trigger price further than `priceBand` (a fraction) from the last price
 *   RATE_LIMIT          more than `maxOrderSubmitRate.limit` orders within `intervalMs`
 * Limits given per instrument take the key '*' as the default for instruments not named.
 */
import {
  cleanFloat, OrderSide, OrderType, TradingState, type Instrument, type Order, type OrderDenied, type OrderEvent,
  type OrderModifyRejected, type ModifyOrder, type SubmitOrder, type SubmitOrderList, type TradingCommand,
} from '../model/index.ts';
import type { Cache } from './cache.ts';
import type { Clock } from './clock.ts';
import { Endpoints, Topics } from './events.ts';
import type { Endpoint, MessageBus } from './message-bus.ts';
import { Throttler } from './throttler.ts';

// Module-level aliases of imported bindings: under tsx (esbuild, CJS interop) every read of an imported name is a
// getter call; a const is a plain slot read (hot paths).
const cleanFloat_ = cleanFloat;
const OrderSide_ = OrderSide;
const OrderType_ = OrderType;
const TradingState_ = TradingState;
const Endpoints_ = Endpoints;
const Topics_ = Topics;
const Throttler_ = Throttler;

export interface RateLimit {
  limit: number;
  intervalMs: number;
}

export interface RiskEngineConfig {
  /** Skip every check (a backtest of raw signals). Default false. */
  bypass?: boolean;
  /** Initial trading state. Default ACTIVE. */
  tradingState?: TradingState;
  /** Default 100 orders per 1000 ms. */
  maxOrderSubmitRate?: RateLimit;
  /** Default 100 modifies per 1000 ms. */
  maxOrderModifyRate?: RateLimit;
  /** Per instrument id (or '*'): max quantity of one order. */
  maxOrderQuantity?: Record<string, number>;
  /** Per instrument id (or '*'): max notional of one order in the quote currency. */
  maxNotionalPerOrder?: Record<string, number>;
  /** Per instrument id (or '*'): max absolute net position (all strategies). */
  maxPositionQuantity?: Record<string, number>;
  /** Max open orders across the trader. */
  maxOpenOrders?: number;
  /** Max distance of a limit/trigger price from the last price, as a fraction (0.1 = 10 %). */
  priceBand?: number;
}

export const RiskDenial = {
  TRADING_HALTED: 'TRADING_HALTED',
  UNKNOWN_INSTRUMENT: 'UNKNOWN_INSTRUMENT',
  INVALID_QUANTITY: 'INVALID_QUANTITY',
  INVALID_PRICE: 'INVALID_PRICE',
  MAX_ORDER_QUANTITY: 'MAX_ORDER_QUANTITY',
  MAX_NOTIONAL: 'MAX_NOTIONAL',
  TRADING_REDUCING: 'TRADING_REDUCING',
  MAX_POSITION: 'MAX_POSITION',
  MAX_OPEN_ORDERS: 'MAX_OPEN_ORDERS',
  PRICE_BAND: 'PRICE_BAND',
  RATE_LIMIT: 'RATE_LIMIT',
  ORDER_LIST: 'ORDER_LIST',
  UNKNOWN_ORDER: 'UNKNOWN_ORDER',
} as const;
export type RiskDenial = (typeof RiskDenial)[keyof typeof RiskDenial];

/** Published on `events.risk` when the trading state changes. */
export interface TradingStateChanged {
  readonly type: 'TradingStateChanged';
  readonly state: TradingState;
  readonly tsEvent: number;
}

const limitFor = (m: Record<string, number> | undefined, id: string): number | undefined => (m === undefined ? undefined : (m[id] ?? m['*']));

export class RiskEngine {
  tradingState: TradingState;
  private readonly submitThrottle: Throttler;
  private readonly modifyThrottle: Throttler;
  private readonly execEndpoint: Endpoint<TradingCommand>;
  private readonly processEndpoint: Endpoint<OrderEvent>;
  denied = 0;

  constructor(
    private readonly bus: MessageBus,
    private readonly cache: Cache,
    private readonly clock: Clock,
    private readonly config: RiskEngineConfig = {},
  ) {
    this.tradingState = config.tradingState ?? TradingState_.ACTIVE;
    const s = config.maxOrderSubmitRate ?? { limit: 100, intervalMs: 1000 };
    const m = config.maxOrderModifyRate ?? { limit: 100, intervalMs: 1000 };
    this.submitThrottle = new Throttler_(s.limit, s.intervalMs);
    this.modifyThrottle = new Throttler_(m.limit, m.intervalMs);
    this.execEndpoint = bus.endpoint<TradingCommand>(Endpoints_.EXEC_EXECUTE);
    this.processEndpoint = bus.endpoint<OrderEvent>(Endpoints_.EXEC_PROCESS);
    bus.register<TradingCommand>(Endpoints_.RISK_EXECUTE, (c) => this.execute(c));
  }

  setTradingState(state: TradingState): void {
    if (state === this.tradingState) return;
    this.tradingState = state;
    this.bus.publish<TradingStateChanged>(Topics_.RISK, { type: 'TradingStateChanged', state, tsEvent: this.clock.now() });
  }

  execute(cmd: TradingCommand): void {
    if (this.config.bypass === true) {
      this.execEndpoint.send(cmd);
      return;
    }
    switch (cmd.type) {
      case 'SubmitOrder':
        this.submit(cmd);
        break;
      case 'SubmitOrderList':
        this.submitList(cmd);
        break;
      case 'ModifyOrder':
        this.modify(cmd);
        break;
      default:
        this.execEndpoint.send(cmd);
    }
  }

  private submit(cmd: SubmitOrder): void {
    const reason = this.checkOrder(cmd.order, 1) ?? this.throttle();
    if (reason !== null) this.deny(cmd.order, reason);
    else this.execEndpoint.send(cmd);
  }

  private submitList(cmd: SubmitOrderList): void {
    const orders = cmd.orderList.orders;
    let reason: string | null = null;
    let culprit: Order | undefined;
    for (const o of orders) {
      reason = this.checkOrder(o, orders.length);
      if (reason !== null) {
        culprit = o;
        break;
      }
    }
    if (reason === null) reason = this.throttle();
    if (reason === null) {
      this.execEndpoint.send(cmd);
      return;
    }
    for (const o of orders) {
      this.deny(o, culprit === undefined || o === culprit ? reason : `${RiskDenial.ORDER_LIST}: order ${culprit.clientOrderId} of list ${cmd.orderList.id} was denied (${reason})`);
    }
  }

  private modify(cmd: ModifyOrder): void {
    const order = this.cache.order(cmd.clientOrderId);
    let reason: string | null = null;
    if (order === undefined) reason = `${RiskDenial.UNKNOWN_ORDER}: no order ${cmd.clientOrderId} in the cache`;
    else if (this.tradingState === TradingState_.HALTED) reason = `${RiskDenial.TRADING_HALTED}: trading is halted; only cancels are accepted`;
    else {
      const inst = this.cache.instrument(order.instrumentId);
      if (inst === undefined) reason = `${RiskDenial.UNKNOWN_INSTRUMENT}: ${order.instrumentId} is not in the cache`;
      else {
        if (cmd.quantity !== null) {
          const q = inst.checkQuantity(cmd.quantity, null);
          if (q !== null) reason = `${RiskDenial.INVALID_QUANTITY}: ${q}`;
          const max = limitFor(this.config.maxOrderQuantity, inst.id);
          if (reason === null && max !== undefined && cmd.quantity > max) reason = `${RiskDenial.MAX_ORDER_QUANTITY}: quantity ${cmd.quantity} is above the limit ${max} for ${inst.id}`;
        }
        if (reason === null && cmd.price !== null) reason = this.priceProblem(inst, cmd.price, 'price');
        if (reason === null && cmd.triggerPrice !== null) reason = this.priceProblem(inst, cmd.triggerPrice, 'trigger price');
      }
      if (reason === null && !this.modifyThrottle.tryAcquire(this.clock.now())) {
        const r = this.config.maxOrderModifyRate ?? { limit: 100, intervalMs: 1000 };
        reason = `${RiskDenial.RATE_LIMIT}: more than ${r.limit} modifies within ${r.intervalMs} ms`;
      }
    }
    if (reason === null) {
      this.execEndpoint.send(cmd);
      return;
    }
    this.denied++;
    const now = this.clock.now();
    const ev: OrderModifyRejected = {
      type: 'OrderModifyRejected', strategyId: cmd.strategyId, instrumentId: cmd.instrumentId, clientOrderId: cmd.clientOrderId,
      venueOrderId: cmd.venueOrderId, accountId: order?.accountId ?? null, reason, tsEvent: now, tsInit: now,
    };
    if (order !== undefined) this.processEndpoint.send(ev);
  }

  /** Why `order` must be denied, or null. `listSize` counts toward the open-order limit. */
  checkOrder(order: Order, listSize: number): string | null {
    if (this.tradingState === TradingState_.HALTED) return `${RiskDenial.TRADING_HALTED}: trading is halted; no new orders are accepted`;
    const inst = this.cache.instrument(order.instrumentId);
    if (inst === undefined) return `${RiskDenial.UNKNOWN_INSTRUMENT}: ${order.instrumentId} is not in the cache; add the instrument before trading it`;
    const refPx = order.price ?? order.triggerPrice ?? this.cache.price(order.instrumentId, order.side) ?? null;
    const q = inst.checkQuantity(order.quantity, refPx);
    if (q !== null) return `${RiskDenial.INVALID_QUANTITY}: ${q}`;
    if (order.price !== null) {
      const p = this.priceProblem(inst, order.price, 'price');
      if (p !== null) return p;
    }
    if (order.triggerPrice !== null) {
      const p = this.priceProblem(inst, order.triggerPrice, 'trigger price');
      if (p !== null) return p;
    }
    const maxQty = limitFor(this.config.maxOrderQuantity, inst.id);
    if (maxQty !== undefined && order.quantity > maxQty) return `${RiskDenial.MAX_ORDER_QUANTITY}: quantity ${order.quantity} is above the limit ${maxQty} for ${inst.id}`;
    const maxNotional = limitFor(this.config.maxNotionalPerOrder, inst.id);
    if (maxNotional !== undefined) {
      if (refPx === null) return `${RiskDenial.MAX_NOTIONAL}: no price to value a ${order.orderType} order on ${inst.id} yet (no quote, trade or bar seen)`;
      const n = inst.notional(order.quantity, refPx);
      if (n > maxNotional) return `${RiskDenial.MAX_NOTIONAL}: notional ${cleanFloat_(n)} ${inst.quoteCurrency.code} is above the limit ${maxNotional} for ${inst.id}`;
    }
    const net = this.cache.netQuantity(inst.id);
    const after = net + (order.side === OrderSide_.BUY ? order.quantity : -order.quantity);
    const increases = Math.abs(after) > Math.abs(net);
    if (this.tradingState === TradingState_.REDUCING && increases) {
      return `${RiskDenial.TRADING_REDUCING}: trading is REDUCING; ${order.side} ${order.quantity} would take the net position in ${inst.id} from ${cleanFloat_(net)} to ${cleanFloat_(after)}`;
    }
    const maxPos = limitFor(this.config.maxPositionQuantity, inst.id);
    if (maxPos !== undefined && increases && !order.reduceOnly && Math.abs(after) > maxPos) {
      return `${RiskDenial.MAX_POSITION}: ${order.side} ${order.quantity} would take the net position in ${inst.id} to ${cleanFloat_(after)}, beyond the limit ${maxPos}`;
    }
    const maxOpen = this.config.maxOpenOrders;
    if (maxOpen !== undefined) {
      const open = this.cache.ordersOpenCount();
      if (open + listSize > maxOpen) return `${RiskDenial.MAX_OPEN_ORDERS}: ${open} orders are open; ${listSize} more would exceed the limit ${maxOpen}`;
    }
    const band = this.config.priceBand;
    if (band !== undefined && order.orderType !== OrderType_.MARKET) {
      const last = this.cache.price(inst.id);
      for (const [field, px] of [['price', order.price], ['trigger price', order.triggerPrice]] as const) {
        if (px === null || last === undefined) continue;
        const dev = Math.abs(px / last - 1);
        if (dev > band) {
          return `${RiskDenial.PRICE_BAND}: ${field} ${px} is ${(dev * 100).toFixed(2)} % from the last price ${cleanFloat_(last)} of ${inst.id}, beyond the band of ${(band * 100).toFixed(2)} %`;
        }
      }
    }
    return null;
  }

  private priceProblem(inst: Instrument, px: number, field: string): string | null {
    const p = inst.checkPrice(px, field);
    return p === null ? null : `${RiskDenial.INVALID_PRICE}: ${p}`;
  }

  private throttle(): string | null {
    if (this.submitThrottle.tryAcquire(this.clock.now())) return null;
    const r = this.config.maxOrderSubmitRate ?? { limit: 100, intervalMs: 1000 };
    return `${RiskDenial.RATE_LIMIT}: more than ${r.limit} orders within ${r.intervalMs} ms`;
  }

  private deny(order: Order, reason: string): void {
    this.denied++;
    if (this.cache.order(order.clientOrderId) === undefined) this.cache.addOrder(order);
    const now = this.clock.now();
    const ev: OrderDenied = {
      type: 'OrderDenied', strategyId: order.strategyId, instrumentId: order.instrumentId, clientOrderId: order.clientOrderId,
      reason, tsEvent: now, tsInit: now,
    };
    this.processEndpoint.send(ev);
  }
}
