/**
 * Fast validity checks for market data at the backtest boundary: a few comparisons on the hot path, and the model's
 * `check*()` (which builds a descriptive message) only for an item that fails.
 */
import { checkBar, checkQuoteTick, checkTradeTick, type Bar, type QuoteTick, type TradeTick } from '../model/index.ts';

/** Null when the quote is usable, else why not. */
export function quoteProblem(q: QuoteTick): string | null {
  if (q.bid > 0 && q.ask >= q.bid && q.ask < Infinity && q.bidSize >= 0 && q.askSize >= 0 && q.bidSize < Infinity && q.askSize < Infinity) return null;
  return checkQuoteTick(q) ?? `Quote ${q.instrumentId} at ${q.tsEvent}: invalid prices or sizes`;
}

export function tradeProblem(t: TradeTick): string | null {
  if (t.price > 0 && t.price < Infinity && t.size >= 0 && t.size < Infinity) return null;
  return checkTradeTick(t) ?? `Trade ${t.instrumentId} at ${t.tsEvent}: invalid price or size`;
}

export function barProblem(b: Bar): string | null {
  const { open, high, low, close, volume } = b;
  if (low > 0 && high < Infinity && high >= open && high >= close && low <= open && low <= close && volume >= 0 && volume < Infinity) return null;
  return checkBar(b) ?? `Bar ${b.barType.key} at ${b.tsEvent}: invalid OHLCV`;
}
