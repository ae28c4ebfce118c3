import {
  ContingencyType, OrderSide, OrderType, TimeInForce, TrailingOffsetType, TriggerType,
} from './enums.ts';
import { InvalidFillError, OrderStateTransitionError } from './errors.ts';
import type {
  AccountId, ClientOrderId, InstrumentId, OrderListId, PositionId, StrategyId, TradeId, VenueOrderId,
} from './identifiers.ts';
import type { OrderEvent, OrderFilled, OrderInitialized } from './order-events.ts';
import { ensureTransition, isClosedStatus, isOpenStatus, OrderStatus } from './order-status.ts';
import type { Money, Price, Quantity } from './units.ts';
import { cleanFloat } from './units.ts';

// Module-level aliases of imported bindings: under tsx (esbuild, CJS interop) every read of an imported name is a
// getter call; a const is a plain slot read (hot paths).
const OrderSide_ = OrderSide;
const OrderType_ = OrderType;
const InvalidFillError_ = InvalidFillError;
const OrderStateTransitionError_ = OrderStateTransitionError;
const ensureTransition_ = ensureTransition;
const isClosedStatus_ = isClosedStatus;
const isOpenStatus_ = isOpenStatus;
const OrderStatus_ = OrderStatus;
const cleanFloat_ = cleanFloat;

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * An order: its parameters (from OrderInitialized) and its state, changed only by `apply(event)` (the state fields
 * are readonly to everyone else; apply() writes them through a Writable view — no run-time cost).
 * One monomorphic class for all order types; fields that do not apply to a type are null.
 * `events` keeps the order's history (a handful per order; see keepEvents).
 */
export class Order {
  // The parameters an order never changes are read from its OrderInitialized (prototype getters, inlined by the
  // JIT): an order is held for the whole run, and 19 copied fields cost ~170 bytes per order (twice: the venue keeps
  // its own copy while the order works).
  get clientOrderId(): ClientOrderId {
    return this.initEvent.clientOrderId;
  }
  get strategyId(): StrategyId {
    return this.initEvent.strategyId;
  }
  get instrumentId(): InstrumentId {
    return this.initEvent.instrumentId;
  }
  get side(): OrderSide {
    return this.initEvent.side;
  }
  get orderType(): OrderType {
    return this.initEvent.orderType;
  }
  get triggerType(): TriggerType {
    return this.initEvent.triggerType;
  }
  get trailingOffset(): number | null {
    return this.initEvent.trailingOffset;
  }
  get trailingOffsetType(): TrailingOffsetType | null {
    return this.initEvent.trailingOffsetType;
  }
  get activationPrice(): Price | null {
    return this.initEvent.activationPrice;
  }
  get timeInForce(): TimeInForce {
    return this.initEvent.timeInForce;
  }
  get expireTime(): number | null {
    return this.initEvent.expireTime;
  }
  get postOnly(): boolean {
    return this.initEvent.postOnly;
  }
  get reduceOnly(): boolean {
    return this.initEvent.reduceOnly;
  }
  get contingencyType(): ContingencyType {
    return this.initEvent.contingencyType;
  }
  get orderListId(): OrderListId | null {
    return this.initEvent.orderListId;
  }
  get linkedOrderIds(): readonly ClientOrderId[] {
    return this.initEvent.linkedOrderIds;
  }
  get parentOrderId(): ClientOrderId | null {
    return this.initEvent.parentOrderId;
  }
  get tags(): readonly string[] {
    return this.initEvent.tags;
  }
  get tsInit(): number {
    return this.initEvent.tsInit;
  }
  /** Time of the last event applied. */
  get tsLast(): number {
    return this.lastEvent.tsEvent;
  }

  readonly initEvent: OrderInitialized;
  readonly quantity: Quantity;
  readonly price: Price | null;
  readonly triggerPrice: Price | null;
  readonly status: OrderStatus = OrderStatus_.INITIALIZED;
  /** Status before PENDING_UPDATE / PENDING_CANCEL, restored when the request is answered without change. */
  readonly previousStatus: OrderStatus = OrderStatus_.INITIALIZED;
  readonly venueOrderId: VenueOrderId | null = null;
  readonly accountId: AccountId | null = null;
  readonly positionId: PositionId | null = null;
  readonly filledQty: Quantity = 0 as Quantity;
  readonly leavesQty: Quantity;
  /** Volume-weighted average fill price (NaN before the first fill). */
  readonly avgPx: number = Number.NaN;
  /** Sum of commissions in the fills' commission currency (one currency per instrument in this kernel). */
  readonly commission: Money = 0 as Money;
  readonly isTriggered: boolean = false;
  readonly tsTriggered: number = 0;
  readonly lastTradeId: TradeId | null = null;
  /** The last event applied (the OrderInitialized at first): `tsLast` is its time, without a number boxed per event. */
  private lastEvent: OrderEvent;
  readonly events: OrderEvent[];
  /**
   * The position this order's fills went to, as the kernel's Cache records it (`Cache.setOrderPosition`): kept on the
   * order instead of in a Map keyed by order id, which would hold one more entry per order for the whole run.
   * Not part of the order's state machine (`positionId` is what the venue reported).
   */
  cachedPositionId: PositionId | null = null;

  /**
   * @param keepEvents false = do not keep the history in `events` (venue-side copies, long-lived trailing stops whose
   *   every ratchet is an OrderUpdated): memory then stays flat however long the order lives.
   */
  constructor(
    init: OrderInitialized,
    private readonly keepEvents = true,
  ) {
    this.initEvent = init;
    this.quantity = init.quantity;
    this.leavesQty = init.quantity;
    this.price = init.price;
    this.triggerPrice = init.triggerPrice;
    this.lastEvent = init;
    if (keepEvents) {
      // Room for a typical history (initialized, submitted, accepted, filled) from the start: a [] would grow to 17
      // slots at the first push, ~100 bytes more per order kept for the whole run. pop() keeps the capacity and is
      // inlined by the JIT, where `length = 1` is a runtime call.
      const events: OrderEvent[] = [init, init, init, init];
      events.pop();
      events.pop();
      events.pop();
      this.events = events;
    } else {
      this.events = [];
    }
  }

