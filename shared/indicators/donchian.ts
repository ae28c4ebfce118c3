import type { BarLike, StreamingIndicator } from './types.ts';
import { forEachSegment, outArray } from './core/segments.ts';
import { ensurePeriod } from './core/errors.ts';
import { rollingMax, rollingMin, SlidingExtreme } from './core/extrema.ts';
import type { BandColumns, BandOutputs } from './bbands.ts';

/** Donchian channel: upper = highest high, lower = lowest low over `period` bars, middle = their mean. First value at period-1. */
export function donchian(high: Float64Array, low: Float64Array, period = 20, out: BandColumns = { upper: outArray(high.length), middle: outArray(high.length), lower: outArray(high.length) }): BandColumns {
  ensurePeriod('donchian', 'period', period);
  forEachSegment([high, low], [out.upper, out.middle, out.lower], [period - 1, period - 1, period - 1], ([h, l], [u, m, lo]) => {
    const n = h.length;
    if (n < period) return;
    rollingMax(h, period, u);
    rollingMin(l, period, lo);
    for (let i = period - 1; i < n; i++) m[i] = (u[i] + lo[i]) / 2;
  });
  return out;
}

export class Donchian implements StreamingIndicator<BandOutputs> {
  private readonly hh: SlidingExtreme;
  private readonly ll: SlidingExtreme;
  private v: BandOutputs | undefined = undefined;

  constructor(readonly period = 20) {
    ensurePeriod('donchian', 'period', period);
    this.hh = new SlidingExtreme(period, true);
    this.ll = new SlidingExtreme(period, false);
  }

  update(bar: BarLike): BandOutputs | undefined {
    const { high, low } = bar;
    if (high !== high || low !== low) {
      this.reset();
      return undefined;
    }
    const u = this.hh.push(high);
    const l = this.ll.push(low);
    this.v = this.hh.count < this.period ? undefined : { upper: u, middle: (u + l) / 2, lower: l };
    return this.v;
  }

  get isReady(): boolean {
    return this.v !== undefined;
  }

  get value(): BandOutputs | undefined {
    return this.v;
  }

  reset(): void {
    this.hh.reset();
    this.ll.reset();
    this.v = undefined;
  }
}
