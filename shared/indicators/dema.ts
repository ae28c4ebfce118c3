import type { BarLike, SeriesIndicator } from './types.ts';
import { forEachSegment, nanArray } from './core/segments.ts';
import { ensurePeriod } from './core/errors.ts';
import { emaKernel, EMA } from './ema.ts';

/**
 * Double EMA (Mulloy): 2*EMA(x) - EMA(EMA(x)). Each EMA is seeded with the SMA of its first `period` inputs, so the
 * first value is at index 2*(period-1), as TA-Lib DEMA.
 */
export function dema(src: Float64Array, period: number, out: Float64Array = nanArray(src.length)): Float64Array {
  ensurePeriod('dema', 'period', period);
  const k = 2 / (period + 1);
  const e1 = nanArray(src.length);
  const e2 = nanArray(src.length);
  forEachSegment([src], [out, e1, e2], ([x], [o, a, b]) => {
    emaKernel(x, a, period, k, 0);
    emaKernel(a, b, period, k, period - 1);
    for (let i = 2 * (period - 1); i < x.length; i++) o[i] = 2 * a[i] - b[i];
  });
  return out;
}

export class DEMA implements SeriesIndicator {
  private readonly e1: EMA;
  private readonly e2: EMA;
  private v: number | undefined = undefined;

  constructor(readonly period: number) {
    ensurePeriod('dema', 'period', period);
    this.e1 = new EMA(period);
    this.e2 = new EMA(period);
  }

  push(x: number): number | undefined {
    if (x !== x) {
      this.reset();
      return undefined;
    }
    const a = this.e1.push(x);
    if (a === undefined) return undefined;
    const b = this.e2.push(a);
    this.v = b === undefined ? undefined : 2 * a - b;
    return this.v;
  }

  update(bar: BarLike): number | undefined {
    return this.push(bar.close);
  }

  get isReady(): boolean {
    return this.v !== undefined;
  }

  get value(): number | undefined {
    return this.v;
  }

  reset(): void {
    this.e1.reset();
    this.e2.reset();
    this.v = undefined;
  }
}
