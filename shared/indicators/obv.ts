import type { BarLike, StreamingIndicator } from './types.ts';
import { forEachSegment, outArray } from './core/segments.ts';

/**
 * On-balance volume (TA-Lib OBV): starts at the first bar's volume, then adds the volume on an up close and
 * subtracts it on a down close. TradingView's ta.obv starts at 0 instead, so the two differ by a constant.
 */
export function obv(close: Float64Array, volume: Float64Array, out: Float64Array = outArray(close.length)): Float64Array {
  forEachSegment([close, volume], [out], [0], ([c, v], [o]) => {
    const n = c.length;
    if (n === 0) return;
    let acc = v[0];
    o[0] = acc;
    for (let i = 1; i < n; i++) {
      if (c[i] > c[i - 1]) acc += v[i];
      else if (c[i] < c[i - 1]) acc -= v[i];
      o[i] = acc;
    }
  });
  return out;
}

export class OBV implements StreamingIndicator<number> {
  private prev = NaN;
  private v: number | undefined = undefined;

  update(bar: BarLike): number | undefined {
    const { close, volume } = bar;
    if (close !== close || volume !== volume) {
      this.reset();
      return undefined;
    }
    if (this.v === undefined) this.v = volume;
    else if (close > this.prev) this.v += volume;
    else if (close < this.prev) this.v -= volume;
    this.prev = close;
    return this.v;
  }

  get isReady(): boolean {
    return this.v !== undefined;
  }

  get value(): number | undefined {
    return this.v;
  }

  reset(): void {
    this.prev = NaN;
    this.v = undefined;
  }
}
