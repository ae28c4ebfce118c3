import type { ColumnName, ParamSet } from './types.ts';

export interface Tolerance {
  /** Relative part, times |cpu|. */
  readonly rtol: number;
  /** Absolute part, times `scale` when given. */
  readonly atol: number;
  /** Scale of the absolute part from the inputs, e.g. the mean price for price-unit oscillators near zero. */
  readonly scale?: (cols: Readonly<Partial<Record<ColumnName, Float64Array>>>) => number;
  /** Why this tolerance: what float32 error the kernel can accumulate. */
  readonly why: string;
}

export interface SelfTestCase {
  readonly id: string;
  readonly paramSets: readonly ParamSet[];
  readonly tolerance: Tolerance;
}

const periods = (...ps: number[]): ParamSet[] => ps.map((period) => ({ period }));
const meanOf = (x: Float64Array | undefined): number => {
  if (!x || x.length === 0) return 1;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.abs(x[i]);
  return s / x.length;
};
export const priceScale = (c: Readonly<Partial<Record<ColumnName, Float64Array>>>): number => meanOf(c.close);

/** float32 has a 6e-8 unit roundoff; a few hundred roundings in a window or a smoothing chain stay far below 1e-5. */
const SMOOTH: Tolerance = { rtol: 1e-5, atol: 1e-6, scale: priceScale, why: 'float32 window sums / EMA recursion on prices: ~1e-7 per step, bounded (windows re-summed, recursions contract)' };

export const SELFTEST_CASES: readonly SelfTestCase[] = [
  { id: 'sma', paramSets: periods(1, 2, 5, 14, 50, 200), tolerance: SMOOTH },
  { id: 'ema', paramSets: periods(1, 2, 5, 14, 50, 200), tolerance: SMOOTH },
];
