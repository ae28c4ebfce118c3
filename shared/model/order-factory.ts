import {
  ContingencyType, OrderSide, OrderType, TimeInForce, TrailingOffsetType, TriggerType,
} from './enums.ts';
import { InvalidOrderError } from './errors.ts';
import type { ClientOrderId, InstrumentId, OrderListId, StrategyId } from './identifiers.ts';
import type { OrderInitialized } from './order-events.ts';
import { OrderList } from './order-list.ts';
import { Order } from './order.ts';
import type { Price, Quantity } from './units.ts';

// Module-level aliases of imported bindings: under tsx (esbuild, CJS interop) every read of an imported name is a
// getter call; a const is a plain slot read (hot paths).
const ContingencyType_ = ContingencyType;
const OrderSide_ = OrderSide;
const OrderType_ = OrderType;
const TimeInForce_ = TimeInForce;
const TrailingOffsetType_ = TrailingOffsetType;
const TriggerType_ = TriggerType;
const InvalidOrderError_ = InvalidOrderError;
const OrderList_ = OrderList;
const Order_ = Order;

/** The empty id / tag list every plain order shares (frozen): two arrays less per order. */
const NONE: readonly never[] = Object.freeze([]);

/** Parameters shared by every order type. */
export interface OrderParams {
  instrumentId: InstrumentId;
  side: OrderSide;
  quantity: number;
  timeInForce?: TimeInForce;
  /** Required for GTD: epoch ms. */
  expireTime?: number | null;
  reduceOnly?: boolean;
  tags?: readonly string[];
}
export interface LimitParams extends OrderParams { price: number; postOnly?: boolean }
export interface StopMarketParams extends OrderParams { triggerPrice: number; triggerType?: TriggerType }
export interface StopLimitParams extends OrderParams { price: number; triggerPrice: number; triggerType?: TriggerType; postOnly?: boolean }
export interface TrailingStopMarketParams extends OrderParams {
  trailingOffset: number;
  trailingOffsetType?: TrailingOffsetType;
  /** Initial trigger; null = the venue sets it from the market when it accepts the order. */
  triggerPrice?: number | null;
  activationPrice?: number | null;
  triggerType?: TriggerType;
}
export interface BracketParams {
  instrumentId: InstrumentId;
  side: OrderSide;
  quantity: number;
  /**
   * Entry: MARKET (default); LIMIT when only entryPrice is given; STOP_MARKET (a breakout) when only
   * entryTriggerPrice is given; STOP_LIMIT when both are.
   */
  entryPrice?: number | null;
  entryTriggerPrice?: number | null;
  entryTimeInForce?: TimeInForce;
  entryPostOnly?: boolean;
  stopLoss: number;
  takeProfit: number;
  /** Stop-loss and take-profit are linked OUO (default: a partial fill of one shrinks the other) or OCO. */
  contingency?: 'OUO' | 'OCO';
  tpPostOnly?: boolean;
  tags?: readonly string[];
}

interface Full {
  instrumentId: InstrumentId;
  side: OrderSide;
  orderType: OrderType;
  quantity: number;
  price: number | null;
  triggerPrice: number | null;
  triggerType: TriggerType;
  trailingOffset: number | null;
  trailingOffsetType: TrailingOffsetType | null;
  activationPrice: number | null;
  timeInForce: TimeInForce;
  expireTime: number | null;
  postOnly: boolean;
  reduceOnly: boolean;
  contingencyType: ContingencyType;
  orderListId: OrderListId | null;
  linkedOrderIds: readonly ClientOrderId[];
  parentOrderId: ClientOrderId | null;
  tags: readonly string[];
}

/**
 * Builds orders for one strategy with deterministic ids: `O-{strategyId}-{n}` and `OL-{strategyId}-{n}`.
 * `now` is the injected clock (never Date.now()). Structural mistakes (a LIMIT without a price, NaN quantity, GTD
 * without expiry) throw InvalidOrderError here; instrument rules (lot size, tick size, min notional) are checked by the
 * RiskEngine and the venue, which answer with OrderDenied / OrderRejected.
 */
