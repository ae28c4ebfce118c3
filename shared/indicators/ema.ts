import type { BarLike, SeriesIndicator } from './types.ts';
import { optimistic, outArray } from './core/segments.ts';
import { ensurePeriod } from './core/errors.ts';

/**
 * Exponential moving average, k = 2/(period+1), seeded with the SMA of the first `period` values (TA-Lib's default
 * and TradingView's ta.ema). First value at index period-1. The update is written `prev*(1-k) + x*k` rather than
 * TA-Lib's `(x - prev)*k + prev`: the same value to ~1 ulp (the recursion is contractive, so rounding does not
 * accumulate), with a shorter dependency chain (multiply-add instead of subtract-multiply-add) — the batch loop runs
 * ~1.5x faster.
 */
export function ema(src: Float64Array, period: number, out: Float64Array = outArray(src.length)): Float64Array {
  ensurePeriod('ema', 'period', period);
  const k = 2 / (period + 1);
  // A NaN input makes the seed sum or the running EMA NaN for good, so the last state tells whether one was met.
  optimistic([src], [out], [period - 1], ([x], [o]) => {
    const n = x.length;
    if (n < period) {
      let s = 0;
      for (let i = 0; i < n; i++) s += x[i];
      return s !== s;
    }
    emaKernel(x, o, period, k, 0);
    const last = o[n - 1];
    return last !== last;
  });
  return out;
}

/**
 * EMA core with smoothing factor k over x[from..]: seeded with the mean of x[from .. from+p-1], first output at
 * from+p-1. Used by EMA, DEMA, TEMA, MACD (and, with k = 1/p, Wilder's RMA).
 */
export function emaKernel(x: Float64Array, o: Float64Array, p: number, k: number, from: number): void {
  const n = x.length;
  if (n - from < p) return;
  let sum = 0;
  for (let i = from; i < from + p; i++) sum += x[i];
  let prev = sum / p;
  o[from + p - 1] = prev;
  const a = 1 - k;
  for (let i = from + p; i < n; i++) {
    prev = prev * a + x[i] * k;
    o[i] = prev;
  }
}

/** Streaming EMA with an arbitrary smoothing factor, seeded with the SMA of the first `period` values. */
export class SeededEMA implements SeriesIndicator {
  private sum = 0;
  private n = 0;
  /**
   * The current value, meaningful once `ready`. Always a number (never undefined), so V8 keeps it as an unboxed
   * double updated in place: no allocation per update (a field that is sometimes undefined holds a fresh heap
   * number after every update).
   */
  private v = 0;
  private ready = false;

  private readonly a: number;

  constructor(readonly period: number, readonly k: number) {
    this.a = 1 - k;
  }

  push(x: number): number | undefined {
    if (x !== x) {
      this.reset();
      return undefined;
    }
    if (this.ready) {
      this.v = this.v * this.a + x * this.k;
      return this.v;
    }
    this.sum += x;
    if (++this.n === this.period) {
      this.v = this.sum / this.period;
      this.ready = true;
      return this.v;
    }
    return undefined;
  }

  update(bar: BarLike): number | undefined {
    return this.push(bar.close);
  }

  get isReady(): boolean {
    return this.ready;
  }

  get value(): number | undefined {
    return this.ready ? this.v : undefined;
  }

  reset(): void {
    this.sum = 0;
    this.n = 0;
    this.v = 0;
    this.ready = false;
  }
}

export class EMA extends SeededEMA {
  constructor(period: number) {
    ensurePeriod('ema', 'period', period);
    super(period, 2 / (period + 1));
  }
}
