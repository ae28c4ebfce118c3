import type { BarLike, StreamingIndicator } from './types.ts';
import { anyColumnNaN, optimistic, outArray } from './core/segments.ts';
import { ensureReal, IndicatorParamError } from './core/errors.ts';

/**
 * Wilder's parabolic SAR, step for step as TA-Lib SAR: the first trend is short when bar 1's -DM is positive
 * (low fell more than high rose), else long; the first SAR is bar 0's low (long) or high (short) and the first
 * extreme point bar 1's high (long) or low (short). On a reversal the SAR becomes the old extreme point, clamped to
 * the last two bars' range, and the acceleration restarts. The value at bar t is the SAR that applies to bar t.
 */
class SarState {
  private n = 0;
  private isLong = true;
  private sar = NaN;
  private ep = NaN;
  private af: number;
  private newHigh = NaN;
  private newLow = NaN;

  constructor(readonly accel: number, readonly max: number) {
    this.af = accel;
  }

  /** Feeds a bar; returns the SAR for it (NaN for bar 0). */
  step(high: number, low: number): number {
    const n = this.n++;
    if (n === 0) {
      this.newHigh = high;
      this.newLow = low;
      return NaN;
    }
    if (n === 1) {
      const diffP = high - this.newHigh;
      const diffM = this.newLow - low;
      const minusDM = diffM > 0 && diffP < diffM ? diffM : 0;
      this.isLong = !(minusDM > 0);
      if (this.isLong) {
        this.ep = high;
        this.sar = this.newLow;
      } else {
        this.ep = low;
        this.sar = this.newHigh;
      }
      this.newLow = low;
      this.newHigh = high;
    }
    const prevLow = this.newLow;
    const prevHigh = this.newHigh;
    this.newLow = low;
    this.newHigh = high;
    const { accel, max } = this;
    let sar = this.sar;
    let out: number;
    if (this.isLong) {
      if (low <= sar) {
        this.isLong = false;
        sar = this.ep;
        if (sar < prevHigh) sar = prevHigh;
        if (sar < high) sar = high;
        out = sar;
        this.af = accel;
        this.ep = low;
        sar = sar + this.af * (this.ep - sar);
        if (sar < prevHigh) sar = prevHigh;
        if (sar < high) sar = high;
      } else {
        out = sar;
        if (high > this.ep) {
          this.ep = high;
          this.af += accel;
          if (this.af > max) this.af = max;
        }
        sar = sar + this.af * (this.ep - sar);
        if (sar > prevLow) sar = prevLow;
        if (sar > low) sar = low;
      }
    } else if (high >= sar) {
      this.isLong = true;
      sar = this.ep;
      if (sar > prevLow) sar = prevLow;
      if (sar > low) sar = low;
      out = sar;
      this.af = accel;
      this.ep = high;
      sar = sar + this.af * (this.ep - sar);
      if (sar > prevLow) sar = prevLow;
      if (sar > low) sar = low;
    } else {
      out = sar;
      if (low < this.ep) {
        this.ep = low;
        this.af += accel;
        if (this.af > max) this.af = max;
      }
      sar = sar + this.af * (this.ep - sar);
      if (sar < prevHigh) sar = prevHigh;
      if (sar < high) sar = high;
    }
    this.sar = sar;
    return out;
  }
}

function check(accel: number, max: number): void {
  ensureReal('psar', 'step', accel, 0.0001, 1);
  ensureReal('psar', 'max', max, 0.0001, 1);
  if (accel > max) throw new IndicatorParamError(`psar: step (${accel}) must not exceed max (${max})`);
}

/** Parabolic SAR (TA-Lib SAR, acceleration `step`, cap `max`). First value at index 1. */
export function psar(high: Float64Array, low: Float64Array, step = 0.02, max = 0.2, out: Float64Array = outArray(high.length)): Float64Array {
  check(step, max);
  // SarState.step flattened into locals (the same operations in the same order as the streaming path).
  optimistic([high, low], [out], [1], ([h, l], [o]) => {
    const n = h.length;
    if (n < 2) return anyColumnNaN([h, l]);
    let chk = h[0] + l[0]; // comparisons skip a NaN, so the inputs are summed: a NaN sum means a NaN was met
    const diffP = h[1] - h[0];
    const diffM = l[0] - l[1];
    let isLong = !((diffM > 0 && diffP < diffM ? diffM : 0) > 0);
    let ep = isLong ? h[1] : l[1];
    let sar = isLong ? l[0] : h[0];
    let af = step;
    let newHigh = h[1];
    let newLow = l[1];
    for (let i = 1; i < n; i++) {
      const prevLow = newLow;
      const prevHigh = newHigh;
      const high = h[i];
      const low = l[i];
      chk += high + low;
      newLow = low;
      newHigh = high;
      if (isLong) {
        if (low <= sar) {
          isLong = false;
          sar = ep;
          if (sar < prevHigh) sar = prevHigh;
          if (sar < high) sar = high;
          o[i] = sar;
          af = step;
          ep = low;
          sar = sar + af * (ep - sar);
          if (sar < prevHigh) sar = prevHigh;
          if (sar < high) sar = high;
        } else {
          o[i] = sar;
          if (high > ep) {
            ep = high;
            af += step;
            if (af > max) af = max;
          }
          sar = sar + af * (ep - sar);
          if (sar > prevLow) sar = prevLow;
          if (sar > low) sar = low;
        }
      } else if (high >= sar) {
        isLong = true;
        sar = ep;
        if (sar > prevLow) sar = prevLow;
        if (sar > low) sar = low;
        o[i] = sar;
        af = step;
        ep = high;
        sar = sar + af * (ep - sar);
        if (sar > prevLow) sar = prevLow;
        if (sar > low) sar = low;
      } else {
        o[i] = sar;
        if (low < ep) {
          ep = low;
          af += step;
          if (af > max) af = max;
        }
        sar = sar + af * (ep - sar);
        if (sar < prevHigh) sar = prevHigh;
        if (sar < high) sar = high;
      }
    }
    return chk !== chk;
  });
  return out;
}

export class ParabolicSAR implements StreamingIndicator<number> {
  private s: SarState;
  private v: number | undefined = undefined;

  constructor(readonly step = 0.02, readonly max = 0.2) {
    check(step, max);
    this.s = new SarState(step, max);
  }

  update(bar: BarLike): number | undefined {
    const { high, low } = bar;
    if (high !== high || low !== low) {
      this.reset();
      return undefined;
    }
    const v = this.s.step(high, low);
    this.v = v === v ? v : undefined;
    return this.v;
  }

  get isReady(): boolean {
    return this.v !== undefined;
  }

  get value(): number | undefined {
    return this.v;
  }

  reset(): void {
    this.s = new SarState(this.step, this.max);
    this.v = undefined;
  }
}
