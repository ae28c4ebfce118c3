import type { BarLike, StreamingIndicator } from './types.ts';
import { anyColumnNaN, optimistic, outArray } from './core/segments.ts';
import { ensurePeriod } from './core/errors.ts';
import { trueRange } from './atr.ts';

export type DmiOutputs = { readonly plusDI: number; readonly minusDI: number; readonly adx: number };
export type DmiColumns = { plusDI: Float64Array; minusDI: Float64Array; adx: Float64Array };

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

  private readonly a: number;
  private readonly b: number;
  private readonly c: number;

  constructor(readonly p: number) {
    this.a = 1 - 1 / p;
    this.b = (p - 1) / p;
    this.c = 1 / p;
  }

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
    // TA-Lib's rule: -DM = diffM if diffM > 0 and diffM > diffP, +DM = diffP if diffP > 0 and diffP > diffM;
    // as multiplications by 0/1 so the unpredictable choice is not a branch.
    const mDM = diffM * +(diffM > 0) * +(diffP < diffM);
    const pDM = diffP * +(diffP > 0) * +(diffP > diffM);
    if (n < p) {
      this.mdm += mDM;
      this.pdm += pDM;
      this.tr += t;
      return;
    }
    // Wilder sums s - s/p + x written s*a + x (a = 1 - 1/p), and one reciprocal per bar for both DIs: TA-Lib's
    // values to ~1e-13 with fewer divisions on the critical path.
    const a = this.a;
    this.mdm = this.mdm * a + mDM;
    this.pdm = this.pdm * a + pDM;
    this.tr = this.tr * a + t;
    let dx = NaN;
    if (!isZero(this.tr)) {
      const inv = 100 / this.tr;
      this.minusDI = this.mdm * inv;
      this.plusDI = this.pdm * inv;
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
      this.adx = this.adx * this.b + dx * this.c;
    }
  }
}

/**
 * Wilder sums of +DM, -DM and TR over bars 1..p-1 (plain sums), then the ramp-up bars p..min(2p, n)-1: smoothed
 * sums, +DI/-DI (written when `pdi`/`mdi` are given) and the DX summed into the first ADX at bar 2p-1. Needs n > p.
 * Returns the state the steady loop continues from (bar `end`).
 */
function rampUp(h: Float64Array, l: Float64Array, c: Float64Array, p: number, pdi: Float64Array | undefined, mdi: Float64Array | undefined, ax: Float64Array): { pdm: number; mdm: number; tr: number; adx: number; end: number } {
  const n = c.length;
  const wa = 1 - 1 / p;
  let pdm = 0;
  let mdm = 0;
  let tr = 0;
  for (let i = 1; i < p; i++) {
    const diffP = h[i] - h[i - 1];
    const diffM = l[i - 1] - l[i];
    mdm += diffM * +(diffM > 0) * +(diffP < diffM);
    pdm += diffP * +(diffP > 0) * +(diffP > diffM);
    tr += trueRange(h[i], l[i], c[i - 1]);
  }
  let sumDx = 0;
  let adxV = NaN;
  const end = 2 * p < n ? 2 * p : n;
  for (let i = p; i < end; i++) {
    const diffP = h[i] - h[i - 1];
    const diffM = l[i - 1] - l[i];
    const t = trueRange(h[i], l[i], c[i - 1]);
    mdm = mdm * wa + diffM * +(diffM > 0) * +(diffP < diffM);
    pdm = pdm * wa + diffP * +(diffP > 0) * +(diffP > diffM);
    tr = tr * wa + t;
    let dx = NaN;
    let minusDI = 0;
    let plusDI = 0;
    if (!isZero(tr)) {
      const inv = 100 / tr;
      minusDI = mdm * inv;
      plusDI = pdm * inv;
      const s = minusDI + plusDI;
      if (!isZero(s)) dx = 100 * (Math.abs(minusDI - plusDI) / s);
    }
    if (pdi !== undefined && mdi !== undefined) {
      pdi[i] = plusDI;
      mdi[i] = minusDI;
    }
    if (dx === dx) sumDx += dx;
    if (i === 2 * p - 1) {
      adxV = sumDx / p;
      ax[i] = adxV;
    }
  }
  return { pdm, mdm, tr, adx: adxV, end };
}

/**
 * The Directional Movement Index: +DI, -DI and ADX (TA-Lib PLUS_DI, MINUS_DI, ADX; TradingView's `ta.dmi` outputs):
 * +DI/-DI from index `period`, ADX from 2*period-1. For the ADX alone, `adx` does less work (one output column).
 */
