import type { BarLike, StreamingIndicator } from './types.ts';
import { forEachSegment, nanArray } from './core/segments.ts';
import { ensurePeriod } from './core/errors.ts';
import { trueRange } from './atr.ts';

export type AdxOutputs = { readonly plusDI: number; readonly minusDI: number; readonly adx: number };
export type AdxColumns = { plusDI: Float64Array; minusDI: Float64Array; adx: Float64Array };

const isZero = (v: number): boolean => v > -1e-8 && v < 1e-8; // TA-Lib's TA_IS_ZERO

/**
 * One step of Wilder's directional movement, exactly as TA-Lib ADX / PLUS_DI / MINUS_DI do it. State: the smoothed
 * +DM, -DM and TR (Wilder sums: s = s - s/p + x), the running DX sum during ADX's warm-up, and the ADX.
 * Bars 1..p-1 accumulate plain sums; from bar p on the sums are smoothed and +DI/-DI are output; DX is summed over
 * bars p..2p-1 and their mean is the first ADX (bar 2p-1), then adx = (adx*(p-1) + dx)/p. Where TR or +DI + -DI is
 * ~0, TA-Lib leaves the ADX unchanged (and counts DX as 0 during warm-up); so does this.
 */
class DmState {
  prevHigh = NaN;
  prevLow = NaN;
  prevClose = NaN;
  pdm = 0;
  mdm = 0;
  tr = 0;
  sumDx = 0;
  adx = NaN;
  count = 0; // bars seen
  plusDI = NaN;
  minusDI = NaN;

  constructor(readonly p: number) {}

  step(h: number, l: number, c: number): void {
    const p = this.p;
    const n = this.count++;
    if (n === 0) {
      this.prevHigh = h;
      this.prevLow = l;
      this.prevClose = c;
      return;
    }
    const diffP = h - this.prevHigh;
    const diffM = this.prevLow - l;
    this.prevHigh = h;
    this.prevLow = l;
    const t = trueRange(h, l, this.prevClose);
    this.prevClose = c;
    if (n < p) {
      if (diffM > 0 && diffP < diffM) this.mdm += diffM;
      else if (diffP > 0 && diffP > diffM) this.pdm += diffP;
      this.tr += t;
      return;
    }
    this.mdm -= this.mdm / p;
    this.pdm -= this.pdm / p;
    if (diffM > 0 && diffP < diffM) this.mdm += diffM;
    else if (diffP > 0 && diffP > diffM) this.pdm += diffP;
    this.tr = this.tr - this.tr / p + t;
    let dx = NaN;
    if (!isZero(this.tr)) {
      this.minusDI = 100 * (this.mdm / this.tr);
      this.plusDI = 100 * (this.pdm / this.tr);
      const s = this.minusDI + this.plusDI;
      if (!isZero(s)) dx = 100 * (Math.abs(this.minusDI - this.plusDI) / s);
    } else {
      this.minusDI = 0;
      this.plusDI = 0;
    }
    if (n < 2 * p - 1) {
      if (dx === dx) this.sumDx += dx;
    } else if (n === 2 * p - 1) {
      if (dx === dx) this.sumDx += dx;
      this.adx = this.sumDx / p;
    } else if (dx === dx) {
      this.adx = (this.adx * (p - 1) + dx) / p;
    }
  }
}

/**
 * ADX with +DI and -DI (TA-Lib ADX, PLUS_DI, MINUS_DI): +DI/-DI from index `period`, ADX from 2*period-1.
 */
export function adx(high: Float64Array, low: Float64Array, close: Float64Array, period = 14, out: AdxColumns = { plusDI: nanArray(close.length), minusDI: nanArray(close.length), adx: nanArray(close.length) }): AdxColumns {
  ensurePeriod('adx', 'period', period, 2);
  forEachSegment([high, low, close], [out.plusDI, out.minusDI, out.adx], ([h, l, c], [pdi, mdi, a]) => {
    const s = new DmState(period);
    for (let i = 0; i < c.length; i++) {
      s.step(h[i], l[i], c[i]);
      if (i >= period) {
        pdi[i] = s.plusDI;
        mdi[i] = s.minusDI;
        if (i >= 2 * period - 1) a[i] = s.adx;
      }
    }
  });
  return out;
}

export class ADX implements StreamingIndicator<AdxOutputs> {
  private s: DmState;
  private v: AdxOutputs | undefined = undefined;

  constructor(readonly period = 14) {
    ensurePeriod('adx', 'period', period, 2);
    this.s = new DmState(period);
  }

  update(bar: BarLike): AdxOutputs | undefined {
    const { high, low, close } = bar;
    if (high !== high || low !== low || close !== close) {
      this.reset();
      return undefined;
    }
    const s = this.s;
    s.step(high, low, close);
    this.v = s.count >= 2 * this.period ? { plusDI: s.plusDI, minusDI: s.minusDI, adx: s.adx } : undefined;
    return this.v;
  }

  get isReady(): boolean {
    return this.v !== undefined;
  }

  get value(): AdxOutputs | undefined {
    return this.v;
  }

  reset(): void {
    this.s = new DmState(this.period);
    this.v = undefined;
  }
}
