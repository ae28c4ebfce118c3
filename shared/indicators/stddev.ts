import type { BarLike, SeriesIndicator } from './types.ts';
import { forEachSegment, outArray } from './core/segments.ts';
import { ensurePeriod } from './core/errors.ts';
import { Ring, resumInterval } from './core/ring.ts';

/**
 * Rolling population standard deviation (divide by N, as TA-Lib STDDEV and TradingView ta.stdev).
 * Sums are kept of (x - anchor) with the anchor re-set at every periodic re-sum, so E[d^2] - E[d]^2 does not cancel
 * catastrophically on large prices and a constant series gives exactly 0. Variances below 1e-8 (and negative ones)
 * give 0, as TA-Lib (TA_IS_ZERO_OR_NEG) does.
 */
export function stddevKernel(x: Float64Array, o: Float64Array, p: number, mean: Float64Array | null, mult: number): void {
  const n = x.length;
  if (n < p) return;
  let anchor = x[0];
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < p; i++) {
    const d = x[i] - anchor;
    s1 += d;
    s2 += d * d;
  }
  const every = resumInterval(p);
  let next = p - 1 + every;
  for (let i = p - 1; i < n; i++) {
    if (i >= p) {
      const a = x[i] - anchor;
      const b = x[i - p] - anchor;
      s1 += a - b;
      s2 += a * a - b * b;
      if (i === next) {
        next += every;
        anchor = x[i];
        s1 = 0;
        s2 = 0;
        for (let j = i - p + 1; j <= i; j++) {
          const d = x[j] - anchor;
          s1 += d;
          s2 += d * d;
        }
      }
    }
    const m = s1 / p;
    const v = s2 / p - m * m;
    o[i] = v < 1e-8 ? 0 : Math.sqrt(v) * mult;
    if (mean !== null) mean[i] = anchor + m;
  }
}

/** Population standard deviation over `period` values (TA-Lib STDDEV with nbdev = 1). First value at period-1. */
export function stddev(src: Float64Array, period: number, out: Float64Array = outArray(src.length)): Float64Array {
  ensurePeriod('stddev', 'period', period, 2);
  forEachSegment([src], [out], [period - 1], ([x], [o]) => stddevKernel(x, o, period, null, 1));
  return out;
}

/** Rolling mean and variance state shared by StdDev, Bollinger Bands and z-score. */
export class RollingMoments {
  private readonly ring: Ring;
  private anchor = NaN;
  private s1 = 0;
  private s2 = 0;
  private steps = 0;
  private readonly every: number;

  constructor(readonly period: number) {
    this.ring = new Ring(period);
    this.every = resumInterval(period);
  }

  get full(): boolean {
    return this.ring.full;
  }

  push(x: number): void {
    if (this.anchor !== this.anchor) this.anchor = x;
    const old = this.ring.push(x);
    const a = x - this.anchor;
    let resum = false;
    if (old === old) {
      const b = old - this.anchor;
      this.s1 += a - b;
      this.s2 += a * a - b * b;
      resum = ++this.steps === this.every; // the batch kernel's schedule
    } else {
      this.s1 += a;
      this.s2 += a * a;
    }
    if (resum) {
      this.steps = 0;
      this.anchor = x;
      this.s1 = 0;
      this.s2 = 0;
      for (let j = 0; j < this.period; j++) {
        const d = this.ring.at(j) - x;
        this.s1 += d;
        this.s2 += d * d;
      }
    }
  }

  get mean(): number {
    return this.anchor + this.s1 / this.period;
  }

  /** Population standard deviation, 0 below a variance of 1e-8 (TA-Lib's rule). */
  get stddev(): number {
    const m = this.s1 / this.period;
    const v = this.s2 / this.period - m * m;
    return v < 1e-8 ? 0 : Math.sqrt(v);
  }

  reset(): void {
    this.ring.clear();
    this.anchor = NaN;
    this.s1 = 0;
    this.s2 = 0;
    this.steps = 0;
  }
}

export class StdDev implements SeriesIndicator {
  private readonly m: RollingMoments;
  private v: number | undefined = undefined;

  constructor(readonly period: number) {
    ensurePeriod('stddev', 'period', period, 2);
    this.m = new RollingMoments(period);
  }

  push(x: number): number | undefined {
    if (x !== x) {
      this.reset();
      return undefined;
    }
    this.m.push(x);
    this.v = this.m.full ? this.m.stddev : undefined;
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
