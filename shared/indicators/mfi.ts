import type { BarLike, StreamingIndicator } from './types.ts';
import { forEachSegment, outArray } from './core/segments.ts';
import { scratch } from './core/scratch.ts';
import { ensurePeriod } from './core/errors.ts';
import { Ring, resumInterval } from './core/ring.ts';

/**
 * Money flow index (TA-Lib MFI): tp = (h+l+c)/3, flow = tp*volume, counted positive when tp rose and negative when
 * it fell (neither when unchanged); MFI = 100*pos/(pos+neg) over `period` flows; 0 when pos+neg < 1 (TA-Lib's rule).
 * First value at index `period`.
 */
export function mfi(high: Float64Array, low: Float64Array, close: Float64Array, volume: Float64Array, period = 14, out: Float64Array = outArray(close.length)): Float64Array {
  ensurePeriod('mfi', 'period', period);
  forEachSegment([high, low, close, volume], [out], [period], ([h, l, c, v], [o]) => {
    const n = c.length;
    if (n <= period) return;
    // Signed flows: +flow, -flow or 0, so the window sums are two running sums.
    const flow = scratch(0, n);
    let prev = (h[0] + l[0] + c[0]) / 3;
    for (let i = 1; i < n; i++) {
      const tp = (h[i] + l[i] + c[i]) / 3;
      const f = tp * v[i];
      flow[i] = tp > prev ? f : tp < prev ? -f : 0;
      prev = tp;
    }
    let pos = 0;
    let neg = 0;
    for (let i = 1; i <= period; i++) {
      if (flow[i] > 0) pos += flow[i];
      else neg -= flow[i];
    }
    o[period] = ratio(pos, neg);
    const every = resumInterval(period);
    let next = period + every;
    for (let i = period + 1; i < n; i++) {
      const a = flow[i];
      const b = flow[i - period];
      if (a > 0) pos += a;
      else neg -= a;
      if (b > 0) pos -= b;
      else neg += b;
      if (i === next) {
        next += every;
        pos = 0;
        neg = 0;
        for (let j = i - period + 1; j <= i; j++) {
          if (flow[j] > 0) pos += flow[j];
          else neg -= flow[j];
        }
      }
      o[i] = ratio(pos, neg);
    }
  });
  return out;
}

function ratio(pos: number, neg: number): number {
  const t = pos + neg;
  return t < 1 ? 0 : 100 * (pos / t);
}

export class MFI implements StreamingIndicator<number> {
  private readonly flows: Ring;
  private prevTp = NaN;
  private pos = 0;
  private neg = 0;
  private steps = 0;
  private readonly every: number;
  private v: number | undefined = undefined;

  constructor(readonly period = 14) {
    ensurePeriod('mfi', 'period', period);
    this.flows = new Ring(period);
    this.every = resumInterval(period);
  }

  update(bar: BarLike): number | undefined {
    const { high, low, close, volume } = bar;
    if (high !== high || low !== low || close !== close || volume !== volume) {
      this.reset();
      return undefined;
    }
    const tp = (high + low + close) / 3;
    const prev = this.prevTp;
    this.prevTp = tp;
    if (prev !== prev) return undefined;
    const f = tp * volume;
    const a = tp > prev ? f : tp < prev ? -f : 0;
    const wasFull = this.flows.full;
    const b = this.flows.push(a);
    if (a > 0) this.pos += a;
    else this.neg -= a;
    if (wasFull) {
      if (b > 0) this.pos -= b;
      else this.neg += b;
      if (++this.steps === this.every) {
        this.steps = 0;
        this.pos = 0;
        this.neg = 0;
        for (let j = 0; j < this.period; j++) {
          const x = this.flows.at(j);
          if (x > 0) this.pos += x;
          else this.neg -= x;
        }
      }
    }
    this.v = this.flows.full ? ratio(this.pos, this.neg) : undefined;
    return this.v;
  }

  get isReady(): boolean {
    return this.v !== undefined;
  }

  get value(): number | undefined {
    return this.v;
  }

  reset(): void {
    this.flows.clear();
    this.prevTp = NaN;
    this.pos = 0;
    this.neg = 0;
    this.steps = 0;
    this.v = undefined;
  }
}
