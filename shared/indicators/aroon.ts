import type { BarLike, StreamingIndicator } from './types.ts';
import { anyColumnNaN, optimistic, outArray } from './core/segments.ts';
import { ensurePeriod } from './core/errors.ts';
import { SlidingExtreme } from './core/extrema.ts';

export type AroonOutputs = { readonly up: number; readonly down: number; readonly osc: number };
export type AroonColumns = { up: Float64Array; down: Float64Array; osc: Float64Array };

/**
 * Aroon (TA-Lib AROON / AROONOSC): over the last period+1 bars, up = 100*(period - bars since the highest high)/period,
 * down likewise with the lowest low; on ties the most recent extreme counts. osc = up - down. First value at `period`.
 */
export function aroon(high: Float64Array, low: Float64Array, period = 14, out: AroonColumns = { up: outArray(high.length), down: outArray(high.length), osc: outArray(high.length) }): AroonColumns {
  ensurePeriod('aroon', 'period', period);
  optimistic([high, low], [out.up, out.down, out.osc], [period, period, period], ([h, l], [up, down, osc]) => {
    const n = h.length;
    if (n <= period) return anyColumnNaN([h, l]);
    return aroonFast(h, l, up, down, osc, period) ? aroonSafe(h, l, up, down, osc, period) : false;
  });
  return out;
}

/**
 * The usual case: new extremes taken as 0/1 blends (x*c + v*(1-c), exact while the inputs are finite, since one
 * term is then 0) instead of a branch per bar. Returns true when a non-finite input was met (an infinite price
 * would turn a blend into NaN): the caller then reruns aroonSafe.
 */
function aroonFast(h: Float64Array, l: Float64Array, up: Float64Array, down: Float64Array, osc: Float64Array, period: number): boolean {
  const n = h.length;
  let chk = 0; // comparisons skip a NaN, so the inputs are summed too: a NaN sum means a NaN was met
  const factor = 100 / period;
  // Window of period+1 bars; newest extreme on ties; rescan when the extreme leaves (see core/extrema.ts).
  const w = period + 1;
  let hi = -1;
  let hv = 0;
  let li = -1;
  let lv = 0;
  for (let i = 0; i < n; i++) {
    chk += h[i] + l[i];
    if (hi <= i - w) {
      const start = i - w + 1 > 0 ? i - w + 1 : 0;
      hi = start;
      hv = h[start];
      for (let j = start + 1; j <= i; j++) {
        if (h[j] >= hv) {
          hv = h[j];
          hi = j;
        }
      }
    } else {
      // New extreme (>=: newest on ties) as a 0/1 blend, exact (one term is 0): a ternary / if on doubles is a
      // branch in V8, mispredicted at every new high.
      const x = h[i];
      const c = +(x >= hv);
      hv = x * c + hv * (1 - c);
      hi += (i - hi) * c;
    }
    if (li <= i - w) {
      const start = i - w + 1 > 0 ? i - w + 1 : 0;
      li = start;
      lv = l[start];
      for (let j = start + 1; j <= i; j++) {
        if (l[j] <= lv) {
          lv = l[j];
          li = j;
        }
      }
    } else {
      const x = l[i];
      const c = +(x <= lv);
      lv = x * c + lv * (1 - c);
      li += (i - li) * c;
    }
    if (i >= period) {
      const u = factor * (period - (i - hi));
      const d = factor * (period - (i - li));
      up[i] = u;
      down[i] = d;
      osc[i] = u - d;
    }
  }
  return chk - chk !== 0; // NaN or infinite sum: a NaN or an infinity was met
}

/** Branching form (exact for any input, including infinities); returns true when a NaN was met. */
function aroonSafe(h: Float64Array, l: Float64Array, up: Float64Array, down: Float64Array, osc: Float64Array, period: number): boolean {
  const n = h.length;
  let chk = 0; // comparisons skip a NaN, so the inputs are summed too: a NaN sum means a NaN was met
  const factor = 100 / period;
  // Window of period+1 bars; newest extreme on ties; rescan when the extreme leaves (see core/extrema.ts).
  const w = period + 1;
  let hi = -1;
  let hv = 0;
  let li = -1;
  let lv = 0;
  for (let i = 0; i < n; i++) {
    chk += h[i] + l[i];
    if (hi <= i - w) {
      const start = i - w + 1 > 0 ? i - w + 1 : 0;
      hi = start;
      hv = h[start];
      for (let j = start + 1; j <= i; j++) {
        if (h[j] >= hv) {
          hv = h[j];
          hi = j;
        }
      }
    } else if (h[i] >= hv) {
      hv = h[i];
      hi = i;
    }
    if (li <= i - w) {
      const start = i - w + 1 > 0 ? i - w + 1 : 0;
      li = start;
      lv = l[start];
      for (let j = start + 1; j <= i; j++) {
        if (l[j] <= lv) {
          lv = l[j];
          li = j;
        }
      }
    } else if (l[i] <= lv) {
      lv = l[i];
      li = i;
    }
    if (i >= period) {
      const u = factor * (period - (i - hi));
      const d = factor * (period - (i - li));
      up[i] = u;
      down[i] = d;
      osc[i] = u - d;
    }
  }
  return chk !== chk;
}

export class Aroon implements StreamingIndicator<AroonOutputs> {
  private readonly hh: SlidingExtreme;
  private readonly ll: SlidingExtreme;
  private readonly factor: number;
  private v: AroonOutputs | undefined = undefined;

  constructor(readonly period = 14) {
    ensurePeriod('aroon', 'period', period);
    this.hh = new SlidingExtreme(period + 1, true);
    this.ll = new SlidingExtreme(period + 1, false);
    this.factor = 100 / period;
  }

  update(bar: BarLike): AroonOutputs | undefined {
    const { high, low } = bar;
    if (high !== high || low !== low) {
      this.reset();
      return undefined;
    }
    this.hh.push(high);
    this.ll.push(low);
    if (this.hh.count <= this.period) return undefined;
    const up = this.factor * (this.period - this.hh.age);
    const down = this.factor * (this.period - this.ll.age);
    this.v = { up, down, osc: up - down };
    return this.v;
  }

  get isReady(): boolean {
    return this.v !== undefined;
  }

  get value(): AroonOutputs | undefined {
    return this.v;
  }

  reset(): void {
    this.hh.reset();
    this.ll.reset();
    this.v = undefined;
  }
}