export class OrderFactory {
  private orderCount: number;
  private listCount: number;
  /** `O-{strategyId}-`, built once: an id is then one concatenation. */
  private readonly orderIdPrefix: string;

  constructor(
    readonly strategyId: StrategyId,
    private readonly now: () => number,
    initialOrderCount = 0,
    initialListCount = 0,
  ) {
    this.orderCount = initialOrderCount;
    this.orderIdPrefix = `O-${strategyId}-`;
    this.listCount = initialListCount;
  }

  nextClientOrderId(): ClientOrderId {
    return (this.orderIdPrefix + ++this.orderCount) as ClientOrderId;
  }

  nextOrderListId(): OrderListId {
    return `OL-${this.strategyId}-${++this.listCount}` as OrderListId;
  }

  market(p: OrderParams): Order {
    // The most common order, built straight into its OrderInitialized (what full() + build() give for a MARKET
    // order, same fields in the same order) without the intermediate objects.
    const id = this.nextClientOrderId();
    const ts = this.now();
    const init: OrderInitialized = {
      type: 'OrderInitialized',
      strategyId: this.strategyId,
      instrumentId: p.instrumentId,
      clientOrderId: id,
      side: p.side,
      orderType: OrderType_.MARKET,
      quantity: p.quantity as Quantity,
      price: null,
      triggerPrice: null,
      triggerType: TriggerType_.DEFAULT,
      trailingOffset: null,
      trailingOffsetType: null,
      activationPrice: null,
      timeInForce: p.timeInForce ?? TimeInForce_.GTC,
      expireTime: p.expireTime ?? null,
      postOnly: false,
      reduceOnly: p.reduceOnly ?? false,
      contingencyType: ContingencyType_.NO_CONTINGENCY,
      orderListId: null,
      linkedOrderIds: NONE,
      parentOrderId: null,
      tags: p.tags ?? NONE,
      tsEvent: ts,
      tsInit: ts,
    };
    validateOrderParams(id, init);
    return new Order_(init);
  }

  limit(p: LimitParams): Order {
    return this.build(this.nextClientOrderId(), this.full(p, OrderType_.LIMIT, { price: p.price, postOnly: p.postOnly ?? false }));
  }

  stopMarket(p: StopMarketParams): Order {
    return this.build(this.nextClientOrderId(), this.full(p, OrderType_.STOP_MARKET, { triggerPrice: p.triggerPrice, triggerType: p.triggerType }));
  }

  stopLimit(p: StopLimitParams): Order {
    return this.build(this.nextClientOrderId(), this.full(p, OrderType_.STOP_LIMIT, {
      price: p.price, triggerPrice: p.triggerPrice, triggerType: p.triggerType, postOnly: p.postOnly ?? false,
    }));
  }

  marketIfTouched(p: StopMarketParams): Order {
    return this.build(this.nextClientOrderId(), this.full(p, OrderType_.MARKET_IF_TOUCHED, { triggerPrice: p.triggerPrice, triggerType: p.triggerType }));
  }

  limitIfTouched(p: StopLimitParams): Order {
    return this.build(this.nextClientOrderId(), this.full(p, OrderType_.LIMIT_IF_TOUCHED, {
      price: p.price, triggerPrice: p.triggerPrice, triggerType: p.triggerType, postOnly: p.postOnly ?? false,
    }));
  }

  trailingStopMarket(p: TrailingStopMarketParams): Order {
    return this.build(this.nextClientOrderId(), this.full(p, OrderType_.TRAILING_STOP_MARKET, {
      triggerPrice: p.triggerPrice ?? null,
      triggerType: p.triggerType,
      trailingOffset: p.trailingOffset,
      trailingOffsetType: p.trailingOffsetType ?? TrailingOffsetType_.PRICE,
      activationPrice: p.activationPrice ?? null,
    }));
  }

