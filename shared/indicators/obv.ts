import type { BarLike, StreamingIndicator } from './types.ts';
import { optimistic, outArray } from './core/segments.ts';

/**
 * On-balance volume (TA-Lib OBV): starts at the first bar's volume, then adds the volume on an up close and
 * subtracts it on a down close. TradingView's ta.obv starts at 0 instead, so the two differ by a constant.
 */
export function obv(close: Float64Array, volume: Float64Array, out: Float64Array = outArray(close.length)): Float64Array {
  optimistic([close, volume], [out], [0], ([c, v], [o]) => {
    const n = c.length;
    if (n === 0) return false;
    let acc = v[0];
    let chk = c[0]; // a NaN volume stays in acc; a NaN close only fails comparisons, so closes are summed too
    o[0] = acc;
    for (let i = 1; i < n; i++) {
      const ci = c[i];
      const pc = c[i - 1];
      chk += ci;
      // +v on an up close, -v on a down close, as 0/1 masks rather than an unpredictable branch
      acc += v[i] * (+(ci > pc) - +(ci < pc));
      o[i] = acc;
    }
    return chk !== chk || acc !== acc;
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
