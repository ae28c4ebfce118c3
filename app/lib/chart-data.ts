/** Bar columns as the gateway sends them (number[]) or as packed for workers (Float64Array). */
export interface ColumnsLike {
  time: ArrayLike<number>;
  open: ArrayLike<number>;
  high: ArrayLike<number>;
  low: ArrayLike<number>;
  close: ArrayLike<number>;
  volume: ArrayLike<number>;
}

// Conversions from the gateway's column layout to lightweight-charts' row objects. Kept free of the chart
// library's runtime so it is unit-testable; the types are structurally what CandlestickSeries / HistogramSeries take.

/** lightweight-charts' UTCTimestamp: seconds since the epoch. */
export type ChartTime = number & { readonly __chartTime: unique symbol };

export interface CandleRow {
  time: ChartTime;
  open: number;
  high: number;
  low: number;
  close: number;
}

export interface VolumeRow {
  time: ChartTime;
  value: number;
  color: string;
}

export const UP_COLOR = '#26a69a';
export const DOWN_COLOR = '#ef5350';
export const UP_VOLUME = 'rgba(38, 166, 154, 0.45)';
export const DOWN_VOLUME = 'rgba(239, 83, 80, 0.45)';

export function toChartTime(ms: number): ChartTime {
  return Math.floor(ms / 1000) as ChartTime;
}

export function fromChartTime(t: number): number {
  return t * 1000;
}

export interface ChartRows {
  candles: CandleRow[];
  volume: VolumeRow[];
  /** Rows the gateway sent that we dropped (non-finite prices, or times not strictly increasing). */
  dropped: number;
}

/**
 * Columns -> chart rows. lightweight-charts throws on unsorted or duplicate times, which would blank the whole
 * chart, so a bad row is dropped and counted (the view reports the count) instead.
 */
export function columnsToRows(c: ColumnsLike): ChartRows {
  const n = Math.min(c.time.length, c.open.length, c.high.length, c.low.length, c.close.length);
  const candles: CandleRow[] = [];
  const volume: VolumeRow[] = [];
  let last = -Infinity;
  let dropped = Math.max(c.time.length, c.open.length, c.high.length, c.low.length, c.close.length) - n;
  for (let i = 0; i < n; i++) {
    const t = toChartTime(c.time[i]);
    const o = c.open[i];
    const h = c.high[i];
    const l = c.low[i];
    const cl = c.close[i];
    if (!(t > last) || !Number.isFinite(o) || !Number.isFinite(h) || !Number.isFinite(l) || !Number.isFinite(cl)) {
      dropped++;
      continue;
    }
    last = t;
    candles.push({ time: t, open: o, high: h, low: l, close: cl });
    const v = c.volume[i];
    volume.push({ time: t, value: Number.isFinite(v) ? v : 0, color: cl >= o ? UP_VOLUME : DOWN_VOLUME });
  }
  return { candles, volume, dropped };
}