  /**
   * Entry + stop-loss + take-profit. The entry is OTO (its children are released when it fills); stop-loss and
   * take-profit are reduce-only, GTC, and linked OUO (default) or OCO, so a take-profit fill cancels the stop and vice versa.
   * For a BUY entry: stopLoss < (entry) < takeProfit; for a SELL entry the reverse.
   */
  bracket(p: BracketParams): OrderList {
    const { side, stopLoss, takeProfit } = p;
    const limitPx = p.entryPrice ?? null;
    const triggerPx = p.entryTriggerPrice ?? null;
    const ref = limitPx ?? triggerPx;
    const buy = side === OrderSide_.BUY;
    if (!(Number.isFinite(stopLoss) && Number.isFinite(takeProfit))) {
      throw new InvalidOrderError_(`Bracket on ${p.instrumentId}: stopLoss ${stopLoss} and takeProfit ${takeProfit} must be finite prices.`);
    }
    if (buy ? !(stopLoss < takeProfit) : !(stopLoss > takeProfit)) {
      throw new InvalidOrderError_(
        `Bracket ${side} on ${p.instrumentId}: stopLoss ${stopLoss} must be ${buy ? 'below' : 'above'} takeProfit ${takeProfit}.`,
      );
    }
    if (ref !== null && (buy ? !(stopLoss < ref && ref < takeProfit) : !(stopLoss > ref && ref > takeProfit))) {
      throw new InvalidOrderError_(
        `Bracket ${side} on ${p.instrumentId}: entry ${ref} must lie between stopLoss ${stopLoss} and takeProfit ${takeProfit}.`,
      );
    }
    const listId = this.nextOrderListId();
    const entryId = this.nextClientOrderId();
    const slId = this.nextClientOrderId();
    const tpId = this.nextClientOrderId();
    const exit = buy ? OrderSide_.SELL : OrderSide_.BUY;
    const link = p.contingency === 'OCO' ? ContingencyType_.OCO : ContingencyType_.OUO;
    const tags = p.tags ?? [];
    const common = { instrumentId: p.instrumentId, quantity: p.quantity, orderListId: listId, tags };
    const entryType = triggerPx !== null
      ? (limitPx !== null ? OrderType_.STOP_LIMIT : OrderType_.STOP_MARKET)
      : (limitPx !== null ? OrderType_.LIMIT : OrderType_.MARKET);
    const entry = this.build(entryId, this.full({ ...common, side }, entryType, {
      price: limitPx,
      triggerPrice: triggerPx,
      timeInForce: p.entryTimeInForce ?? TimeInForce_.GTC,
      postOnly: limitPx !== null && (p.entryPostOnly ?? false),
      contingencyType: ContingencyType_.OTO,
      linkedOrderIds: [slId, tpId],
      orderListId: listId,
    }));
    const sl = this.build(slId, this.full({ ...common, side: exit, reduceOnly: true }, OrderType_.STOP_MARKET, {
      triggerPrice: stopLoss, contingencyType: link, linkedOrderIds: [tpId], parentOrderId: entryId, orderListId: listId,
    }));
    const tp = this.build(tpId, this.full({ ...common, side: exit, reduceOnly: true }, OrderType_.LIMIT, {
      price: takeProfit, postOnly: p.tpPostOnly ?? false, contingencyType: link, linkedOrderIds: [slId], parentOrderId: entryId, orderListId: listId,
    }));
    return new OrderList_(listId, [entry, sl, tp], this.now());
  }

