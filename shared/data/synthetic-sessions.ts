/**
 * Trading sessions of the synthetic instruments, in epoch ms UTC, with the New York clock they follow.
 *
 * US Eastern time is computed from the US daylight-saving rule in force since 2007 (second Sunday of March 02:00
 * local to first Sunday of November 02:00 local) rather than through Intl: the generator asks for it once per day
 * and per bucket, and a closed-form rule is both faster and identical on every host. Tests check it against Intl.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/**
 * - `crypto-24x7`: open every minute of every day.
 * - `fx-24x5`: Sunday 17:00 New York to Friday 17:00 New York.
 * - `nyse`: 09:30-16:00 New York, Monday to Friday (exchange holidays are not modelled).
 */
export type SessionKind = 'crypto-24x7' | 'fx-24x5' | 'nyse';

const dstCache = new Map<number, readonly [number, number]>();

function nthSundayUtc(year: number, month0: number, n: number): number {
  const first = Date.UTC(year, month0, 1);
  const dow = new Date(first).getUTCDay();
  const firstSunday = 1 + ((7 - dow) % 7);
  return Date.UTC(year, month0, firstSunday + 7 * (n - 1));
}

/** [start, end) of US daylight saving time in `year`, epoch ms UTC. */
function usDstBounds(year: number): readonly [number, number] {
  let b = dstCache.get(year);
  if (!b) {
    // 02:00 EST = 07:00 UTC when DST starts; 02:00 EDT = 06:00 UTC when it ends.
    b = [nthSundayUtc(year, 2, 2) + 7 * HOUR_MS, nthSundayUtc(year, 10, 1) + 6 * HOUR_MS] as const;
    dstCache.set(year, b);
  }
  return b;
}

/** UTC offset of New York at instant `t`, in minutes: -240 (EDT) or -300 (EST). */
export function newYorkOffsetMinutes(t: number): number {
  const [start, end] = usDstBounds(new Date(t).getUTCFullYear());
  return t >= start && t < end ? -240 : -300;
}

/** Day of week of a UTC day index (days since 1970-01-01, a Thursday): 0 = Sunday .. 6 = Saturday. */
export function dayOfWeek(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/**
 * The open interval of a session kind on UTC day `day` (days since the epoch): [open, close) in epoch ms, or
 * undefined when closed all day. Every kind has at most one interval per UTC day, and both ends are whole minutes.
 */
export function sessionOfDay(kind: SessionKind, day: number): readonly [number, number] | undefined {
  const d0 = day * DAY_MS;
  const dow = dayOfWeek(day);
  switch (kind) {
    case 'crypto-24x7':
      return [d0, d0 + DAY_MS];
    case 'nyse': {
      if (dow === 0 || dow === 6) return undefined;
      // DST switches on a Sunday, so noon UTC of a weekday has the offset of its whole session.
      const off = newYorkOffsetMinutes(d0 + 12 * HOUR_MS) * MINUTE_MS;
      return [d0 + 9.5 * HOUR_MS - off, d0 + 16 * HOUR_MS - off];
    }
    case 'fx-24x5': {
      if (dow === 6) return undefined;
      // Sunday's 17:00 New York comes after that day's 02:00 DST switch, so 20:00 UTC carries the right offset.
      if (dow === 0) return [d0 + 17 * HOUR_MS - newYorkOffsetMinutes(d0 + 20 * HOUR_MS) * MINUTE_MS, d0 + DAY_MS];
      if (dow === 5) return [d0, d0 + 17 * HOUR_MS - newYorkOffsetMinutes(d0 + 12 * HOUR_MS) * MINUTE_MS];
      return [d0, d0 + DAY_MS];
    }
  }
}

/**
 * Start of the FX trading day containing `t`: the latest 17:00 New York at or before `t` (the FX convention for
 * daily bars, so a week has five daily bars, Monday's starting Sunday 17:00 New York).
 */
export function fxTradingDayStart(t: number): number {
  const off = newYorkOffsetMinutes(t) * MINUTE_MS;
  const local = t + off;
  return Math.floor((local - 17 * HOUR_MS) / DAY_MS) * DAY_MS + 17 * HOUR_MS - off;
}
