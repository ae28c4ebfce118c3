/**
 * Exchange holidays by rule (NYSE since 2000): New Year, MLK, Presidents, Good Friday, Memorial, Juneteenth (2022+),
 * Independence, Labor, Thanksgiving, Christmas, with NYSE's weekend observance (Saturday -> Friday, Sunday -> Monday;
 * a Saturday New Year is not observed), plus the one-off closures since 2001. Dates are 'YYYY-MM-DD' strings.
 */

function ymd(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Day of week (0 = Sunday) of a civil date. */
export function weekday(y: number, m: number, d: number): number {
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** The n-th (1-based) weekday `wd` of a month; n = -1 for the last. */
function nthWeekday(y: number, m: number, wd: number, n: number): number {
  if (n > 0) {
    const first = weekday(y, m, 1);
    return 1 + ((wd - first + 7) % 7) + (n - 1) * 7;
  }
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const lw = weekday(y, m, last);
  return last - ((lw - wd + 7) % 7);
}

/** Western Easter Sunday (anonymous Gregorian algorithm). */
export function easter(y: number): { m: number; d: number } {
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { m: month, d: day };
}

function observed(y: number, m: number, d: number): string | undefined {
  const wd = weekday(y, m, d);
  if (wd === 6) {
    if (m === 1 && d === 1) return undefined; // NYSE rule 7.2: no Friday closure for a Saturday New Year
    const t = new Date(Date.UTC(y, m - 1, d - 1));
    return ymd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
  }
  if (wd === 0) {
    const t = new Date(Date.UTC(y, m - 1, d + 1));
    return ymd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
  }
  return ymd(y, m, d);
}

const NYSE_SPECIAL = [
  '2001-09-11', '2001-09-12', '2001-09-13', '2001-09-14', // September 11
  '2004-06-11', // President Reagan's funeral
  '2007-01-02', // President Ford's funeral
  '2012-10-29', '2012-10-30', // Hurricane Sandy
  '2018-12-05', // President G. H. W. Bush's funeral
  '2025-01-09', // President Carter's funeral
];

const cache = new Map<number, Set<string>>();

/** NYSE full-day closures in year `y`. */
export function nyseHolidays(y: number): Set<string> {
  const hit = cache.get(y);
  if (hit) return hit;
  const out = new Set<string>();
  const add = (s: string | undefined): void => {
    if (s) out.add(s);
  };
  add(observed(y, 1, 1));
  add(ymd(y, 1, nthWeekday(y, 1, 1, 3)));
  add(ymd(y, 2, nthWeekday(y, 2, 1, 3)));
  const e = easter(y);
  const gf = new Date(Date.UTC(y, e.m - 1, e.d - 2));
  add(ymd(y, gf.getUTCMonth() + 1, gf.getUTCDate()));
  add(ymd(y, 5, nthWeekday(y, 5, 1, -1)));
  if (y >= 2022) add(observed(y, 6, 19));
  add(observed(y, 7, 4));
  add(ymd(y, 9, nthWeekday(y, 9, 1, 1)));
  add(ymd(y, 11, nthWeekday(y, 11, 4, 4)));
  add(observed(y, 12, 25));
  // A Saturday New Year of the next year is not moved into this December (see observed()).
  for (const s of NYSE_SPECIAL) if (s.startsWith(String(y))) out.add(s);
  cache.set(y, out);
  return out;
}
