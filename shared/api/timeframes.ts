/**
 * Bar timeframes on the wire. A bar's `time` is the open time of its bucket in epoch ms UTC.
 * Buckets up to 4h are aligned to multiples of their length since the Unix epoch; `1d` to 00:00 UTC
 * (FX: 17:00 New York, the FX trading-day convention); `1w` to Monday 00:00 UTC.
 */
export const TIMEFRAMES = ['1m', '5m', '15m', '1h', '4h', '1d', '1w'] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];

const MINUTE = 60_000;
export const TIMEFRAME_MS: Readonly<Record<Timeframe, number>> = {
  '1m': MINUTE,
  '5m': 5 * MINUTE,
  '15m': 15 * MINUTE,
  '1h': 60 * MINUTE,
  '4h': 240 * MINUTE,
  '1d': 1440 * MINUTE,
  '1w': 7 * 1440 * MINUTE,
};

export function isTimeframe(s: string): s is Timeframe {
  return (TIMEFRAMES as readonly string[]).includes(s);
}
