import type { EquityPoint, TradeRecord } from './types.ts';
import { mean, resolvePeriodsPerYear } from './returns.ts';
import { tradeNotional } from './trades.ts';
import type { AnalyticsOptions } from './types.ts';

/**
 * Fraction of time in the market, in [0, 1], over the curve's span [first ts, last ts].
 * - When every equity point carries `grossExposure`, each period (t-1, t] counts as in the market when the
 *   exposure at its start (point t-1) is non-zero; the result is the time-weighted share of such periods.
 * - Otherwise it is the length of the union of the trades' [entryTs, exitTs] intervals, clipped to the span,
 *   divided by the span (overlapping trades on several instruments count once).
 */
export function exposure(curve: readonly EquityPoint[], trades: readonly TradeRecord[] = []): number {
  if (curve.length < 2) return NaN;
  const start = curve[0].ts;
  const end = curve[curve.length - 1].ts;
  const span = end - start;
  if (!(span > 0)) return NaN;
  if (curve.every((p) => p.grossExposure !== undefined)) {
    let inMarket = 0;
    for (let i = 1; i < curve.length; i++) if (curve[i - 1].grossExposure !== 0) inMarket += curve[i].ts - curve[i - 1].ts;
    return inMarket / span;
  }
  const intervals = trades
    .map((t) => [Math.max(start, t.entryTs), Math.min(end, t.exitTs)] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let covered = 0;
  let curA = NaN;
  let curB = NaN;
  for (const [a, b] of intervals) {
    if (!(a <= curB)) {
      if (curB > curA) covered += curB - curA;
      curA = a;
      curB = b;
    } else if (b > curB) curB = b;
  }
  if (curB > curA) covered += curB - curA;
  return covered / span;
}

export interface Turnover {
  /** Sum of entry and exit notional over all trades, in the account currency. */
  tradedNotional: number;
  /** tradedNotional / mean equity: how many times the average capital was traded over the whole run. */
  turnover: number;
  /** turnover / years, with years = returns / periodsPerYear. */
  annualTurnover: number;
}

export function turnover(curve: readonly EquityPoint[], trades: readonly TradeRecord[], opts: AnalyticsOptions = {}): Turnover {
  let traded = 0;
  for (const t of trades) traded += tradeNotional(t);
  const avgEquity = mean(curve.map((p) => p.equity));
  const to = traded / avgEquity;
  const years = curve.length >= 2 ? (curve.length - 1) / resolvePeriodsPerYear(curve, opts) : NaN;
  return { tradedNotional: traded, turnover: to, annualTurnover: to / years };
}
