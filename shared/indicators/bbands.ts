import type { BarLike, StreamingIndicator } from './types.ts';
import { forEachSegment, outArray } from './core/segments.ts';
import { ensurePeriod, ensureReal } from './core/errors.ts';
import { stddevKernel, RollingMoments } from './stddev.ts';

export type BandOutputs = {
  readonly upper: number;
  readonly middle: number;
  readonly lower: number;
};

export type BandColumns = { upper: Float64Array; middle: Float64Array; lower: Float64Array };

/** Bollinger Bands: middle = SMA(period), bands = middle +/- mult * population stddev (TA-Lib BBANDS, matype SMA). */
export function bbands(src: Float64Array, period = 20, mult = 2, out: BandColumns = { upper: outArray(src.length), middle: outArray(src.length), lower: outArray(src.length) }): BandColumns {
  ensurePeriod('bbands', 'period', period, 2);
  ensureReal('bbands', 'mult', mult, 0, 100);
  forEachSegment([src], [out.upper, out.middle, out.lower], [period - 1, period - 1, period - 1], ([x], [u, m, l]) => {
    stddevKernel(x, u, period, m, mult);
    for (let i = period - 1; i < x.length; i++) {
      const d = u[i];
      u[i] = m[i] + d;
      l[i] = m[i] - d;
    }
  });
  return out;
}

export class BollingerBands implements StreamingIndicator<BandOutputs> {
  private readonly m: RollingMoments;
  private v: BandOutputs | undefined = undefined;

  constructor(readonly period = 20, readonly mult = 2) {
    ensurePeriod('bbands', 'period', period, 2);
    ensureReal('bbands', 'mult', mult, 0, 100);
    this.m = new RollingMoments(period);
  }

  update(bar: BarLike): BandOutputs | undefined {
    return this.push(bar.close);
  }

  push(x: number): BandOutputs | undefined {
    if (x !== x) {
      this.reset();
      return undefined;
    }
    this.m.push(x);
    if (!this.m.full) return undefined;
    const mid = this.m.mean;
    const d = this.m.stddev * this.mult;
    this.v = { upper: mid + d, middle: mid, lower: mid - d };
    return this.v;
  }

  get isReady(): boolean {
    return this.v !== undefined;
  }

  get value(): BandOutputs | undefined {
    return this.v;
  }

  reset(): void {
    this.m.reset();
    this.v = undefined;
  }
}
