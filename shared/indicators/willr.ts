import type { BarLike, StreamingIndicator } from './types.ts';
import { anyColumnNaN, optimistic, outArray } from './core/segments.ts';
import { scratch } from './core/scratch.ts';
import { ensurePeriod } from './core/errors.ts';
import { rollingHighLow, SlidingExtreme } from './core/extrema.ts';

/** %R = -100 * (HH - close) / (HH - LL), 0 when HH == LL (TA-Lib's rule; one division instead of TA-Lib's two). */
function pctR(close: number, hh: number, ll: number): number {
  const range = hh - ll;
  return range !== 0 ? ((hh - close) / range) * -100 : 0;
}

/** Williams %R over `period` bars (TA-Lib WILLR). First value at period-1. */
export function willr(high: Float64Array, low: Float64Array, close: Float64Array, period = 14, out: Float64Array = outArray(close.length)): Float64Array {
  ensurePeriod('willr', 'period', period);
  optimistic([high, low, close], [out], [period - 1], ([h, l, c], [o]) => {
    const n = c.length;
    if (n < period) return anyColumnNaN([h, l, c]);
    const ll = scratch(0, n);
    let bad = rollingHighLow(h, l, period, o, ll);
    let chk = 0;
    for (let i = 0; i < period - 1; i++) chk += c[i];
    for (let i = period - 1; i < n; i++) {
      const hh = o[i];
      const ci = c[i];
      chk += ci;
      const range = hh - ll[i];
      o[i] = range !== 0 ? ((hh - ci) / range) * -100 : 0;
    }
    if (chk !== chk) bad = true;
    return bad;
  });
  return out;
}

export class WilliamsR implements StreamingIndicator<number> {
  private readonly hh: SlidingExtreme;
  private readonly ll: SlidingExtreme;
  private v: number | undefined = undefined;

  constructor(readonly period = 14) {
    ensurePeriod('willr', 'period', period);
    this.hh = new SlidingExtreme(period, true);
    this.ll = new SlidingExtreme(period, false);
  }

  update(bar: BarLike): number | undefined {
    const { high, low, close } = bar;
    if (high !== high || low !== low || close !== close) {
      this.reset();
      return undefined;
    }
    const hh = this.hh.push(high);
    const ll = this.ll.push(low);
    this.v = this.hh.count < this.period ? undefined : pctR(close, hh, ll);
    return this.v;
  }

  get isReady(): boolean {
    return this.v !== undefined;
  }

  get value(): number | undefined {
    return this.v;
  }

  reset(): void {
    this.hh.reset();
    this.ll.reset();
    this.v = undefined;
  }
}
