import type { BarLike, StreamingIndicator } from './types.ts';
import { anyColumnNaN, optimistic, outArray } from './core/segments.ts';
import { ensurePeriod } from './core/errors.ts';
import { resumInterval } from './core/ring.ts';

/**
 * Money flow index (TA-Lib MFI): tp = (h+l+c)/3, flow = tp*volume, counted positive when tp rose and negative when
 * it fell (neither when unchanged); MFI = 100*pos/(pos+neg) over `period` flows; 0 when pos+neg < 1 (TA-Lib's rule).
 * First value at index `period`.
 */
export function mfi(high: Float64Array, low: Float64Array, close: Float64Array, volume: Float64Array, period = 14, out: Float64Array = outArray(close.length)): Float64Array {
  ensurePeriod('mfi', 'period', period);
  const p = period;
  optimistic([high, low, close, volume], [out], [p], ([h, l, c, v], [o]) => {
    const n = c.length;
    if (n <= p) return anyColumnNaN([h, l, c, v]);
    // Positive and negative flows in two rings of the last p values. The up/down split is a multiplication by 0/1,
    // not a branch: whether the typical price rose is a coin flip to the branch predictor.
    const posR = new Float64Array(p);
    const negR = new Float64Array(p);
    let pos = 0;
    let neg = 0;
    let prev = (h[0] + l[0] + c[0]) / 3;
    let bad = prev !== prev || v[0] !== v[0];
    const every = resumInterval(p);
    let steps = 0;
    let slot = -1; // (i - 1) % p, advanced without a division
    for (let i = 1; i < n; i++) {
      const tp = (h[i] + l[i] + c[i]) / 3;
      const f = tp * v[i];
      if (f !== f) bad = true;
      const pf = f * +(tp > prev);
      const nf = f * +(tp < prev);
      prev = tp;
      slot = slot + 1 === p ? 0 : slot + 1;
      if (i <= p) {
        pos += pf;
        neg += nf;
      } else {
        pos += pf - posR[slot];
        neg += nf - negR[slot];
      }
      posR[slot] = pf;
      negR[slot] = nf;
      if (i > p && ++steps === every) {
        steps = 0;
        pos = 0;
        neg = 0;
        for (let k = 1; k <= p; k++) {
          const s2 = (i - p + k - 1) % p;
          pos += posR[s2];
          neg += negR[s2];
        }
      }
      if (i >= p) {
        const t = pos + neg;
        const r = 100 * (pos / t);
        o[i] = t < 1 ? 0 : r;
      }
    }
    return bad;
  });
  return out;
}

export class MFI implements StreamingIndicator<number> {
  private readonly posR: Float64Array;
  private readonly negR: Float64Array;
  private count = 0; // bars seen
  private prevTp = NaN;
  private pos = 0;
  private neg = 0;
  private steps = 0;
  private readonly every: number;
  private v: number | undefined = undefined;

  constructor(readonly period = 14) {
    ensurePeriod('mfi', 'period', period);
    this.posR = new Float64Array(period);
    this.negR = new Float64Array(period);
    this.every = resumInterval(period);
  }

  update(bar: BarLike): number | undefined {
    const { high, low, close, volume } = bar;
    if (high !== high || low !== low || close !== close || volume !== volume) {
      this.reset();
      return undefined;
    }
    const p = this.period;
    const tp = (high + low + close) / 3;
    const i = this.count++;
    const prev = this.prevTp;
    this.prevTp = tp;
    if (i === 0) return undefined;
    const f = tp * volume;
    const pf = f * +(tp > prev);
    const nf = f * +(tp < prev);
    const slot = (i - 1) % p;
    if (i <= p) {
      this.pos += pf;
      this.neg += nf;
    } else {
      this.pos += pf - this.posR[slot];
      this.neg += nf - this.negR[slot];
    }
    this.posR[slot] = pf;
    this.negR[slot] = nf;
    if (i > p && ++this.steps === this.every) {
      this.steps = 0;
      this.pos = 0;
      this.neg = 0;
      for (let k = 1; k <= p; k++) {
        const s2 = (i - p + k - 1) % p;
        this.pos += this.posR[s2];
        this.neg += this.negR[s2];
      }
    }
    if (i < p) return (this.v = undefined);
    const t = this.pos + this.neg;
    this.v = t < 1 ? 0 : 100 * (this.pos / t);
    return this.v;
  }

  get isReady(): boolean {
    return this.v !== undefined;
  }

  get value(): number | undefined {
    return this.v;
  }

  reset(): void {
    this.count = 0;
    this.prevTp = NaN;
    this.pos = 0;
    this.neg = 0;
    this.steps = 0;
    this.v = undefined;
  }
}
