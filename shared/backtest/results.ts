/**
 * What a backtest returns: plain, JSON-safe data (numbers, strings, null; no class instances, no Maps), in a fixed key
 * order, so `JSON.stringify(result)` is byte-identical for identical inputs and the object can cross a worker
 * boundary or the gateway's API unchanged. Timestamps are milliseconds since the Unix epoch (UTC).
 */
import type { EquityPoint, PerformanceReport, TradeRecord } from '../analytics/index.ts';

export type { EquityPoint, PerformanceReport, TradeRecord };

/** The final state of one order. */
export interface OrderReport {
  clientOrderId: string;
  venueOrderId: string | null;
  strategyId: string;
  instrumentId: string;
  side: string;
  type: string;
  quantity: number;
  price: number | null;
  triggerPrice: number | null;
  timeInForce: string;
  status: string;
  filledQty: number;
  avgPx: number | null;
  initTs: number;
  lastTs: number;
  /** The reason of a denial, rejection or cancel, when there was one. */
  reason: string | null;
  orderListId: string | null;
  reduceOnly: boolean;
  postOnly: boolean;
}

/**
 * One execution booked to a position. A fill that takes a position through zero is booked as two parts, its closing
 * part (trade id suffix `-C`) and its opening part (`-O`); `stats.fills` counts the venue's fills.
 */
export interface FillReport {
  ts: number;
  clientOrderId: string;
  venueOrderId: string | null;
  tradeId: string;
  strategyId: string;
  instrumentId: string;
  positionId: string | null;
  side: string;
  qty: number;
  price: number;
  commission: number;
  commissionCurrency: string;
  liquiditySide: string;
}

/** The final state of one position (open or closed). */
export interface PositionReport {
  positionId: string;
  strategyId: string;
  instrumentId: string;
  /** LONG, SHORT or FLAT (closed). */
  side: string;
  quantity: number;
  peakQty: number;
  avgPxOpen: number;
  avgPxClose: number | null;
  realizedPnl: number;
  unrealizedPnl: number;
  commissions: number;
  openedTs: number;
  closedTs: number | null;
  currency: string;
}

/** An account's balances at a point in time (one per change, plus the final state). */
export interface AccountSnapshot {
  ts: number;
  accountId: string;
  /** CASH or MARGIN. */
  type: string;
  baseCurrency: string | null;
  balances: { currency: string; total: number; locked: number; free: number }[];
  marginUsed: number;
  equity: number;
}

export interface BacktestStats {
  /** Market-data events (quotes, trades, bars) processed. */
  dataEvents: number;
  /** Timer events fired by the clock. */
  timeEvents: number;
  orders: number;
  fills: number;
  /** Orders denied by the RiskEngine. */
  denied: number;
  /** Data items skipped as invalid (see `dataErrors`). */
  rejectedData: number;
  /** True when the run was stopped by its cancellation signal before the data ended. */
  cancelled: boolean;
}

/** A problem with one input item that the run skipped instead of crashing (unknown instrument, time going back, NaN). */
export interface DataErrorReport {
  /** Stable machine code, e.g. DATA_UNKNOWN_INSTRUMENT, DATA_TIME_BACKWARDS, DATA_INVALID_PRICE. */
  code: string;
  message: string;
  ts: number | null;
  instrumentId: string | null;
}

export interface BacktestResult {
  /** First and last data timestamps processed (null when no data). */
  startTs: number | null;
  endTs: number | null;
  stats: BacktestStats;
  orders: OrderReport[];
  fills: FillReport[];
  positions: PositionReport[];
  /** Closed round trips, the input of the analytics. */
  trades: TradeRecord[];
  accountSnapshots: AccountSnapshot[];
  /** Account equity over time (see BacktestConfig.equityIntervalMs for the sampling). */
  equityCurve: EquityPoint[];
  /** Metrics from shared/analytics over the equity curve and trades. */
  report: PerformanceReport;
  /** At most the first 1000 data problems, in order met (stats.rejectedData has the full count). */
  dataErrors: DataErrorReport[];
}

/** Progress callbacks: `onProgress` every `progressEvery` data events, and once at the end. */
export interface BacktestProgress {
  dataEvents: number;
  ts: number;
  /** Fraction of the [start, end] range covered, when both are known; otherwise null. */
  fraction: number | null;
}

/** Options of `BacktestEngine.run`. */
export interface RunOptions {
  /** Skip data before `start` (inclusive bound), stop after `end` (inclusive bound). */
  start?: number;
  end?: number;
  onProgress?: (p: BacktestProgress) => void;
  progressEvery?: number;
  /** Checked between data events: when `aborted` turns true the run stops and returns what it has. */
  signal?: { readonly aborted: boolean };
}
