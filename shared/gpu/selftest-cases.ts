import type { ColumnName, ParamSet } from './types.ts';

export interface Tolerance {
  /** Relative part, times |cpu|. */
  readonly rtol: number;
  /** Absolute part, times `scale` when given. */
  readonly atol: number;
  /**
   * Scale of the absolute part at bar t, from the inputs: e.g. the price at that bar for price-unit outputs near
   * zero (their float32 error follows the price level, not the value). Called once per series; returns f(t).
   */
  readonly scale?: (cols: Readonly<Partial<Record<ColumnName, Float64Array>>>) => (t: number) => number;
  /** Why this tolerance: what float32 error the kernel can accumulate. */
  readonly why: string;
}

export interface SelfTestCase {
  readonly id: string;
  readonly paramSets: readonly ParamSet[];
  readonly tolerance: Tolerance;
}

const periods = (...ps: number[]): ParamSet[] => ps.map((period) => ({ period }));
/** The close at bar t: float32 rounding of price-unit values is relative to the price level there. */
export const priceScale = (c: Readonly<Partial<Record<ColumnName, Float64Array>>>) => (t: number): number => Math.abs(c.close![t]);

/** Total volume of the series: OBV's float32 rounding is relative to the size of its running sums. */
const volumeScale = (c: Readonly<Partial<Record<ColumnName, Float64Array>>>): (() => number) => {
  let s = 0;
  for (const v of c.volume ?? []) s += Math.abs(v);
  return () => s;
};

// Why these numbers: inputs are rounded to float32 (relative 6e-8, e.g. 6e-6 on a price of 100) and each kernel
// adds a bounded number of float32 roundings. Windows are re-read per bar and recursions contract (EMA, Wilder),
// so errors do not grow with the series length; the tolerances hold for 1M bars as for 6,000.
const SMOOTH: Tolerance = { rtol: 1e-5, atol: 1e-6, scale: priceScale, why: 'price-unit average: float32 inputs and sums, ~1e-6 relative' };
const PRICE_DIFF: Tolerance = { rtol: 1e-4, atol: 2e-6, scale: priceScale, why: 'difference of prices near 0: absolute error ~ float32 rounding of the price level' };
const BOUNDED_0_100: Tolerance = { rtol: 0, atol: 5e-3, why: '0..100 oscillator from price differences: ~4e-6 relative error of each difference, x100' };
const RATIO: Tolerance = { rtol: 1e-4, atol: 1e-3, why: 'ratio of a price difference to a window range/deviation: float32 error of each, amplified by the ratio' };

