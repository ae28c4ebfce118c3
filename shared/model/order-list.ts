import { InvalidOrderError } from './errors.ts';
import type { InstrumentId, OrderListId, StrategyId } from './identifiers.ts';
import type { Order } from './order.ts';

// Module-level aliases of imported bindings: under tsx (esbuild, CJS interop) every read of an imported name is a
// getter call; a const is a plain slot read (hot paths).
const InvalidOrderError_ = InvalidOrderError;

/**
 * Orders submitted together (a bracket, an OCO pair). All share one instrument and strategy; the first order is the
 * entry (for a bracket) and the contingency links live on the orders themselves (linkedOrderIds / parentOrderId).
 */
export class OrderList {
  readonly instrumentId: InstrumentId;
  readonly strategyId: StrategyId;

  constructor(
    readonly id: OrderListId,
    readonly orders: readonly Order[],
    readonly tsInit: number,
  ) {
    if (orders.length === 0) throw new InvalidOrderError_(`OrderList ${id}: it needs at least one order.`);
    this.instrumentId = orders[0].instrumentId;
    this.strategyId = orders[0].strategyId;
    for (const o of orders) {
      if (o.instrumentId !== this.instrumentId || o.strategyId !== this.strategyId) {
        throw new InvalidOrderError_(
          `OrderList ${id}: order ${o.clientOrderId} is for ${o.instrumentId}/${o.strategyId}, the list for ${this.instrumentId}/${this.strategyId}; a list holds one instrument and strategy.`,
        );
      }
    }
  }

  get first(): Order {
    return this.orders[0];
  }
}
