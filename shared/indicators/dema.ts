import type { BarLike, SeriesIndicator } from './types.ts';
import { forEachSegment, outArray } from './core/segments.ts';
import { ensurePeriod } from './core/errors.ts';
import { EMA } from './ema.ts';

/**
 * Double EMA (Mulloy): 2*EMA(x) - EMA(EMA(x)). Each EMA is seeded with the SMA of its first `period` inputs, so the
 * first value is at index 2*(period-1), as TA-Lib DEMA.
 */
export function dema(src: Float64Array, period: number, out: Float64Array = outArray(src.length)): Float64Array {
  ensurePeriod('dema', 'period', period);
  const k = 2 / (period + 1);
  const a = 1 - k;
  const p = period;
  // One pass, no intermediate columns; the same operations in the same order as two chained EMA kernels.
  forEachSegment([src], [out], [2 * p - 2], ([x], [o]) => {
    const n = x.length;
    if (n < 2 * p - 1) return;
    let s1 = 0;
    for (let i = 0; i < p; i++) s1 += x[i];
    let e1 = s1 / p;
    let s2 = 0 + e1;
    for (let i = p; i <= 2 * p - 2; i++) {
      e1 = e1 * a + x[i] * k;
      s2 += e1;
    }
    let e2 = s2 / p;
    o[2 * p - 2] = 2 * e1 - e2;
    for (let i = 2 * p - 1; i < n; i++) {
      e1 = e1 * a + x[i] * k;
      e2 = e2 * a + e1 * k;
      o[i] = 2 * e1 - e2;
    }
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
