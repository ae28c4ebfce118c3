import type { BarLike, SeriesIndicator } from './types.ts';
import { forEachSegment, outArray } from './core/segments.ts';
import { ensurePeriod } from './core/errors.ts';
import { Ring, resumInterval } from './core/ring.ts';

/**
 * The weighted sum absorbs the plain sum's rounding error on every step, so its drift grows faster than a plain
 * running sum's: re-sum every 64 steps (cost period/64 per step) to keep it below 1e-10 on prices in the thousands.
 */
export const WMA_RESUM = 64;

/**
 * Linearly weighted moving average: weights 1..period, newest heaviest, divided by period*(period+1)/2.
 * O(1) per step with TA-Lib's two running sums (weighted sum and plain sum), re-summed periodically.
 */
export function wma(src: Float64Array, period: number, out: Float64Array = outArray(src.length)): Float64Array {
  ensurePeriod('wma', 'period', period);
  forEachSegment([src], [out], [period - 1], ([x], [o]) => wmaKernel(x, o, period));
  return out;
}

export function wmaKernel(x: Float64Array, o: Float64Array, p: number): void {
  const n = x.length;
  if (n < p) return;
  const inv = 1 / ((p * (p + 1)) / 2); // multiply, not divide: ~1 ulp from TA-Lib, off the critical path
  let wsum = 0;
  let sum = 0;
  for (let i = 0; i < p; i++) {
    wsum += x[i] * (i + 1);
    sum += x[i];
  }
  o[p - 1] = wsum * inv;
  const every = resumInterval(p, WMA_RESUM);
  let next = p - 1 + every;
  for (let i = p; i < n; i++) {
    // Shifting the window lowers every weight by one (subtract the old plain sum) and adds x[i] at weight p.
    wsum += p * x[i] - sum;
    sum += x[i] - x[i - p];
    if (i === next) {
      next += every;
      wsum = 0;
      sum = 0;
      for (let j = 0; j < p; j++) {
        const v = x[i - p + 1 + j];
        wsum += v * (j + 1);
        sum += v;
      }
    }
    o[i] = wsum * inv;
  }
}

export class WMA implements SeriesIndicator {
  private readonly ring: Ring;
  private wsum = 0;
  private sum = 0;
  private steps = 0;
  private readonly inv: number;
  private readonly every: number;
  private v: number | undefined = undefined;

  constructor(readonly period: number) {
    ensurePeriod('wma', 'period', period);
    this.ring = new Ring(period);
    this.inv = 1 / ((period * (period + 1)) / 2);
    this.every = resumInterval(period, WMA_RESUM);
  }

  push(x: number): number | undefined {
    if (x !== x) {
      this.reset();
      return undefined;
    }
    const p = this.period;
    if (!this.ring.full) {
      this.ring.push(x);
      this.wsum += x * this.ring.length;
      this.sum += x;
      if (!this.ring.full) return undefined;
    } else {
      const old = this.ring.push(x);
      this.wsum += p * x - this.sum;
      this.sum += x - old;
      if (++this.steps === this.every) {
        this.steps = 0;
        this.wsum = 0;
        this.sum = 0;
        for (let j = 0; j < p; j++) {
          const v = this.ring.at(j);
          this.wsum += v * (j + 1);
          this.sum += v;
        }
      }
    }
    this.v = this.wsum * this.inv;
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
    this.ring.clear();
    this.wsum = 0;
    this.sum = 0;
    this.steps = 0;
    this.v = undefined;
  }
}
