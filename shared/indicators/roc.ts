import type { BarLike, SeriesIndicator } from './types.ts';
import { forEachSegment, outArray } from './core/segments.ts';
import { ensurePeriod } from './core/errors.ts';
import { Ring } from './core/ring.ts';

/** Rate of change in percent (TA-Lib ROC): (x / x[t-n] - 1) * 100, 0 when x[t-n] is 0. First value at n. */
export function roc(src: Float64Array, period = 10, out: Float64Array = outArray(src.length)): Float64Array {
  ensurePeriod('roc', 'period', period);
  forEachSegment([src], [out], [period], ([x], [o]) => {
    for (let i = period; i < x.length; i++) {
      const p = x[i - period];
      o[i] = p !== 0 ? (x[i] / p - 1) * 100 : 0;
    }
  });
  return out;
}

/** Momentum (TA-Lib MOM): x - x[t-n]. First value at n. */
export function mom(src: Float64Array, period = 10, out: Float64Array = outArray(src.length)): Float64Array {
  ensurePeriod('mom', 'period', period);
  forEachSegment([src], [out], [period], ([x], [o]) => {
    for (let i = period; i < x.length; i++) o[i] = x[i] - x[i - period];
  });
  return out;
}

/** Streaming ROC (`kind` 'roc') or momentum (`kind` 'mom') over a ring of the last n+1 values. */
class Lagged implements SeriesIndicator {
  private readonly ring: Ring;
  private v: number | undefined = undefined;

  constructor(readonly period: number, private readonly kind: 'roc' | 'mom') {
    ensurePeriod(kind, 'period', period);
    this.ring = new Ring(period + 1);
  }

  push(x: number): number | undefined {
    if (x !== x) {
      this.reset();
      return undefined;
    }
    this.ring.push(x);
    if (!this.ring.full) return undefined;
    const p = this.ring.at(0);
    this.v = this.kind === 'mom' ? x - p : p !== 0 ? (x / p - 1) * 100 : 0;
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
    this.v = undefined;
  }
}

export class ROC extends Lagged {
  constructor(period = 10) {
    super(period, 'roc');
  }
}

export class Momentum extends Lagged {
  constructor(period = 10) {
    super(period, 'mom');
  }
}
