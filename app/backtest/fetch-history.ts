import type { ApiClient } from '../api/client.ts';
import { TIMEFRAME_MS, isTimeframe } from '../../shared/api/timeframes.ts';

// The whole history the gateway holds for an instrument and timeframe. One request may return at most 100 000
// bars (shared/api/bars.ts MAX_BARS_PER_REQUEST), so long intraday histories are fetched in windows below that,
// two at a time, and packed into Float64Arrays that can be transferred to the backtest worker without a copy.

/** Bars per request window: under the gateway's 100 000 limit with room for session gaps and rounding. */
export const WINDOW_BARS = 90_000;

export interface History {
  synthetic: boolean;
  columns: { time: Float64Array; open: Float64Array; high: Float64Array; low: Float64Array; close: Float64Array; volume: Float64Array };
}

type Cols = { time: number[]; open: number[]; high: number[]; low: number[]; close: number[]; volume: number[] };
const KEYS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;

/** [from, to] windows (inclusive, epoch ms) covering the range with at most `perWindow` bars each. */
export function windows(from: number, to: number, tfMs: number, perWindow = WINDOW_BARS): [number, number][] {
  const out: [number, number][] = [];
  const span = perWindow * tfMs;
  for (let a = from; a <= to; a += span) out.push([a, Math.min(to, a + span - 1)]);
  return out;
}

export async function fetchHistory(
  api: ApiClient,
  instrument: string,
  timeframe: string,
  onProgress?: (loaded: number, expected: number) => void,
): Promise<History> {
  const info = (await api.instruments()).instruments.find((i) => i.id === instrument);
  const tfMs = isTimeframe(timeframe) ? TIMEFRAME_MS[timeframe] : undefined;
  let parts: { synthetic: boolean; columns: Cols }[];
  if (!info || info.from === undefined || info.to === undefined || tfMs === undefined || (info.to - info.from) / tfMs < WINDOW_BARS) {
    // Short history (or range unknown): one request for all of it.
    const r = await api.bars({ instrument, timeframe, from: info?.from, to: info?.to });
    onProgress?.(r.count, r.count);
    parts = [r];
  } else {
    const ws = windows(info.from, info.to, tfMs);
    const expected = Math.round((info.to - info.from) / tfMs) + 1;
    parts = new Array(ws.length);
    let loaded = 0;
    let next = 0;
    const worker = async () => {
      while (next < ws.length) {
        const k = next++;
        const [from, to] = ws[k];
        const r = await api.bars({ instrument, timeframe, from, to });
        parts[k] = r;
        loaded += r.count;
        onProgress?.(loaded, Math.max(expected, loaded));
      }
    };
    await Promise.all([worker(), worker()]);
  }
  let n = 0;
  for (const p of parts) n += p.columns.time.length;
  const columns = Object.fromEntries(KEYS.map((k) => [k, new Float64Array(n)])) as History['columns'];
  let at = 0;
  let lastTime = -Infinity;
  for (const p of parts) {
    const len = p.columns.time.length;
    // Windows do not overlap, but guard anyway: the backtest needs strictly increasing times.
    let skip = 0;
    while (skip < len && p.columns.time[skip] <= lastTime) skip++;
    for (const k of KEYS) columns[k].set(p.columns[k].slice(skip), at);
    at += len - skip;
    if (len > skip) lastTime = p.columns.time[len - 1];
  }
  const trimmed = at === n ? columns : (Object.fromEntries(KEYS.map((k) => [k, columns[k].slice(0, at)])) as History['columns']);
  return { synthetic: parts.some((p) => p.synthetic), columns: trimmed };
}
