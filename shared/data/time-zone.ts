/**
 * Wall-clock time in an IANA time zone -> epoch ms UTC, using only ECMAScript Intl (works in browser, worker, Node).
 * Offsets are cached per zone and UTC hour, so a million rows cost a few thousand Intl calls, not a million.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, Map<number, number>>();
const HOUR = 3_600_000;

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** True when `tz` is UTC-equivalent and needs no conversion. */
export function isUtc(tz: string | undefined): boolean {
  return tz === undefined || tz === '' || tz === 'UTC' || tz === 'Etc/UTC' || tz === 'GMT' || tz === 'Z';
}

/** Throws a clear error for an unknown zone name (better at option parsing than per row). */
export function ensureTimeZone(tz: string): string {
  if (isUtc(tz)) return 'UTC';
  const fixed = parseFixedOffset(tz);
  if (fixed !== undefined) return tz;
  try {
    formatter(tz);
  } catch {
    throw new RangeError(`unknown time zone '${tz}': use an IANA name such as 'America/New_York' or an offset such as '+02:00'`);
  }
  return tz;
}

/** '+02:00', '-0530', 'UTC+3' -> offset in ms; undefined when not a fixed offset. */
export function parseFixedOffset(tz: string): number | undefined {
  const m = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(tz);
  if (!m) return undefined;
  const sign = m[1] === '-' ? -1 : 1;
  return sign * (Number(m[2]) * 60 + Number(m[3] ?? 0)) * 60_000;
}

/** The zone's offset from UTC (ms, local = utc + offset) at the UTC instant `utcMs`. */
export function zoneOffsetAt(tz: string, utcMs: number): number {
  if (isUtc(tz)) return 0;
  const fixed = parseFixedOffset(tz);
  if (fixed !== undefined) return fixed;
  let cache = offsetCache.get(tz);
  if (!cache) {
    cache = new Map();
    offsetCache.set(tz, cache);
  }
  const hourKey = Math.floor(utcMs / HOUR);
  const hit = cache.get(hourKey);
  if (hit !== undefined) return hit;
  const parts = formatter(tz).formatToParts(new Date(hourKey * HOUR));
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  const off = asUtc - hourKey * HOUR;
  cache.set(hourKey, off);
  return off;
}

/**
 * Epoch ms of a local wall-clock time (given as if it were UTC: `wallMs = Date.UTC(y, m, d, h, ...)`) in zone `tz`.
 * In a DST gap (a wall time that never happened) the result moves forward by the gap, like most libraries;
 * in an overlap (a wall time that happened twice) the earlier instant is chosen.
 */
export function wallTimeToUtc(wallMs: number, tz: string): number {
  if (isUtc(tz)) return wallMs;
  const fixed = parseFixedOffset(tz);
  if (fixed !== undefined) return wallMs - fixed;
  // Offsets a day either side bracket any transition (zones change at most once a day).
  const before = wallMs - zoneOffsetAt(tz, wallMs - 86_400_000);
  const after = wallMs - zoneOffsetAt(tz, wallMs + 86_400_000);
  const okBefore = before + zoneOffsetAt(tz, before) === wallMs;
  const okAfter = after + zoneOffsetAt(tz, after) === wallMs;
  if (okBefore && okAfter) return Math.min(before, after);
  if (okBefore) return before;
  if (okAfter) return after;
  return before; // in a gap: the pre-transition offset moves the time forward by the gap
}

/** UTC epoch ms -> wall-clock fields in `tz` (for session calendars). */
export function utcToWall(utcMs: number, tz: string): number {
  return utcMs + zoneOffsetAt(tz, utcMs);
}
