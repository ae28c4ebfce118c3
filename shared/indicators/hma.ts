import type { BarLike, SeriesIndicator } from './types.ts';
import { forEachSegment, outArray } from './core/segments.ts';
import { ensurePeriod } from './core/errors.ts';
import { WMA, WMA_RESUM } from './wma.ts';
import { resumInterval } from './core/ring.ts';

/**
 * Hull moving average: WMA(2*WMA(x, floor(p/2)) - WMA(x, p), floor(sqrt(p))). First value at p-1 + floor(sqrt(p))-1.
 * Same definition as TradingView's ta.hma. Needs period >= 2.
 */
export function hma(src: Float64Array, period: number, out: Float64Array = outArray(src.length)): Float64Array {
  ensurePeriod('hma', 'period', period, 2);
  forEachSegment([src], [out], [period - 1 + Math.floor(Math.sqrt(period)) - 1], ([x], [o]) => hmaKernel(x, o, period));
  return out;
}

/**
 * One pass, three WMA states (half, full, and the final WMA over the raw series in a ring of floor(sqrt(p))),
 * running exactly the operations of three chained WMA streams (same re-sum schedule), so batch and streaming agree
 * bit for bit and no intermediate column is allocated.
 */
function hmaKernel(x: Float64Array, o: Float64Array, p: number): void {
  const n = x.length;
  if (n < p) return;
  const h = Math.floor(p / 2);
  const q = Math.floor(Math.sqrt(p));
  const invA = 1 / ((h * (h + 1)) / 2);
  const invB = 1 / ((p * (p + 1)) / 2);
  const invC = 1 / ((q * (q + 1)) / 2);
  const everyA = resumInterval(h, WMA_RESUM);
  const everyB = resumInterval(p, WMA_RESUM);
  const everyC = resumInterval(q, WMA_RESUM);
  const ring = new Float64Array(q);
  let wA = 0, sA = 0, stA = 0;
  let wB = 0, sB = 0, stB = 0;
  let wC = 0, sC = 0, stC = 0;
  let head = 0; // oldest raw value in the ring once it is full
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (i < h) {
      wA += v * (i + 1);
      sA += v;
    } else {
      wA += h * v - sA;
      sA += v - x[i - h];
      if (++stA === everyA) {
        stA = 0;
        wA = 0;
        sA = 0;
        for (let j = 0; j < h; j++) {
          const u = x[i - h + 1 + j];
          wA += u * (j + 1);
          sA += u;
        }
      }
    }
    if (i < p) {
      wB += v * (i + 1);
      sB += v;
    } else {
      wB += p * v - sB;
      sB += v - x[i - p];
      if (++stB === everyB) {
        stB = 0;
        wB = 0;
        sB = 0;
        for (let j = 0; j < p; j++) {
          const u = x[i - p + 1 + j];
          wB += u * (j + 1);
          sB += u;
        }
      }
    }
    if (i < p - 1) continue;
    const raw = 2 * (wA * invA) - wB * invB;
    const j = i - (p - 1);
    if (j < q) {
      wC += raw * (j + 1);
      sC += raw;
      ring[j] = raw;
      if (j < q - 1) continue;
    } else {
      const old = ring[head];
      ring[head] = raw;
      head = head + 1 === q ? 0 : head + 1;
      wC += q * raw - sC;
      sC += raw - old;
      if (++stC === everyC) {
        stC = 0;
        wC = 0;
        sC = 0;
        for (let k = 0; k < q; k++) {
          const u = ring[(head + k) % q];
          wC += u * (k + 1);
          sC += u;
        }
      }
    }
    o[i] = wC * invC;
  }
}

export class HMA implements SeriesIndicator {
  private readonly half: WMA;
  private readonly full: WMA;
  private readonly smooth: WMA;
  private v: number | undefined = undefined;

  constructor(readonly period: number) {
    ensurePeriod('hma', 'period', period, 2);
    this.half = new WMA(Math.floor(period / 2));
    this.full = new WMA(period);
    this.smooth = new WMA(Math.floor(Math.sqrt(period)));
  }

  push(x: number): number | undefined {
    if (x !== x) {
      this.reset();
      return undefined;
    }
    const h = this.half.push(x);
    const f = this.full.push(x);
    if (h === undefined || f === undefined) return undefined;
    this.v = this.smooth.push(2 * h - f);
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
    this.half.reset();
    this.full.reset();
    this.smooth.reset();
    this.v = undefined;
  }
}
