import type { BarLike, SeriesIndicator } from './types.ts';
import { forEachSegment, outArray } from './core/segments.ts';
import { ensurePeriod } from './core/errors.ts';
import { EMA } from './ema.ts';

/** Triple EMA (Mulloy): 3*E1 - 3*E2 + E3 with E2 = EMA(E1), E3 = EMA(E2). First value at 3*(period-1), as TA-Lib TEMA. */
export function tema(src: Float64Array, period: number, out: Float64Array = outArray(src.length)): Float64Array {
  ensurePeriod('tema', 'period', period);
  const k = 2 / (period + 1);
  const a = 1 - k;
  const p = period;
  // One pass, no intermediate columns; the same operations in the same order as three chained EMA kernels.
  forEachSegment([src], [out], [3 * p - 3], ([x], [o]) => {
    const n = x.length;
    if (n < 3 * p - 2) return;
    let s1 = 0;
    for (let i = 0; i < p; i++) s1 += x[i];
    let e1 = s1 / p;
    let s2 = 0 + e1;
    for (let i = p; i <= 2 * p - 2; i++) {
      e1 = e1 * a + x[i] * k;
      s2 += e1;
    }
    let e2 = s2 / p;
    let s3 = 0 + e2;
    for (let i = 2 * p - 1; i <= 3 * p - 3; i++) {
      e1 = e1 * a + x[i] * k;
      e2 = e2 * a + e1 * k;
      s3 += e2;
    }
    let e3 = s3 / p;
    o[3 * p - 3] = 3 * e1 - 3 * e2 + e3;
    for (let i = 3 * p - 2; i < n; i++) {
      e1 = e1 * a + x[i] * k;
      e2 = e2 * a + e1 * k;
      e3 = e3 * a + e2 * k;
      o[i] = 3 * e1 - 3 * e2 + e3;
    }
  });
  return out;
}

export class TEMA implements SeriesIndicator {
  private readonly e1: EMA;
  private readonly e2: EMA;
  private readonly e3: EMA;
  private v: number | undefined = undefined;

  constructor(readonly period: number) {
    ensurePeriod('tema', 'period', period);
    this.e1 = new EMA(period);
    this.e2 = new EMA(period);
    this.e3 = new EMA(period);
  }

  push(x: number): number | undefined {
    if (x !== x) {
      this.reset();
      return undefined;
    }
    const a = this.e1.push(x);
    if (a === undefined) return undefined;
    const b = this.e2.push(a);
    if (b === undefined) return undefined;
    const c = this.e3.push(b);
    this.v = c === undefined ? undefined : 3 * a - 3 * b + c;
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
    this.e3.reset();
    this.v = undefined;
  }
}