  isBuy(): boolean {
    return this.side === OrderSide_.BUY;
  }

  /** DENIED, REJECTED, FILLED, CANCELED or EXPIRED. */
  isClosed(): boolean {
    return isClosedStatus_(this.status);
  }

  /** Not yet closed and past INITIALIZED. */
  isOpen(): boolean {
    return isOpenStatus_(this.status);
  }

  /** Sent and not yet answered: SUBMITTED, PENDING_UPDATE or PENDING_CANCEL. */
  isInflight(): boolean {
    const s = this.status;
    return s === OrderStatus_.SUBMITTED || s === OrderStatus_.PENDING_UPDATE || s === OrderStatus_.PENDING_CANCEL;
  }

  hasPrice(): boolean {
    return this.price !== null;
  }

  /** True for types whose resting part is a limit (LIMIT, and STOP_LIMIT / LIMIT_IF_TOUCHED once triggered). */
  isPassive(): boolean {
    return this.orderType !== OrderType_.MARKET;
  }

  /** Signed quantity: +qty for buys, -qty for sells. */
  signedQty(qty: number): number {
    return this.side === OrderSide_.BUY ? qty : -qty;
  }

  /**
   * Applies an event: the only way an order changes. Throws OrderStateTransitionError when the state machine does
   * not allow the event from the current status, InvalidFillError for an overfill; the order is unchanged then.
   */
  apply(event: OrderEvent): void {
    if (event.clientOrderId !== this.clientOrderId) {
      throw new OrderStateTransitionError_(
        this.status,
        event.type,
        `Order ${this.clientOrderId}: got ${event.type} for another order (${event.clientOrderId}); route events by clientOrderId.`,
      );
    }
    if (event.type === 'OrderInitialized') {
      throw new OrderStateTransitionError_(this.status, event.type, `Order ${this.clientOrderId}: it is already initialized.`);
    }
    const t = ensureTransition_(this.status, event.type, this.clientOrderId);
    const w = this as Writable<Order>;
    switch (event.type) {
      case 'OrderFilled':
        this.applyFill(event);
        break;
      case 'OrderUpdated':
        if (event.quantity < this.filledQty) {
          throw new InvalidFillError_(
            `Order ${this.clientOrderId}: update to quantity ${event.quantity} is below the filled ${this.filledQty}.`,
          );
        }
        w.quantity = event.quantity;
        w.leavesQty = cleanFloat_(event.quantity - this.filledQty) as Quantity;
        if (event.price !== null) w.price = event.price;
        if (event.triggerPrice !== null) w.triggerPrice = event.triggerPrice;
        if (event.venueOrderId !== null) w.venueOrderId = event.venueOrderId;
        break;
      case 'OrderSubmitted':
        w.accountId = event.accountId;
        break;
      case 'OrderAccepted':
        w.venueOrderId = event.venueOrderId;
        w.accountId = event.accountId;
        break;
      case 'OrderRejected':
        w.accountId = event.accountId;
        break;
      case 'OrderTriggered':
        w.isTriggered = true;
        w.tsTriggered = event.tsEvent;
        break;
      case 'OrderReleased':
        break;
      default:
        break;
    }
    if (t === 'FILL') {
      w.status = this.leavesQty <= 0 ? OrderStatus_.FILLED : OrderStatus_.PARTIALLY_FILLED;
    } else if (t === 'RESTORE') {
      w.status = this.previousStatus;
    } else if (t !== 'SAME') {
      if (t === OrderStatus_.PENDING_UPDATE || t === OrderStatus_.PENDING_CANCEL) {
        if (this.status !== OrderStatus_.PENDING_UPDATE && this.status !== OrderStatus_.PENDING_CANCEL) {
          w.previousStatus = this.status;
        }
      } else {
        w.previousStatus = this.status;
      }
      w.status = t;
    }
    this.lastEvent = event;
    if (this.keepEvents) this.events.push(event);
  }

  private applyFill(fill: OrderFilled): void {
    const w = this as Writable<Order>;
    if (!(fill.lastQty > 0) || !(fill.lastPx > 0)) {
      throw new InvalidFillError_(`Order ${this.clientOrderId}: fill ${fill.tradeId} has qty ${fill.lastQty} at ${fill.lastPx}; both must be above 0.`);
    }
    const leaves = cleanFloat_(this.leavesQty - fill.lastQty);
    if (leaves < 0) {
      throw new InvalidFillError_(
        `Order ${this.clientOrderId}: fill ${fill.tradeId} of ${fill.lastQty} exceeds the ${this.leavesQty} left (overfill).`,
      );
    }
    const prevFilled = this.filledQty;
    const filled = cleanFloat_(prevFilled + fill.lastQty);
    w.avgPx = prevFilled === 0 ? fill.lastPx : (this.avgPx * prevFilled + fill.lastPx * fill.lastQty) / filled;
    w.filledQty = filled as Quantity;
    w.leavesQty = leaves as Quantity;
    w.commission = cleanFloat_(this.commission + fill.commission) as Money;
    w.venueOrderId = fill.venueOrderId;
    w.accountId = fill.accountId;
    w.lastTradeId = fill.tradeId;
    if (fill.positionId !== null) w.positionId = fill.positionId;
  }
}
