import type { Currency } from './currency.ts';
import type {
  ContingencyType, LiquiditySide, OrderSide, OrderType, TimeInForce, TrailingOffsetType, TriggerType,
} from './enums.ts';
import type {
  AccountId, ClientOrderId, InstrumentId, OrderListId, PositionId, StrategyId, TradeId, VenueOrderId,
} from './identifiers.ts';
import type { Money, Price, Quantity } from './units.ts';

/**
 * Order events: a discriminated union on `type`. Applying one to an Order (order.apply) is the only way an order
 * changes; each maps to one transition of the state machine in order-status.ts.
 * Timestamps are epoch ms: `tsEvent` when it happened (at the venue), `tsInit` when the object was created.
 */
interface OrderEventBase {
  readonly strategyId: StrategyId;
  readonly instrumentId: InstrumentId;
  readonly clientOrderId: ClientOrderId;
  readonly tsEvent: number;
  readonly tsInit: number;
}

/** Every parameter of a new order; an Order is constructed from this event. Absent prices are null. */
export interface OrderInitialized extends OrderEventBase {
  readonly type: 'OrderInitialized';
  readonly side: OrderSide;
  readonly orderType: OrderType;
  readonly quantity: Quantity;
  /** Limit price (LIMIT, STOP_LIMIT, LIMIT_IF_TOUCHED). */
  readonly price: Price | null;
  /** Trigger price (STOP_*, *_IF_TOUCHED, TRAILING_STOP_MARKET: initial trigger, null = set by the venue). */
  readonly triggerPrice: Price | null;
  readonly triggerType: TriggerType;
  readonly trailingOffset: number | null;
  readonly trailingOffsetType: TrailingOffsetType | null;
  /** TRAILING_STOP_MARKET: the trail starts once the market reaches this price (null = at once). */
  readonly activationPrice: Price | null;
  readonly timeInForce: TimeInForce;
  /** GTD expiry, epoch ms (null otherwise). */
  readonly expireTime: number | null;
  readonly postOnly: boolean;
  readonly reduceOnly: boolean;
  readonly contingencyType: ContingencyType;
  readonly orderListId: OrderListId | null;
  readonly linkedOrderIds: readonly ClientOrderId[];
  readonly parentOrderId: ClientOrderId | null;
  readonly tags: readonly string[];
}

/** Refused before it left the trader (RiskEngine or ExecutionEngine). */
export interface OrderDenied extends OrderEventBase {
  readonly type: 'OrderDenied';
  readonly reason: string;
}

/** Held locally by an order emulator until its trigger (reserved: the kernel has no emulator yet). */
export interface OrderEmulated extends OrderEventBase {
  readonly type: 'OrderEmulated';
}

/** Released by the emulator towards the venue. */
export interface OrderReleased extends OrderEventBase {
  readonly type: 'OrderReleased';
  readonly releasedPrice: Price;
}

/** Sent to the venue (emitted by the execution client at send time). */
export interface OrderSubmitted extends OrderEventBase {
  readonly type: 'OrderSubmitted';
  readonly accountId: AccountId;
}

export interface OrderAccepted extends OrderEventBase {
  readonly type: 'OrderAccepted';
  readonly venueOrderId: VenueOrderId;
  readonly accountId: AccountId;
}

export interface OrderRejected extends OrderEventBase {
  readonly type: 'OrderRejected';
  readonly accountId: AccountId;
  readonly reason: string;
}

export interface OrderCanceled extends OrderEventBase {
  readonly type: 'OrderCanceled';
  readonly venueOrderId: VenueOrderId | null;
  readonly accountId: AccountId | null;
}

export interface OrderExpired extends OrderEventBase {
  readonly type: 'OrderExpired';
  readonly venueOrderId: VenueOrderId | null;
  readonly accountId: AccountId | null;
}

/** A stop/if-touched order's trigger was reached (STOP_LIMIT and LIMIT_IF_TOUCHED then work as limits). */
export interface OrderTriggered extends OrderEventBase {
  readonly type: 'OrderTriggered';
  readonly venueOrderId: VenueOrderId | null;
  readonly accountId: AccountId | null;
}

export interface OrderPendingUpdate extends OrderEventBase {
  readonly type: 'OrderPendingUpdate';
  readonly venueOrderId: VenueOrderId | null;
  readonly accountId: AccountId;
}

export interface OrderPendingCancel extends OrderEventBase {
  readonly type: 'OrderPendingCancel';
  readonly venueOrderId: VenueOrderId | null;
  readonly accountId: AccountId;
}

export interface OrderModifyRejected extends OrderEventBase {
  readonly type: 'OrderModifyRejected';
  readonly venueOrderId: VenueOrderId | null;
  readonly accountId: AccountId | null;
  readonly reason: string;
}

export interface OrderCancelRejected extends OrderEventBase {
  readonly type: 'OrderCancelRejected';
  readonly venueOrderId: VenueOrderId | null;
  readonly accountId: AccountId | null;
  readonly reason: string;
}

/**
 * Quantity/price/trigger changed (a modify, a reduce-only trim, an OUO reduction, a trailing stop's ratchet).
 * null price / triggerPrice = unchanged.
 */
export interface OrderUpdated extends OrderEventBase {
  readonly type: 'OrderUpdated';
  readonly venueOrderId: VenueOrderId | null;
  readonly accountId: AccountId | null;
  readonly quantity: Quantity;
  readonly price: Price | null;
  readonly triggerPrice: Price | null;
}

export interface OrderFilled extends OrderEventBase {
  readonly type: 'OrderFilled';
  readonly venueOrderId: VenueOrderId;
  readonly accountId: AccountId;
  readonly tradeId: TradeId;
  /** Set by the venue in hedging mode, else null (the ExecutionEngine assigns it per its OMS type). */
  readonly positionId: PositionId | null;
  readonly orderSide: OrderSide;
  readonly orderType: OrderType;
  readonly lastQty: Quantity;
  readonly lastPx: Price;
  /** Currency of lastPx (the instrument's quote currency). */
  readonly currency: Currency;
  /** Positive = paid, negative = rebate. */
  readonly commission: Money;
  readonly commissionCurrency: Currency;
  readonly liquiditySide: LiquiditySide;
}

export type OrderEvent =
  | OrderInitialized
  | OrderDenied
  | OrderEmulated
  | OrderReleased
  | OrderSubmitted
  | OrderAccepted
  | OrderRejected
  | OrderCanceled
  | OrderExpired
  | OrderTriggered
  | OrderPendingUpdate
  | OrderPendingCancel
  | OrderModifyRejected
  | OrderCancelRejected
  | OrderUpdated
  | OrderFilled;

export type OrderEventType = OrderEvent['type'];
