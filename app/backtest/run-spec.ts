import { drawdownSeries, monthlyReturns, type MonthlyReturnsTable, type PerformanceReport, type TradeRecord } from '../../shared/analytics/index.ts';
import type { BacktestProgress, BacktestStats } from '../../shared/backtest/results.ts';
import { backtestSpec } from '../../shared/strategy/compile-run.ts';
import type { StrategySpec } from '../../shared/strategy/spec.ts';

// A StrategySpec backtest over one instrument's bars, as the Backtests view runs it inside a Web Worker.
// The setup (instrument, venue, account, bar stamping) is shared/strategy/compile-run.ts's backtestSpec, as in `aio backtest`.
// The result is reduced to what the report shows, as plain arrays, so it crosses postMessage cheaply.

export interface BarColumnsIn {
  time: ArrayLike<number>;
  open: ArrayLike<number>;
  high: ArrayLike<number>;
  low: ArrayLike<number>;
  close: ArrayLike<number>;
  volume: ArrayLike<number>;
}

export interface SpecRunInput {
  spec: StrategySpec;
  instrumentId: string;
  timeframe: string;
  columns: BarColumnsIn;
  startingCash?: number;
  synthetic?: boolean;
}

export interface BacktestSummary {
  spec: StrategySpec;
  instrumentId: string;
  timeframe: string;
  synthetic: boolean;
  barCount: number;
  report: PerformanceReport;
  stats: BacktestStats;
  /** Equity curve and drawdown (fraction below the running peak, <= 0), as parallel columns. */
  equity: { time: number[]; value: number[]; drawdown: number[] };
  monthly: MonthlyReturnsTable;
  /** Closed round trips in time order (the first MAX_TRADES; `tradesTruncated` says when later ones were left out). */
  trades: TradeRecord[];
  tradesTruncated: boolean;
  warnings: string[];
  notes: string[];
}

export const MAX_TRADES = 10_000;
/** Equity points kept for the charts; a longer curve is thinned evenly (every k-th point, plus the last). */
export const MAX_EQUITY_POINTS = 20_000;

export function runSpecBacktest(
  input: SpecRunInput,
  onProgress?: (p: BacktestProgress) => void,
): BacktestSummary {
  const { spec, columns: c } = input;
  const n = c.time.length;
  const { result, warnings: setupWarnings, notes } = backtestSpec({
    spec, instrumentId: input.instrumentId, bars: c, startingCash: input.startingCash,
    run: { onProgress, progressEvery: Math.max(1000, Math.floor(n / 200)) },
  });
  const warnings: string[] = [...setupWarnings];
  if (input.timeframe !== spec.timeframe) {
    warnings.push(`The strategy is written for ${spec.timeframe} bars but runs on ${input.timeframe} bars (no resampling).`);
  }

  const curve = result.equityCurve;
  const dd = drawdownSeries(curve);
  const step = Math.max(1, Math.ceil(curve.length / MAX_EQUITY_POINTS));
  const equity = { time: [] as number[], value: [] as number[], drawdown: [] as number[] };
  for (let i = 0; i < curve.length; i += step) push(i);
  if (curve.length > 0 && (curve.length - 1) % step !== 0) push(curve.length - 1);
  function push(i: number): void {
    equity.time.push(curve[i].ts);
    equity.value.push(curve[i].equity);
    equity.drawdown.push(dd[i]?.drawdown ?? 0);
  }
  return {
    spec,
    instrumentId: input.instrumentId,
    timeframe: input.timeframe,
    synthetic: input.synthetic ?? false,
    barCount: n,
    report: result.report,
    stats: result.stats,
    equity,
    monthly: monthlyReturns(curve),
    trades: result.trades.slice(0, MAX_TRADES),
    tradesTruncated: result.trades.length > MAX_TRADES,
    warnings,
    notes: notes.slice(0, 50).map((x) => x.message),
  };
}
