/**
 * Input types of the analytics: plain data, independent of the engine, so a backtest, a live account's journal or
 * a GPU sweep can all be measured the same way. Timestamps are milliseconds since the Unix epoch (UTC).
 */

/** One point of an account's equity curve, normally one per bar (marked to market at the bar close). */
export interface EquityPoint {
  /** Milliseconds since the Unix epoch, UTC; strictly increasing along a curve. */
  ts: number;
  /** Account equity (cash + value of open positions) in the account currency; must be > 0. */
  equity: number;
  /**
   * Optional gross exposure at this point: sum of |position notional| in the account currency.
   * When present, `exposure()` counts a period as "in the market" when this is non-zero at its start.
   */
  grossExposure?: number;
}

export type TradeSide = 'LONG' | 'SHORT';

/** One closed round trip (a position from open to flat). */
export interface TradeRecord {
  instrumentId?: string;
  side: TradeSide;
  /** Absolute quantity (units / contracts / shares), > 0. */
  qty: number;
  entryTs: number;
  exitTs: number;
  /** Average entry and exit fill prices. */
  entryPrice: number;
  exitPrice: number;
  /** Net profit or loss in the account currency, AFTER fees (a trade with pnl > 0 is a win). */
  pnl: number;
  /** Fees paid on entry and exit together, a positive number. */
  fees: number;
  /** Contract multiplier for notional (price * qty * multiplier); 1 when absent. */
  multiplier?: number;
}

/** Options shared by the return-based metrics. */
export interface AnalyticsOptions {
  /**
   * Return periods per year used to annualise (252 for daily equities, 365 for daily crypto, 52 weekly, 12 monthly,
   * 252*390 for 1-minute US equities). When absent it is inferred from the curve: (points - 1) / calendar years.
   */
  periodsPerYear?: number;
  /** Annual risk-free rate as a fraction (0.02 = 2 %); converted per period as (1 + rf)^(1/periodsPerYear) - 1. Default 0. */
  riskFreeRate?: number;
}
