import type { BarLike, SeriesIndicator } from './types.ts';
import { forEachSegment, nanArray } from './core/segments.ts';
import { ensurePeriod } from './core/errors.ts';
import { emaKernel, EMA } from './ema.ts';

/** Triple EMA (Mulloy): 3*E1 - 3*E2 + E3 with E2 = EMA(E1), E3 = EMA(E2). First value at 3*(period-1), as TA-Lib TEMA. */
export function tema(src: Float64Array, period: number, out: Float64Array = nanArray(src.length)): Float64Array {
  ensurePeriod('tema', 'period', period);
  const k = 2 / (period + 1);
  const n = src.length;
  const e1 = nanArray(n);
  const e2 = nanArray(n);
  const e3 = nanArray(n);
  forEachSegment([src], [out, e1, e2, e3], ([x], [o, a, b, c]) => {
    emaKernel(x, a, period, k, 0);
    emaKernel(a, b, period, k, period - 1);
    emaKernel(b, c, period, k, 2 * (period - 1));
    for (let i = 3 * (period - 1); i < x.length; i++) o[i] = 3 * a[i] - 3 * b[i] + c[i];
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
