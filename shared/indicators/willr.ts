import type { BarLike, StreamingIndicator } from './types.ts';
import { anyColumnNaN, optimistic, outArray } from './core/segments.ts';
import { ensurePeriod } from './core/errors.ts';
import { scratch } from './core/scratch.ts';
import { rollingHighLow, SlidingExtreme } from './core/extrema.ts';

/** %R = -100 * (HH - close) / (HH - LL), 0 when HH == LL (TA-Lib's rule; one division instead of TA-Lib's two). */
function pctR(close: number, hh: number, ll: number): number {
  const range = hh - ll;
  return range !== 0 ? ((hh - close) / range) * -100 : 0;
}

/** Williams %R over `period` bars (TA-Lib WILLR). First value at period-1. */
export function willr(high: Float64Array, low: Float64Array, close: Float64Array, period = 14, out: Float64Array = outArray(close.length)): Float64Array {
  ensurePeriod('willr', 'period', period);
  optimistic([high, low, close], [out], [period - 1], ([h, l, c], [o]) => {
    const n = c.length;
    if (n < period) return anyColumnNaN([h, l, c]);
    // Rolling HH / LL by van Herk / Gil-Werman, block by block (blocks of `period` bars): the window ending at bar i
    // of block k is the suffix of block k-1 from i-period+1 (running max/min from the block's end) joined with the
    // prefix of block k up to i. One loop per block runs block k's prefix, its suffix (kept for block k+1 in a small
    // buffer, so nothing but the output is written to memory) and the %R. Fixed work per bar and no data-dependent
    // branches: each max/min is an exact 0/1 blend (x*c + m*(1-c)), as V8 compiles a ternary on doubles to an
    // unpredictable branch; the two chains of each column overlap in one loop.
    const p = period;
    let oldH = new Float64Array(p + 1);
    let oldL = new Float64Array(p + 1);
    let newH = new Float64Array(p + 1);
    let newL = new Float64Array(p + 1);
    // Block 0 has no previous block: a "suffix" equal to its first bar is neutral against its prefixes.
    oldH.fill(h[0]);
    oldL.fill(l[0]);
    // Comparisons and blends do not report a NaN reliably, so every input is summed (NaN sum = NaN met).
    let chk = 0;
    for (let b0 = 0; b0 < n; b0 += p) {
      const e = b0 + p < n ? b0 + p : n;
      const len = e - b0;
      oldH[p] = h[b0];
      oldL[p] = l[b0];
      let sx = h[e - 1];
      let sn = l[e - 1];
      let px = h[b0];
      let pn = l[b0];
      for (let t = 0; t < len; t++) {
        const j = e - 1 - t;
        const a = h[j];
        const b = l[j];
        const ca = +(a > sx);
        sx = a * ca + sx * (1 - ca);
        const cb = +(b < sn);
        sn = b * cb + sn * (1 - cb);
        newH[j - b0] = sx;
        newL[j - b0] = sn;
        const i = b0 + t;
        const a2 = h[i];
        const b2 = l[i];
        const ci = c[i];
        chk += a2 + b2 + ci;
        const ca2 = +(a2 > px);
        px = a2 * ca2 + px * (1 - ca2);
        const cb2 = +(b2 < pn);
        pn = b2 * cb2 + pn * (1 - cb2);
        const s1 = oldH[t + 1];
        const s2 = oldL[t + 1];
        const c1 = +(s1 > px);
        const hh = s1 * c1 + px * (1 - c1);
        const c2 = +(s2 < pn);
        const range = hh - (s2 * c2 + pn * (1 - c2));
        o[i] = range !== 0 ? ((hh - ci) / range) * -100 : 0;
      }
      let tmp = oldH;
      oldH = newH;
      newH = tmp;
      tmp = oldL;
      oldL = newL;
      newL = tmp;
    }
    o.fill(NaN, 0, p - 1); // the warm-up rows were written with partial windows
    // A blend with an infinite price gives NaN (Inf*0): on any non-finite input, redo it with the branching path.
    if (chk - chk !== 0) return willrBranching(h, l, c, p, o);
    return false;
  });
  return out;
}

/** The rolling-extreme (branching) %R for inputs with an infinite value; returns true when an input was NaN. */
function willrBranching(h: Float64Array, l: Float64Array, c: Float64Array, period: number, o: Float64Array): boolean {
  const n = c.length;
  const ll = scratch(0, n);
  let bad = rollingHighLow(h, l, period, o, ll);
  let chk = 0;
  for (let i = 0; i < period - 1; i++) chk += c[i];
  for (let i = period - 1; i < n; i++) {
    const hh = o[i];
    const ci = c[i];
    chk += ci;
    const range = hh - ll[i];
    o[i] = range !== 0 ? ((hh - ci) / range) * -100 : 0;
  }
  if (chk !== chk) bad = true;
  return bad;
}

export class WilliamsR implements StreamingIndicator<number> {
  private readonly hh: SlidingExtreme;
  private readonly ll: SlidingExtreme;
  private v: number | undefined = undefined;

  constructor(readonly period = 14) {
    ensurePeriod('willr', 'period', period);
    this.hh = new SlidingExtreme(period, true);
    this.ll = new SlidingExtreme(period, false);
  }

  update(bar: BarLike): number | undefined {
    const { high, low, close } = bar;
    if (high !== high || low !== low || close !== close) {
      this.reset();
      return undefined;
    }
    const hh = this.hh.push(high);
    const ll = this.ll.push(low);
    this.v = this.hh.count < this.period ? undefined : pctR(close, hh, ll);
    return this.v;
  }

  get isReady(): boolean {
    return this.v !== undefined;
  }

  get value(): number | undefined {
    return this.v;
  }

  reset(): void {
    this.hh.reset();
    this.ll.reset();
    this.v = undefined;
  }
}
