import type { BarLike, SeriesIndicator } from './types.ts';
import { forEachSegment, outArray } from './core/segments.ts';
import { scratch } from './core/scratch.ts';
import { ensurePeriod } from './core/errors.ts';
import { stddevKernel, RollingMoments } from './stddev.ts';

/** z-score: (x - SMA(x, N)) / population stddev(x, N); 0 when the window is flat. First value at N-1. */
export function zscore(src: Float64Array, period = 20, out: Float64Array = outArray(src.length)): Float64Array {
  ensurePeriod('zscore', 'period', period, 2);
  forEachSegment([src], [out], [period - 1], ([x], [o]) => {
    const n = x.length;
    if (n < period) return;
    const m = scratch(0, n);
    stddevKernel(x, o, period, m, 1);
    for (let i = period - 1; i < n; i++) o[i] = o[i] > 0 ? (x[i] - m[i]) / o[i] : 0;
  });
  return out;
}

export class ZScore implements SeriesIndicator {
  private readonly m: RollingMoments;
  private v: number | undefined = undefined;

  constructor(readonly period = 20) {
    ensurePeriod('zscore', 'period', period, 2);
    this.m = new RollingMoments(period);
  }

  push(x: number): number | undefined {
    if (x !== x) {
      this.reset();
      return undefined;
    }
    this.m.push(x);
    if (!this.m.full) return undefined;
    const sd = this.m.stddev;
    this.v = sd > 0 ? (x - this.m.mean) / sd : 0;
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
    this.m.reset();
    this.v = undefined;
  }
}
