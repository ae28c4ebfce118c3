import type { BarLike, StreamingIndicator } from './types.ts';
import { forEachSegment, outArray } from './core/segments.ts';
import { ensurePeriod, IndicatorParamError } from './core/errors.ts';

/** Where a VWAP restarts: every session (day), week (Monday), month, or never (cumulative over the series). */
export const VWAP_ANCHORS = ['session', 'week', 'month', 'none'] as const;
export type VwapAnchor = (typeof VWAP_ANCHORS)[number];

const DAY_MS = 86_400_000;

/**
 * The anchor period a bar belongs to. `time` is epoch ms UTC; `offsetMinutes` moves the day boundary from 00:00 UTC
 * (e.g. -300 puts it at 00:00 New York winter time; sessions that start at another hour use the same knob: a
 * 17:00 New York forex day is offset +420). Weeks start on Monday.
 */
export function anchorKey(time: number, anchor: VwapAnchor, offsetMinutes: number): number {
  if (anchor === 'none') return 0;
  const t = time + offsetMinutes * 60_000;
  const day = Math.floor(t / DAY_MS);
  if (anchor === 'session') return day;
  if (anchor === 'week') return Math.floor((day + 3) / 7); // 1970-01-01 was a Thursday
  return monthOf(day);
}

function monthOf(day: number): number {
  const d = new Date(day * DAY_MS);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

function toAnchor(anchor: number | VwapAnchor): VwapAnchor {
  const a = typeof anchor === 'number' ? VWAP_ANCHORS[anchor] : anchor;
  if (!a || !VWAP_ANCHORS.includes(a)) throw new IndicatorParamError(`vwap: anchor must be one of ${VWAP_ANCHORS.map((x, i) => `${i}=${x}`).join(', ')}, got ${String(anchor)}`);
  return a;
}

/**
 * Anchored VWAP: sum(tp*volume)/sum(volume) since the start of the bar's anchor period, tp = (h+l+c)/3
 * (TradingView's ta.vwap on hlc3). NaN while the period's volume is still 0. Needs bar times unless anchor is 'none'.
 */
/** One pass over NaN-free (or not) columns; returns true when it met a NaN (its output is then not usable). */
function vwapKernel(h: Float64Array, l: Float64Array, c: Float64Array, v: Float64Array, tt: Float64Array, o: Float64Array, a: VwapAnchor, off: number): boolean {
  const nan = Number.NaN;
  const anchored = a !== 'none';
  let bad = false;
  let pv = 0;
  let vs = 0;
  let key = NaN;
  let day = NaN;
  for (let i = 0; i < c.length; i++) {
    if (anchored) {
      // The anchor key only changes when the day does; month keys need a Date, so compute them per new day only.
      const d = Math.floor((tt[i] + off) / DAY_MS);
      if (d !== day) {
        if (d !== d) bad = true;
        day = d;
        const k = a === 'session' ? d : a === 'week' ? Math.floor((d + 3) / 7) : monthOf(d);
        if (k !== key) {
          key = k;
          pv = 0;
          vs = 0;
        }
      }
    }
    pv += ((h[i] + l[i] + c[i]) / 3) * v[i];
    vs += v[i];
    if (pv !== pv || vs !== vs) bad = true;
    // Divide first, then select: a `cond ? a / b : NaN` in this loop costs V8 ~60% more time.
    const q = pv / vs;
    o[i] = vs !== 0 ? q : nan;
  }
  return bad;
}

export function vwap(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  volume: Float64Array,
  time: Float64Array | undefined,
  anchor: number | VwapAnchor = 'session',
  offsetMinutes = 0,
  out: Float64Array = outArray(close.length),
): Float64Array {
  const a = toAnchor(anchor);
  ensurePeriod('vwap', 'offsetMinutes', offsetMinutes, -1440, 1440);
  if (a !== 'none' && !time) throw new IndicatorParamError(`vwap: anchor '${a}' needs bar times`);
  const off = offsetMinutes * 60_000;
  const t = time ?? close; // not read when the anchor is 'none'
  // Optimistic single pass: a NaN in any input shows up in the running sums (or the day number) on that bar, so the
  // kernel reports it and only then is the series split at its NaN rows. This saves a separate NaN scan per column.
  if (!vwapKernel(high, low, close, volume, t, out, a, off)) return out;
  const ins = a === 'none' ? [high, low, close, volume] : [high, low, close, volume, t];
  forEachSegment(ins, [out], [0], ([h, l, c, v, tt], [o]) => {
    vwapKernel(h, l, c, v, tt ?? c, o, a, off);
  });
  return out;
}

export class VWAP implements StreamingIndicator<number> {
  private key = NaN;
  private pv = 0;
  private vs = 0;
  private v: number | undefined = undefined;
  readonly anchor: VwapAnchor;

  constructor(anchor: number | VwapAnchor = 'session', readonly offsetMinutes = 0) {
    this.anchor = toAnchor(anchor);
    ensurePeriod('vwap', 'offsetMinutes', offsetMinutes, -1440, 1440);
  }

  update(bar: BarLike): number | undefined {
    const { high, low, close, volume } = bar;
    const time = bar.time ?? 0;
    if (high !== high || low !== low || close !== close || volume !== volume || time !== time) {
      this.reset();
      return undefined;
    }
    if (this.anchor !== 'none' && bar.time === undefined) throw new IndicatorParamError(`vwap: anchor '${this.anchor}' needs bar.time`);
    const k = anchorKey(time, this.anchor, this.offsetMinutes);
    if (k !== this.key) {
      this.key = k;
      this.pv = 0;
      this.vs = 0;
    }
    this.pv += ((high + low + close) / 3) * volume;
    this.vs += volume;
    this.v = this.vs !== 0 ? this.pv / this.vs : undefined;
    return this.v;
  }

  get isReady(): boolean {
    return this.v !== undefined;
  }

  get value(): number | undefined {
    return this.v;
  }

  reset(): void {
    this.key = NaN;
    this.pv = 0;
    this.vs = 0;
    this.v = undefined;
  }
}
