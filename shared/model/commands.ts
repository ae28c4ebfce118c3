import type { OrderSide } from './enums.ts';
import type { ClientOrderId, InstrumentId, PositionId, StrategyId, VenueOrderId } from './identifiers.ts';
import type { OrderList } from './order-list.ts';
import type { Order } from './order.ts';
import type { Price, Quantity } from './units.ts';

/**
 * Trading commands: a discriminated union on `type`. They flow strategy -> RiskEngine -> ExecutionEngine -> venue
 * client. `tsInit` is when the command was created (the clock's time); the simulated exchange adds its latency to it.
 */
interface CommandBase {
  readonly strategyId: StrategyId;
  readonly instrumentId: InstrumentId;
  readonly tsInit: number;
}

export interface SubmitOrder extends CommandBase {
  readonly type: 'SubmitOrder';
  /** The client's order. A venue must not mutate it: it keeps its own record and answers with events. */
  readonly order: Order;
  /** Target position (hedging: reduce this position); null = the engine decides. */
  readonly positionId: PositionId | null;
}

export interface SubmitOrderList extends CommandBase {
  readonly type: 'SubmitOrderList';
  readonly orderList: OrderList;
  readonly positionId: PositionId | null;
}

/** null fields are left unchanged. */
export interface ModifyOrder extends CommandBase {
  readonly type: 'ModifyOrder';
  readonly clientOrderId: ClientOrderId;
  readonly venueOrderId: VenueOrderId | null;
  readonly quantity: Quantity | null;
  readonly price: Price | null;
  readonly triggerPrice: Price | null;
}

export interface CancelOrder extends CommandBase {
  readonly type: 'CancelOrder';
  readonly clientOrderId: ClientOrderId;
  readonly venueOrderId: VenueOrderId | null;
}

/** Cancels every open order of the strategy on the instrument (one side only when orderSide is set). */
export interface CancelAllOrders extends CommandBase {
  readonly type: 'CancelAllOrders';
  readonly orderSide: OrderSide | null;
}

export type TradingCommand = SubmitOrder | SubmitOrderList | ModifyOrder | CancelOrder | CancelAllOrders;
export type TradingCommandType = TradingCommand['type'];
