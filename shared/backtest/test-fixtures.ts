/**
 * Small builders for kernel and backtest tests (and examples): instruments, bars and quotes with readable defaults.
 * Not used by production code paths.
 */
import {
  AggregationSource, Bar, BarAggregation, BarSpecification, BarType, PriceType, QuoteTick, TradeTick, USD, equity,
  instrumentId, type AggressorSide, type Instrument, type InstrumentId, type TradeId,
} from '../model/index.ts';

export const MINUTE = 60_000;

/** An equity on venue SIM: tick 0.01, lot 1, taker fee `takerFee`, maker fee `makerFee`. */
export function testEquity(symbol = 'ACME', takerFee = 0.001, makerFee = 0, venueName = 'SIM'): Instrument {
  return equity({
    id: instrumentId(symbol, venueName),
    quoteCurrency: USD,
    priceIncrement: 0.01,
    sizeIncrement: 1,
    takerFee,
    makerFee,
  });
}

export function minuteBars(id: InstrumentId): BarType {
  return new BarType(id, new BarSpecification(1, BarAggregation.MINUTE, PriceType.LAST), AggregationSource.EXTERNAL);
}

/** A bar stamped at its close time `ts`; `o,h,l` default to the close. */
export function bar(bt: BarType, ts: number, close: number, open = close, high = Math.max(open, close), low = Math.min(open, close), volume = 1000): Bar {
  return new Bar(bt, open, high, low, close, volume, ts, ts);
}

export function quote(id: InstrumentId, ts: number, bid: number, ask: number, size = 100): QuoteTick {
  return new QuoteTick(id, bid, ask, size, size, ts, ts);
}

export function trade(id: InstrumentId, ts: number, price: number, size = 1, n = 0): TradeTick {
  return new TradeTick(id, price, size, 'BUYER' as AggressorSide, `T${n}` as TradeId, ts, ts);
}
