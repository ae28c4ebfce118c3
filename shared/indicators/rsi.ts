import type { BarLike, SeriesIndicator } from './types.ts';
import { anyColumnNaN, optimistic, outArray } from './core/segments.ts';
import { ensurePeriod } from './core/errors.ts';

/**
 * Relative strength index with Wilder smoothing (TA-Lib RSI, TradingView ta.rsi): the first average gain/loss is
 * the simple mean of the first `period` changes, then avg = (avg*(p-1) + change)/p. RSI = 100*gain/(gain+loss);
 * 0 when both are ~0 (TA-Lib's rule; TradingView's ta.rsi gives 100 on a flat series). First value at index period.
 */
export function rsi(src: Float64Array, period: number, out: Float64Array = outArray(src.length)): Float64Array {
  ensurePeriod('rsi', 'period', period);
  optimistic([src], [out], [period], ([x], [o]) => rsiKernel(x, o, period));
  return out;
}

/** Writes RSI from p on; returns true when it met a NaN (a NaN change is summed into `chk`, which the up/down split would hide). */
export function rsiKernel(x: Float64Array, o: Float64Array, p: number): boolean {
  const n = x.length;
  if (n <= p) return anyColumnNaN([x]);
  let gain = 0;
  let loss = 0;
  for (let i = 1; i <= p; i++) {
    const d = x[i] - x[i - 1];
    if (d < 0) loss -= d;
    else gain += d;
  }
  gain /= p;
  loss /= p;
  o[p] = ratio(gain, loss);
  // Wilder's (avg*(p-1) + x)/p as avg*a + x*b (see ATR); up/down split without a data-dependent branch.
  const a = (p - 1) / p;
  const b = 1 / p;
  let chk = 0;
  for (let i = p + 1; i < n; i++) {
    const d = x[i] - x[i - 1];
    chk += d;
    const up = d > 0 ? d : 0;
    const dn = d < 0 ? -d : 0;
    gain = gain * a + up * b;
    loss = loss * a + dn * b;
    o[i] = ratio(gain, loss);
  }
  return chk !== chk || gain !== gain || loss !== loss;
}

function ratio(gain: number, loss: number): number {
  const t = gain + loss;
  return t > -1e-8 && t < 1e-8 ? 0 : 100 * (gain / t);
}

export class RSI implements SeriesIndicator {
  private prev = NaN;
  private n = 0;
  private gain = 0;
  private loss = 0;
  private v: number | undefined = undefined;

  constructor(readonly period: number) {
    ensurePeriod('rsi', 'period', period);
  }

  push(x: number): number | undefined {
    if (x !== x) {
      this.reset();
      return undefined;
    }
    const prev = this.prev;
    this.prev = x;
    if (prev !== prev) return undefined;
    const d = x - prev;
    const p = this.period;
    if (this.n < p) {
      if (d < 0) this.loss -= d;
      else this.gain += d;
      if (++this.n < p) return undefined;
      this.gain /= p;
      this.loss /= p;
    } else {
      const a = (p - 1) / p;
      const b = 1 / p;
      this.gain = this.gain * a + (d > 0 ? d : 0) * b;
      this.loss = this.loss * a + (d < 0 ? -d : 0) * b;
    }
    this.v = ratio(this.gain, this.loss);
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
    this.prev = NaN;
    this.n = 0;
    this.gain = 0;
    this.loss = 0;
    this.v = undefined;
  }
}