export const SELFTEST_CASES: readonly SelfTestCase[] = [
  { id: 'sma', paramSets: periods(1, 2, 5, 14, 50, 200), tolerance: SMOOTH },
  { id: 'ema', paramSets: periods(1, 2, 5, 14, 50, 200), tolerance: SMOOTH },
  { id: 'wma', paramSets: periods(1, 2, 5, 14, 50, 200), tolerance: SMOOTH },
  { id: 'dema', paramSets: periods(1, 2, 5, 14, 50), tolerance: SMOOTH },
  { id: 'tema', paramSets: periods(1, 2, 5, 14, 50), tolerance: SMOOTH },
  { id: 'hma', paramSets: periods(2, 3, 9, 16, 49, 100), tolerance: SMOOTH },
  { id: 'kama', paramSets: periods(1, 2, 10, 30, 100), tolerance: SMOOTH },
  { id: 'vwma', paramSets: periods(1, 2, 5, 20, 100), tolerance: SMOOTH },
  { id: 'rsi', paramSets: periods(2, 5, 14, 30, 100), tolerance: BOUNDED_0_100 },
  {
    id: 'macd',
    paramSets: [{ fast: 12, slow: 26, signal: 9 }, { fast: 5, slow: 35, signal: 5 }, { fast: 1, slow: 2, signal: 1 }, { fast: 50, slow: 200, signal: 20 }],
    tolerance: PRICE_DIFF,
  },
  { id: 'roc', paramSets: periods(1, 5, 14, 100), tolerance: { rtol: 1e-4, atol: 2e-4, why: 'percent change: x/x0 of two float32 prices, ~1e-7 relative, x100' } },
  { id: 'mom', paramSets: periods(1, 5, 14, 100), tolerance: PRICE_DIFF },
  { id: 'willr', paramSets: periods(1, 5, 14, 50), tolerance: BOUNDED_0_100 },
  {
    id: 'stoch',
    paramSets: [{ kPeriod: 14, kSmooth: 3, dPeriod: 3 }, { kPeriod: 5, kSmooth: 1, dPeriod: 3 }, { kPeriod: 1, kSmooth: 1, dPeriod: 1 }, { kPeriod: 30, kSmooth: 5, dPeriod: 5 }],
    tolerance: BOUNDED_0_100,
  },
  {
    id: 'stochrsi',
    paramSets: [{ rsiPeriod: 14, stochPeriod: 14, kSmooth: 3, dSmooth: 3 }, { rsiPeriod: 2, stochPeriod: 1, kSmooth: 1, dSmooth: 1 }, { rsiPeriod: 30, stochPeriod: 20, kSmooth: 5, dSmooth: 4 }],
    tolerance: { rtol: 0, atol: 0.05, why: 'stochastic of RSI: RSI float32 error (~2e-3) divided by the RSI range of the window, x100' },
  },
  { id: 'mfi', paramSets: periods(1, 5, 14, 50), tolerance: BOUNDED_0_100 },
  { id: 'aroon', paramSets: periods(1, 5, 14, 25), tolerance: { rtol: 0, atol: 1e-4, why: 'integer bar distances x 100/period: exact up to one float32 rounding' } },
  { id: 'adx', paramSets: periods(2, 5, 14, 30), tolerance: BOUNDED_0_100 },
  { id: 'dmi', paramSets: periods(2, 5, 14, 30), tolerance: BOUNDED_0_100 },
  { id: 'linregslope', paramSets: periods(2, 5, 14, 50), tolerance: { rtol: 1e-4, atol: 1e-8, scale: priceScale, why: 'slope from anchored, exact float32 differences: ~1e-7 relative' } },
  { id: 'cci', paramSets: periods(2, 5, 20, 50), tolerance: RATIO },
  { id: 'atr', paramSets: periods(1, 5, 14, 50), tolerance: SMOOTH },
  { id: 'natr', paramSets: periods(1, 5, 14, 50), tolerance: { rtol: 1e-5, atol: 1e-4, why: '100 x ATR/close: ATR carries the float32 rounding of prices (~1e-7 x price per true range)' } },
  { id: 'stddev', paramSets: periods(2, 5, 20, 100), tolerance: PRICE_DIFF },
  { id: 'zscore', paramSets: periods(2, 5, 20, 100), tolerance: RATIO },
  { id: 'bbands', paramSets: [{ period: 20, mult: 2 }, { period: 5, mult: 1 }, { period: 50, mult: 2.5 }, { period: 2, mult: 0 }], tolerance: SMOOTH },
  { id: 'keltner', paramSets: [{ period: 20, mult: 2, atrPeriod: 10 }, { period: 5, mult: 1, atrPeriod: 20 }, { period: 1, mult: 0.5, atrPeriod: 1 }], tolerance: SMOOTH },
  {
    id: 'ichimoku',
    paramSets: [{ tenkan: 9, kijun: 26, senkouB: 52, displacement: 26 }, { tenkan: 3, kijun: 5, senkouB: 8, displacement: 1 }, { tenkan: 20, kijun: 10, senkouB: 5, displacement: 2 }],
    tolerance: SMOOTH,
  },
  {
    id: 'supertrend',
    paramSets: [{ atrPeriod: 10, factor: 3 }, { atrPeriod: 1, factor: 0.3 }, { atrPeriod: 7, factor: 1.7 }, { atrPeriod: 30, factor: 2.5 }],
    tolerance: { rtol: 1e-6, atol: 1e-7, scale: priceScale, why: 'df64 state (~48 bits) rounded once to float32; a flipped direction would be off by 2' },
  },
  {
    id: 'psar',
    paramSets: [{ step: 0.02, max: 0.2 }, { step: 0.01, max: 0.1 }, { step: 0.05, max: 0.5 }, { step: 0.2, max: 0.2 }],
    tolerance: { rtol: 1e-6, atol: 1e-7, scale: priceScale, why: 'df64 state (~48 bits) rounded once to float32; a missed reversal would be off by the whole SAR gap' },
  },
  { id: 'donchian', paramSets: periods(1, 5, 20, 55), tolerance: SMOOTH },
  {
    id: 'vwap',
    // 15-minute test bars: sessions (UTC days, shifted by the offset), weeks, months and no anchor.
    paramSets: [{ anchor: 0, offsetMinutes: 0 }, { anchor: 0, offsetMinutes: -300 }, { anchor: 1, offsetMinutes: 0 }, { anchor: 2, offsetMinutes: 420 }, { anchor: 3, offsetMinutes: 0 }],
    tolerance: SMOOTH,
  },
  { id: 'obv', paramSets: [], tolerance: { rtol: 1e-6, atol: 1e-7, scale: volumeScale, why: 'compensated float32 running sum of volumes: ~1 ulp of the running total' } },
];
