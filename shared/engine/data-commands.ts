/**
 * Data subscription commands, sent by strategies to the `DataEngine.execute` endpoint. The DataEngine sets up
 * internal bar aggregation for INTERNAL bar types, and (live) forwards the subscription to the venue's data client.
 */
import type { BarType, InstrumentId } from '../model/index.ts';

export interface SubscribeQuotes {
  readonly type: 'SubscribeQuotes' | 'UnsubscribeQuotes';
  readonly instrumentId: InstrumentId;
}
export interface SubscribeTrades {
  readonly type: 'SubscribeTrades' | 'UnsubscribeTrades';
  readonly instrumentId: InstrumentId;
}
export interface SubscribeBars {
  readonly type: 'SubscribeBars' | 'UnsubscribeBars';
  readonly barType: BarType;
}
export type DataCommand = SubscribeQuotes | SubscribeTrades | SubscribeBars;
