import type { AnalyticsOptions, EquityPoint } from './types.ts';

const MS_PER_YEAR = 365.25 * 24 * 3600 * 1000;

/** Simple period returns r[t] = E[t] / E[t-1] - 1; one fewer than the points. */
export function periodReturns(curve: readonly EquityPoint[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < curve.length; i++) out.push(curve[i].equity / curve[i - 1].equity - 1);
  return out;
}

/** E[last] / E[first] - 1; NaN for fewer than 2 points. */
export function totalReturn(curve: readonly EquityPoint[]): number {
  if (curve.length < 2) return NaN;
  return curve[curve.length - 1].equity / curve[0].equity - 1;
}

/** Calendar years spanned by the curve, from its first to its last timestamp. */
export function calendarYears(curve: readonly EquityPoint[]): number {
  if (curve.length < 2) return 0;
  return (curve[curve.length - 1].ts - curve[0].ts) / MS_PER_YEAR;
}

/**
 * Periods per year: the explicit option, else inferred as (points - 1) / calendar years — about 252 for a daily
 * stock-index curve, 365 for daily crypto. NaN when it cannot be inferred (fewer than 2 points or zero span).
 */
export function resolvePeriodsPerYear(curve: readonly EquityPoint[], opts: AnalyticsOptions = {}): number {
  if (opts.periodsPerYear !== undefined) {
    if (!(opts.periodsPerYear > 0)) throw new RangeError(`periodsPerYear must be > 0, got ${opts.periodsPerYear}`);
    return opts.periodsPerYear;
  }
  const years = calendarYears(curve);
  return years > 0 ? (curve.length - 1) / years : NaN;
}

/** Per-period risk-free rate from an annual one: (1 + rf)^(1/ppy) - 1 (quantstats' convention). */
export function periodRiskFree(annualRate: number, periodsPerYear: number): number {
  return annualRate === 0 ? 0 : Math.pow(1 + annualRate, 1 / periodsPerYear) - 1;
}

/**
 * Compound annual growth rate, empyrical's `annual_return`: (E[last]/E[first])^(1/years) - 1 with
 * years = number of returns / periodsPerYear.
 */
export function cagr(curve: readonly EquityPoint[], opts: AnalyticsOptions = {}): number {
  if (curve.length < 2) return NaN;
  const ppy = resolvePeriodsPerYear(curve, opts);
  const years = (curve.length - 1) / ppy;
  const growth = curve[curve.length - 1].equity / curve[0].equity;
  if (growth <= 0) return -1;
  return Math.pow(growth, 1 / years) - 1;
}

export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Sample standard deviation (denominator n - 1), as empyrical and quantstats use; NaN for n < 2. */
export function sampleStd(xs: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return NaN;
  const m = mean(xs);
  let ss = 0;
  for (const x of xs) ss += (x - m) * (x - m);
  return Math.sqrt(ss / (n - 1));
}
