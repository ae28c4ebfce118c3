import type { AccountId, OrderEvent, OrderFilled, TradeId, VenueOrderId } from '../../model/index.ts';
import type { FillModel } from './fill-model.ts';
import type { OrderMatchingEngine } from './matching-engine.ts';

/** What a matching engine needs from its exchange. */
export interface MatchingContext {
  readonly accountId: AccountId;
  readonly fillModel: FillModel;
  /** Max fraction of displayed/traded volume per data event, or null for no cap. */
  readonly participation: number | null;
  /** On bar data, orders that arrive between bars first act at the next bar's open (see SimExchangeConfig.barFillTiming). */
  readonly deferNewToNextBar: boolean;
  /** Simulated time of the step being processed (epoch ms). */
  readonly now: number;
  nextVenueOrderId(): VenueOrderId;
  nextTradeId(): TradeId;
  /** When a DAY order accepted at `ts` expires (the next session end). */
  dayEndAfter(ts: number): number;
  emitOrderEvent(event: OrderEvent): void;
  /** Books a fill on the account (`realizedPnl`: gross, settlement currency) and reports the account state. */
  afterFill(engine: OrderMatchingEngine, fill: OrderFilled, realizedPnl: number): void;
  /** Open orders changed (locks may change). */
  ordersChanged(): void;
}