  /**
   * Two exits for an open position, linked OCO (a fill of one cancels the other) or OUO (default: a partial fill
   * shrinks the other): a take-profit LIMIT and a stop-loss STOP_MARKET, both reduce-only and GTC.
   * `side` is the exit side (SELL to close a long).
   */
  exitPair(p: { instrumentId: InstrumentId; side: OrderSide; quantity: number; takeProfit: number; stopLoss: number; contingency?: 'OCO' | 'OUO'; tags?: readonly string[] }): OrderList {
    const sell = p.side === OrderSide_.SELL;
    if (sell ? !(p.stopLoss < p.takeProfit) : !(p.stopLoss > p.takeProfit)) {
      throw new InvalidOrderError_(
        `Exit pair ${p.side} on ${p.instrumentId}: stopLoss ${p.stopLoss} must be ${sell ? 'below' : 'above'} takeProfit ${p.takeProfit}.`,
      );
    }
    const listId = this.nextOrderListId();
    const tpId = this.nextClientOrderId();
    const slId = this.nextClientOrderId();
    const link = p.contingency === 'OCO' ? ContingencyType_.OCO : ContingencyType_.OUO;
    const common = { instrumentId: p.instrumentId, side: p.side, quantity: p.quantity, reduceOnly: true, tags: p.tags ?? [] };
    const tp = this.build(tpId, this.full(common, OrderType_.LIMIT, { price: p.takeProfit, contingencyType: link, linkedOrderIds: [slId], orderListId: listId }));
    const sl = this.build(slId, this.full(common, OrderType_.STOP_MARKET, { triggerPrice: p.stopLoss, contingencyType: link, linkedOrderIds: [tpId], orderListId: listId }));
    return new OrderList_(listId, [tp, sl], this.now());
  }

  /** Wraps orders already built (e.g. an OCO pair linked by the caller) in a list. */
  orderList(orders: readonly Order[]): OrderList {
    return new OrderList_(this.nextOrderListId(), orders, this.now());
  }

  /** Builds an order from explicit parameters with a given id (contingent orders need their ids before creation). */
  create(id: ClientOrderId, full: Omit<Full, 'price' | 'triggerPrice'> & { price: number | null; triggerPrice: number | null }): Order {
    return this.build(id, full);
  }

  private full(p: OrderParams, orderType: OrderType, extra: Partial<Full>): Full {
    const f: Full = {
      instrumentId: p.instrumentId,
      side: p.side,
      orderType,
      quantity: p.quantity,
      price: null,
      triggerPrice: null,
      triggerType: TriggerType_.DEFAULT,
      trailingOffset: null,
      trailingOffsetType: null,
      activationPrice: null,
      timeInForce: p.timeInForce ?? TimeInForce_.GTC,
      expireTime: p.expireTime ?? null,
      postOnly: false,
      reduceOnly: p.reduceOnly ?? false,
      contingencyType: ContingencyType_.NO_CONTINGENCY,
      orderListId: null,
      linkedOrderIds: NONE,
      parentOrderId: null,
      tags: p.tags ?? NONE,
    };
    // The defined fields of `extra` override the defaults (as a spread of them would), without the intermediate
    // arrays and objects of entries/filter/fromEntries: this runs for every order.
    const out = f as unknown as Record<string, unknown>;
    const ex = extra as Record<string, unknown>;
    for (const k in ex) {
      const v = ex[k];
      if (v !== undefined) out[k] = v;
    }
    return f;
  }

  private build(id: ClientOrderId, f: Full): Order {
    validateOrderParams(id, f);
    const ts = this.now();
    const init: OrderInitialized = {
      type: 'OrderInitialized',
      strategyId: this.strategyId,
      instrumentId: f.instrumentId,
      clientOrderId: id,
      side: f.side,
      orderType: f.orderType,
      quantity: f.quantity as Quantity,
      price: f.price as Price | null,
      triggerPrice: f.triggerPrice as Price | null,
      triggerType: f.triggerType,
      trailingOffset: f.trailingOffset,
      trailingOffsetType: f.trailingOffsetType,
      activationPrice: f.activationPrice as Price | null,
      timeInForce: f.timeInForce,
      expireTime: f.expireTime,
      postOnly: f.postOnly,
      reduceOnly: f.reduceOnly,
      contingencyType: f.contingencyType,
      orderListId: f.orderListId,
      linkedOrderIds: f.linkedOrderIds,
      parentOrderId: f.parentOrderId,
      tags: f.tags,
      tsEvent: ts,
      tsInit: ts,
    };
    return new Order_(init);
  }
}

