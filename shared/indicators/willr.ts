import type { BarLike, StreamingIndicator } from './types.ts';
import { forEachSegment, nanArray } from './core/segments.ts';
import { ensurePeriod } from './core/errors.ts';
import { rollingExtreme, SlidingExtreme } from './core/extrema.ts';

/** TA-Lib's %R: (HH - close) / ((HH - LL) / -100), 0 when HH == LL. Range -100..0. */
function pctR(close: number, hh: number, ll: number): number {
  const diff = (hh - ll) / -100;
  return diff !== 0 ? (hh - close) / diff : 0;
}

/** Williams %R over `period` bars (TA-Lib WILLR). First value at period-1. */
export function willr(high: Float64Array, low: Float64Array, close: Float64Array, period = 14, out: Float64Array = nanArray(close.length)): Float64Array {
  ensurePeriod('willr', 'period', period);
  forEachSegment([high, low, close], [out], ([h, l, c], [o]) => {
    const n = c.length;
    if (n < period) return;
    const ll = nanArray(n);
    rollingExtreme(h, period, true, o);
    rollingExtreme(l, period, false, ll);
    for (let i = period - 1; i < n; i++) o[i] = pctR(c[i], o[i], ll[i]);
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
