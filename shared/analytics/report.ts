import type { AnalyticsOptions, EquityPoint, TradeRecord } from './types.ts';
import { cagr, resolvePeriodsPerYear, totalReturn } from './returns.ts';
import { annualVolatility, calmar, sharpe, sortino } from './risk.ts';
import { maxDrawdown, maxDrawdownDuration } from './drawdown.ts';
import { tradeStats } from './trades.ts';
import { exposure, turnover } from './exposure.ts';

/**
 * The standard performance report of a run. Every metric is a finite number or null: null means "not defined for
 * this run" (no trades, zero volatility, no losing trade for the profit factor, ...). Keeping it JSON-safe lets the
 * same object travel from a worker, over the gateway's API and into a share link unchanged.
 */
export interface PerformanceReport {
  startTs: number | null;
  endTs: number | null;
  periods: number;
  periodsPerYear: number | null;
  riskFreeRate: number;
  startEquity: number | null;
  endEquity: number | null;
  totalReturn: number | null;
  cagr: number | null;
  annualVolatility: number | null;
  sharpe: number | null;
  sortino: number | null;
  calmar: number | null;
  maxDrawdown: number | null;
  maxDrawdownPeakTs: number | null;
  maxDrawdownTroughTs: number | null;
  maxDrawdownDurationMs: number | null;
  maxDrawdownDurationPeriods: number | null;
  tradeCount: number;
  winRate: number | null;
  profitFactor: number | null;
  expectancy: number | null;
  averageWin: number | null;
  averageLoss: number | null;
  largestWin: number | null;
  largestLoss: number | null;
  netPnl: number;
  exposure: number | null;
  turnover: number | null;
  annualTurnover: number | null;
  totalFees: number;
}

const fin = (x: number | undefined): number | null => (x !== undefined && Number.isFinite(x) ? x : null);

export function performanceReport(
  curve: readonly EquityPoint[],
  trades: readonly TradeRecord[],
  opts: AnalyticsOptions = {},
): PerformanceReport {
  const hasCurve = curve.length >= 2;
  const ppy = hasCurve ? resolvePeriodsPerYear(curve, opts) : NaN;
  const o: AnalyticsOptions = { periodsPerYear: Number.isFinite(ppy) ? ppy : undefined, riskFreeRate: opts.riskFreeRate ?? 0 };
  const ok = hasCurve && Number.isFinite(ppy);
  const mdd = maxDrawdown(curve);
  const dur = maxDrawdownDuration(curve);
  const ts = tradeStats(trades);
  const to = ok ? turnover(curve, trades, o) : undefined;
  return {
    startTs: curve.length > 0 ? curve[0].ts : null,
    endTs: curve.length > 0 ? curve[curve.length - 1].ts : null,
    periods: Math.max(0, curve.length - 1),
    periodsPerYear: fin(ppy),
    riskFreeRate: o.riskFreeRate ?? 0,
    startEquity: curve.length > 0 ? curve[0].equity : null,
    endEquity: curve.length > 0 ? curve[curve.length - 1].equity : null,
    totalReturn: fin(totalReturn(curve)),
    cagr: ok ? fin(cagr(curve, o)) : null,
    annualVolatility: ok ? fin(annualVolatility(curve, o)) : null,
    sharpe: ok ? fin(sharpe(curve, o)) : null,
    sortino: ok ? fin(sortino(curve, o)) : null,
    calmar: ok ? fin(calmar(curve, o)) : null,
    maxDrawdown: curve.length > 0 ? mdd.depth : null,
    maxDrawdownPeakTs: mdd.peakTs ?? null,
    maxDrawdownTroughTs: mdd.troughTs ?? null,
    maxDrawdownDurationMs: curve.length > 0 ? dur.ms : null,
    maxDrawdownDurationPeriods: curve.length > 0 ? dur.periods : null,
    tradeCount: ts.tradeCount,
    winRate: fin(ts.winRate),
    profitFactor: fin(ts.profitFactor),
    expectancy: fin(ts.expectancy),
    averageWin: fin(ts.averageWin),
    averageLoss: fin(ts.averageLoss),
    largestWin: fin(ts.largestWin),
    largestLoss: fin(ts.largestLoss),
    netPnl: ts.netPnl,
    exposure: hasCurve ? fin(exposure(curve, trades)) : null,
    turnover: to ? fin(to.turnover) : null,
    annualTurnover: to ? fin(to.annualTurnover) : null,
    totalFees: ts.totalFees,
  };
}

export type MetricKind = 'percent' | 'ratio' | 'money' | 'count' | 'duration' | 'timestamp';

/** Labels and display kinds of the report's fields, in display order: the CLI table and the app share them. */
export const REPORT_FIELDS: readonly { key: keyof PerformanceReport; label: string; kind: MetricKind }[] = [
  { key: 'startTs', label: 'Start', kind: 'timestamp' },
  { key: 'endTs', label: 'End', kind: 'timestamp' },
  { key: 'startEquity', label: 'Start equity', kind: 'money' },
  { key: 'endEquity', label: 'End equity', kind: 'money' },
  { key: 'totalReturn', label: 'Total return', kind: 'percent' },
  { key: 'cagr', label: 'CAGR', kind: 'percent' },
  { key: 'annualVolatility', label: 'Volatility (ann.)', kind: 'percent' },
  { key: 'sharpe', label: 'Sharpe', kind: 'ratio' },
  { key: 'sortino', label: 'Sortino', kind: 'ratio' },
  { key: 'calmar', label: 'Calmar', kind: 'ratio' },
  { key: 'maxDrawdown', label: 'Max drawdown', kind: 'percent' },
  { key: 'maxDrawdownDurationMs', label: 'Max DD duration', kind: 'duration' },
  { key: 'tradeCount', label: 'Trades', kind: 'count' },
  { key: 'winRate', label: 'Win rate', kind: 'percent' },
  { key: 'profitFactor', label: 'Profit factor', kind: 'ratio' },
  { key: 'expectancy', label: 'Expectancy', kind: 'money' },
  { key: 'averageWin', label: 'Average win', kind: 'money' },
  { key: 'averageLoss', label: 'Average loss', kind: 'money' },
  { key: 'netPnl', label: 'Net PnL', kind: 'money' },
  { key: 'exposure', label: 'Exposure', kind: 'percent' },
  { key: 'turnover', label: 'Turnover', kind: 'ratio' },
  { key: 'totalFees', label: 'Total fees', kind: 'money' },
];

/** Formats one metric value for display: percents with 2 decimals, ratios with 3, money with 2, durations in days. */
export function formatMetric(value: number | null, kind: MetricKind): string {
  if (value === null) return '-';
  switch (kind) {
    case 'percent':
      return `${(value * 100).toFixed(2)} %`;
    case 'ratio':
      return value.toFixed(3);
    case 'money':
      return value.toFixed(2);
    case 'count':
      return String(value);
    case 'duration':
      return `${(value / 86_400_000).toFixed(1)} days`;
    case 'timestamp':
      return new Date(value).toISOString().replace('T', ' ').replace(/:00\.000Z$|\.000Z$/, '').replace(/ 00:00$/, '');
  }
}
