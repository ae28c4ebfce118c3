/** Performance analytics: pure functions over an equity curve and closed trades. Formulas: docs/analytics.md. */
export type { AnalyticsOptions, EquityPoint, TradeRecord, TradeSide } from './types.ts';
export { periodReturns, totalReturn, cagr, calendarYears, resolvePeriodsPerYear, periodRiskFree, mean, sampleStd } from './returns.ts';
export { annualVolatility, sharpe, sortino, downsideDeviation, calmar } from './risk.ts';
export { drawdownSeries, maxDrawdown, maxDrawdownDuration } from './drawdown.ts';
export type { DrawdownPoint, MaxDrawdown, DrawdownDuration } from './drawdown.ts';
export { tradeStats, tradeNotional } from './trades.ts';
export type { TradeStats } from './trades.ts';
export { exposure, turnover } from './exposure.ts';
export type { Turnover } from './exposure.ts';
export { monthlyReturns } from './monthly.ts';
export type { MonthlyReturn, MonthlyReturnsTable } from './monthly.ts';
export { performanceReport, formatMetric, REPORT_FIELDS } from './report.ts';
export type { PerformanceReport, MetricKind } from './report.ts';
