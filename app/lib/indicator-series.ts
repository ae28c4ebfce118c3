import { INDICATORS, computeBatch, findIndicator, resolveParams, type IndicatorDef } from '../../shared/indicators/index.ts';
import type { ChartRows, ChartTime } from './chart-data.ts';

// Indicators on the chart: which are shown (per tab), how they are computed and how their outputs become
// chart lines. The maths is the shared registry's; this module only shapes inputs and outputs.

export interface ActiveIndicator {
  uid: string;
  id: string;
  params: Record<string, number>;
  color: string;
}

export interface IndicatorPoint {
  time: ChartTime;
  value: number;
}

export interface IndicatorLine {
  output: string;
  kind: 'line' | 'histogram';
  color: string;
  points: IndicatorPoint[];
}

export interface ComputedIndicator {
  uid: string;
  id: string;
  label: string;
  placement: 'overlay' | 'pane';
  levels: readonly number[];
  range?: readonly [number, number];
  lines: IndicatorLine[];
  /** Where it was computed: 'webgpu', 'cpu' (worker/twins) or 'cpu-main' (the registry's batch function here). */
  backend: 'webgpu' | 'cpu' | 'cpu-main';
  /** Set when the indicator could not be computed; the chart shows this instead of lines. */
  error?: string;
}

/** Computes one indicator's outputs over the bars: one array per output name, NaN during warm-up. */
export type IndicatorComputer = (
  id: string,
  cols: BarColumnsF64,
  params: Record<string, number>,
) => Promise<{ outputs: Record<string, ArrayLike<number>>; backend: ComputedIndicator['backend'] }>;

export interface BarColumnsF64 {
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

export const INDICATOR_COLORS = ['#f0b429', '#58a6ff', '#d2a8ff', '#ff7b72', '#3fb950', '#ffa657', '#79c0ff', '#f778ba'];

export function availableIndicators(): readonly IndicatorDef[] {
  return INDICATORS;
}

/** 'EMA 20', 'MACD 12, 26, 9', 'BBANDS 20, 2'. */
export function indicatorLabel(id: string, params: Record<string, number>): string {
  const def = findIndicator(id);
  if (!def) return id.toUpperCase();
  const values = def.params.map((p) => (p.choices ? (p.choices[params[p.name]] ?? params[p.name]) : params[p.name]));
  return `${def.id.toUpperCase()}${values.length ? ` ${values.join(', ')}` : ''}`;
}

export function rowsToColumns(rows: ChartRows): BarColumnsF64 {
  const n = rows.candles.length;
  const c: BarColumnsF64 = {
    time: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const r = rows.candles[i];
    c.time[i] = r.time * 1000;
    c.open[i] = r.open;
    c.high[i] = r.high;
    c.low[i] = r.low;
    c.close[i] = r.close;
    c.volume[i] = rows.volume[i]?.value ?? 0;
  }
  return c;
}

/** The registry's batch function on this thread: exact (float64), and fast enough for a chart's few thousand bars. */
export const computeOnMainThread: IndicatorComputer = async (id, cols, params) => ({
  outputs: computeBatch(id, cols, params),
  backend: 'cpu-main',
});

/** Lightness step so the outputs of one indicator (bands, MACD lines) are told apart but stay related. */
function shade(hex: string, i: number): string {
  if (i === 0) return hex;
  const n = parseInt(hex.slice(1), 16);
  const f = i === 1 ? 0.65 : 0.45;
  const mix = (c: number) => Math.round(c * f + 255 * (1 - f) * 0.25);
  return `#${[(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => mix(c).toString(16).padStart(2, '0')).join('')}`;
}

/** Outputs -> chart lines; warm-up NaNs are left out so a line starts where the indicator is defined. */
export function toIndicatorLines(
  def: IndicatorDef,
  times: readonly ChartTime[],
  outputs: Record<string, ArrayLike<number>>,
  color: string,
): IndicatorLine[] {
  return def.outputs.map((name, i) => {
    const values = outputs[name];
    const points: IndicatorPoint[] = [];
    if (values) {
      for (let t = 0; t < times.length && t < values.length; t++) {
        const v = values[t];
        if (Number.isFinite(v)) points.push({ time: times[t], value: v });
      }
    }
    const kind = name === 'histogram' ? 'histogram' : 'line';
    return { output: name, kind, color: shade(color, i), points };
  });
}

export async function computeIndicator(
  ind: ActiveIndicator,
  rows: ChartRows,
  cols: BarColumnsF64,
  compute: IndicatorComputer,
): Promise<ComputedIndicator> {
  const def = findIndicator(ind.id);
  const label = indicatorLabel(ind.id, ind.params);
  if (!def) {
    return { uid: ind.uid, id: ind.id, label, placement: 'overlay', levels: [], lines: [], backend: 'cpu-main', error: `Unknown indicator '${ind.id}'` };
  }
  const base = {
    uid: ind.uid,
    id: def.id,
    label,
    placement: def.display.placement,
    levels: def.display.levels ?? [],
    range: def.display.range,
  };
  try {
    const params = resolveParams(def, ind.params);
    const { outputs, backend } = await compute(def.id, cols, params);
    const times = rows.candles.map((c) => c.time);
    return { ...base, lines: toIndicatorLines(def, times, outputs, ind.color), backend };
  } catch (err) {
    return { ...base, lines: [], backend: 'cpu-main', error: err instanceof Error ? err.message : String(err) };
  }
}