export function dmi(high: Float64Array, low: Float64Array, close: Float64Array, period = 14, out: DmiColumns = { plusDI: outArray(close.length), minusDI: outArray(close.length), adx: outArray(close.length) }): DmiColumns {
  ensurePeriod('dmi', 'period', period, 2);
  const p = period;
  const wa = 1 - 1 / p;
  const wb = (p - 1) / p;
  const wc = 1 / p;
  // The same arithmetic as DmState.step (the streaming path), flattened into one loop with locals.
  // A NaN high/low/previous close makes a DM or TR NaN, which stays in its Wilder sum (NaN*0 is NaN, so the 0/1
  // masks keep it); the last close is not read by the recursion and is checked directly.
  optimistic([high, low, close], [out.plusDI, out.minusDI, out.adx], [p, p, 2 * p - 1], ([h, l, c], [pdi, mdi, ax]) => {
    const n = c.length;
    if (n <= p) return anyColumnNaN([h, l, c]);
    const r = rampUp(h, l, c, p, pdi, mdi, ax);
    let pdm = r.pdm;
    let mdm = r.mdm;
    let tr = r.tr;
    let adxV = r.adx;
    const e0 = r.end;
    // Steady state: previous bar's high / low / close carried in locals (one load per column per bar).
    if (e0 < n) {
      let ph = h[e0 - 1];
      let pl = l[e0 - 1];
      let pc = c[e0 - 1];
      for (let i = e0; i < n; i++) {
        const hi = h[i];
        const lo = l[i];
        const diffP = hi - ph;
        const diffM = pl - lo;
        const t = (hi + pc + Math.abs(hi - pc) - (lo + pc - Math.abs(lo - pc))) * 0.5; // trueRange
        ph = hi;
        pl = lo;
        pc = c[i];
        mdm = mdm * wa + diffM * +(diffM > 0) * +(diffP < diffM);
        pdm = pdm * wa + diffP * +(diffP > 0) * +(diffP > diffM);
        tr = tr * wa + t;
        let minusDI = 0;
        let plusDI = 0;
        if (!isZero(tr)) {
          const inv = 100 / tr;
          minusDI = mdm * inv;
          plusDI = pdm * inv;
          const s = minusDI + plusDI;
          if (!isZero(s)) adxV = adxV * wb + 100 * (Math.abs(minusDI - plusDI) / s) * wc;
        }
        pdi[i] = plusDI;
        mdi[i] = minusDI;
        ax[i] = adxV;
      }
    }
    return tr !== tr || mdm !== mdm || pdm !== pdm || c[n - 1] !== c[n - 1];
  });
  return out;
}

/**
 * The Average Directional Index alone (TA-Lib ADX), from index 2*period-1: the same values, bit for bit, as the
 * `adx` column of `dmi`, without writing +DI and -DI. The close is still read: TA-Lib's ADX skips a bar's DX where
 * the smoothed true range is ~0, so the TR sum is needed even though DX = |+DM - -DM| / (+DM + -DM) cancels it.
 */
export function adx(high: Float64Array, low: Float64Array, close: Float64Array, period = 14, out: Float64Array = outArray(close.length)): Float64Array {
  ensurePeriod('adx', 'period', period, 2);
  const p = period;
  const wa = 1 - 1 / p;
  const wb = (p - 1) / p;
  const wc = 1 / p;
  // dmi's loop without the two DI stores (and their columns): the DIs stay in registers.
  optimistic([high, low, close], [out], [2 * p - 1], ([h, l, c], [ax]) => {
    const n = c.length;
    if (n <= p) return anyColumnNaN([h, l, c]);
    const r = rampUp(h, l, c, p, undefined, undefined, ax);
    let pdm = r.pdm;
    let mdm = r.mdm;
    let tr = r.tr;
    let adxV = r.adx;
    const e0 = r.end;
    if (e0 < n) {
      let ph = h[e0 - 1];
      let pl = l[e0 - 1];
      let pc = c[e0 - 1];
      for (let i = e0; i < n; i++) {
        const hi = h[i];
        const lo = l[i];
        const diffP = hi - ph;
        const diffM = pl - lo;
        const t = (hi + pc + Math.abs(hi - pc) - (lo + pc - Math.abs(lo - pc))) * 0.5; // trueRange
        ph = hi;
        pl = lo;
        pc = c[i];
        mdm = mdm * wa + diffM * +(diffM > 0) * +(diffP < diffM);
        pdm = pdm * wa + diffP * +(diffP > 0) * +(diffP > diffM);
        tr = tr * wa + t;
        if (!isZero(tr)) {
          const inv = 100 / tr;
          const minusDI = mdm * inv;
          const plusDI = pdm * inv;
          const s = minusDI + plusDI;
          if (!isZero(s)) adxV = adxV * wb + 100 * (Math.abs(minusDI - plusDI) / s) * wc;
        }
        ax[i] = adxV;
      }
    }
    return tr !== tr || mdm !== mdm || pdm !== pdm || c[n - 1] !== c[n - 1];
  });
  return out;
}

/** Streaming +DI, -DI and ADX (the `dmi` batch function's outputs), ready from bar 2*period-1. */
export class DMI implements StreamingIndicator<DmiOutputs> {
  private s: DmState;
  private v: DmiOutputs | undefined = undefined;

  constructor(readonly period = 14) {
    ensurePeriod('dmi', 'period', period, 2);
    this.s = new DmState(period);
  }

  update(bar: BarLike): DmiOutputs | undefined {
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

  get value(): DmiOutputs | undefined {
    return this.v;
  }

  reset(): void {
    this.s = new DmState(this.period);
    this.v = undefined;
  }
}

/** Streaming ADX alone (TA-Lib ADX), ready from bar 2*period-1. */
export class ADX implements StreamingIndicator<number> {
  private s: DmState;
  private v: number | undefined = undefined;

  constructor(readonly period = 14) {
    ensurePeriod('adx', 'period', period, 2);
    this.s = new DmState(period);
  }

  update(bar: BarLike): number | undefined {
    const { high, low, close } = bar;
    if (high !== high || low !== low || close !== close) {
      this.reset();
      return undefined;
    }
    const s = this.s;
    s.step(high, low, close);
    this.v = s.count >= 2 * this.period ? s.adx : undefined;
    return this.v;
  }

  get isReady(): boolean {
    return this.v !== undefined;
  }

  get value(): number | undefined {
    return this.v;
  }

  reset(): void {
    this.s = new DmState(this.period);
    this.v = undefined;
  }
}
