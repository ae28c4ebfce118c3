import type { AnalyticsOptions, EquityPoint } from './types.ts';
import { cagr, mean, periodReturns, periodRiskFree, resolvePeriodsPerYear, sampleStd } from './returns.ts';
import { maxDrawdown } from './drawdown.ts';

/** Annualised volatility: sample std of period returns * sqrt(periodsPerYear) (empyrical `annual_volatility`). */
export function annualVolatility(curve: readonly EquityPoint[], opts: AnalyticsOptions = {}): number {
  return sampleStd(periodReturns(curve)) * Math.sqrt(resolvePeriodsPerYear(curve, opts));
}

function excessReturns(curve: readonly EquityPoint[], opts: AnalyticsOptions): { ex: number[]; ppy: number } {
  const ppy = resolvePeriodsPerYear(curve, opts);
  const rf = periodRiskFree(opts.riskFreeRate ?? 0, ppy);
  return { ex: periodReturns(curve).map((r) => r - rf), ppy };
}

/**
 * Sharpe ratio (empyrical `sharpe_ratio`): mean(r - rf) / std(r - rf, ddof 1) * sqrt(ppy).
 * NaN with fewer than 2 returns or zero volatility.
 */
export function sharpe(curve: readonly EquityPoint[], opts: AnalyticsOptions = {}): number {
  const { ex, ppy } = excessReturns(curve, opts);
  const sd = sampleStd(ex);
  if (!(sd > 0)) return NaN;
  return (mean(ex) / sd) * Math.sqrt(ppy);
}

/**
 * Downside deviation, annualised (empyrical `downside_risk`): sqrt(mean(min(r - rf, 0)^2)) * sqrt(ppy),
 * the mean taken over ALL periods (population, denominator n), not only the losing ones.
 */
export function downsideDeviation(curve: readonly EquityPoint[], opts: AnalyticsOptions = {}): number {
  const { ex, ppy } = excessReturns(curve, opts);
  if (ex.length === 0) return NaN;
  let ss = 0;
  for (const r of ex) if (r < 0) ss += r * r;
  return Math.sqrt(ss / ex.length) * Math.sqrt(ppy);
}

/**
 * Sortino ratio (empyrical `sortino_ratio`): mean(r - rf) * ppy / downsideDeviation.
 * NaN when there is no downside (no losing period).
 */
export function sortino(curve: readonly EquityPoint[], opts: AnalyticsOptions = {}): number {
  const { ex, ppy } = excessReturns(curve, opts);
  const dd = downsideDeviation(curve, opts);
  if (!(dd > 0)) return NaN;
  return (mean(ex) * ppy) / dd;
}

/** Calmar ratio: CAGR / |max drawdown|; NaN without a drawdown. */
export function calmar(curve: readonly EquityPoint[], opts: AnalyticsOptions = {}): number {
  const mdd = maxDrawdown(curve).depth;
  if (!(mdd < 0)) return NaN;
  return cagr(curve, opts) / -mdd;
}