const NEEDS_PRICE: ReadonlySet<OrderType> = new Set([OrderType_.LIMIT, OrderType_.STOP_LIMIT, OrderType_.LIMIT_IF_TOUCHED]);
const NEEDS_TRIGGER: ReadonlySet<OrderType> = new Set([
  OrderType_.STOP_MARKET, OrderType_.STOP_LIMIT, OrderType_.MARKET_IF_TOUCHED, OrderType_.LIMIT_IF_TOUCHED,
]);

/** Structural checks shared by the factory and anyone constructing OrderInitialized by hand. */
function invalid(id: string, f: Full, what: string): never {
  throw new InvalidOrderError_(`Order ${id} (${f.orderType} ${f.side} ${f.instrumentId}): ${what}`);
}

export function validateOrderParams(id: string, f: Full): void {
  if (f.side !== OrderSide_.BUY && f.side !== OrderSide_.SELL) invalid(id, f, `side ${String(f.side)} must be BUY or SELL.`);
  if (!(f.quantity > 0) || !Number.isFinite(f.quantity)) invalid(id, f, `quantity ${f.quantity} must be a finite number above 0.`);
  if (NEEDS_PRICE.has(f.orderType) && (f.price === null || !(f.price > 0) || !Number.isFinite(f.price))) {
    invalid(id, f, `limit price ${f.price} must be a finite number above 0.`);
  }
  if (!NEEDS_PRICE.has(f.orderType) && f.price !== null) invalid(id, f, `a ${f.orderType} order takes no limit price; use a LIMIT type.`);
  if (NEEDS_TRIGGER.has(f.orderType) && (f.triggerPrice === null || !(f.triggerPrice > 0) || !Number.isFinite(f.triggerPrice))) {
    invalid(id, f, `trigger price ${f.triggerPrice} must be a finite number above 0.`);
  }
  if (f.orderType === OrderType_.TRAILING_STOP_MARKET) {
    if (f.trailingOffset === null || !(f.trailingOffset > 0) || !Number.isFinite(f.trailingOffset)) {
      invalid(id, f, `trailing offset ${f.trailingOffset} must be a finite number above 0 (in ${f.trailingOffsetType ?? 'PRICE'}).`);
    }
    if (f.triggerPrice !== null && !(f.triggerPrice > 0)) invalid(id, f, `trigger price ${f.triggerPrice} must be above 0 or null.`);
    if (f.activationPrice !== null && !(f.activationPrice > 0)) invalid(id, f, `activation price ${f.activationPrice} must be above 0 or null.`);
  }
  if (f.timeInForce === TimeInForce_.GTD) {
    if (f.expireTime === null || !Number.isFinite(f.expireTime)) invalid(id, f, 'a GTD order needs expireTime (epoch ms).');
  } else if (f.expireTime !== null) {
    invalid(id, f, `expireTime is only for GTD orders (this one is ${f.timeInForce}).`);
  }
  if (f.postOnly && !NEEDS_PRICE.has(f.orderType)) invalid(id, f, 'postOnly needs a limit price (LIMIT, STOP_LIMIT, LIMIT_IF_TOUCHED).');
  if (f.postOnly && (f.timeInForce === TimeInForce_.IOC || f.timeInForce === TimeInForce_.FOK)) {
    invalid(id, f, `postOnly cannot be combined with ${f.timeInForce} (a post-only order never trades on arrival).`);
  }
}
