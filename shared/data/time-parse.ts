/**
 * Timestamp parsing for imports: epoch seconds/ms/µs/ns and the text date formats traders meet in practice
 * (ISO 8601 with or without zone, 'YYYY-MM-DD HH:MM:SS.fff', 'YYYYMMDD HHMMSS', MetaTrader 'YYYY.MM.DD HH:MM',
 * Dukascopy 'DD.MM.YYYY HH:MM:SS.fff', US 'MM/DD/YYYY h:mm PM', '02-Jan-2024'). Output: epoch ms UTC.
 *
 * A format is detected once from sample values, then one parser runs per row without regular expressions
 * (a million rows must parse well under a second).
 */
import { isUtc, parseFixedOffset, wallTimeToUtc } from './time-zone.ts';

export type DateOrder = 'YMD' | 'DMY' | 'MDY';
export type EpochUnit = 's' | 'ms' | 'us' | 'ns';
export type TimeFormat = { kind: 'epoch'; unit: EpochUnit } | { kind: 'text'; order: DateOrder };

export interface TimeFormatGuess {
  format: TimeFormat;
  /** Set when the samples did not decide (e.g. every day <= 12): the user should confirm. */
  ambiguity?: string;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Tokenised timestamp: numeric groups with digit counts, plus the few words that matter. */
interface Tokens {
  n: number;
  val: number[];
  len: number[];
  month: number; // 1..12 from a month name, 0 if none
  pm: number; // 1 = PM, -1 = AM, 0 = none
  offsetMs: number; // explicit zone offset; NaN when none
  bad: boolean;
}

const tok: Tokens = { n: 0, val: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], len: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], month: 0, pm: 0, offsetMs: NaN, bad: false };

function tokenize(s: string): Tokens {
  const t = tok;
  t.n = 0;
  t.month = 0;
  t.pm = 0;
  t.offsetMs = NaN;
  t.bad = false;
  const L = s.length;
  let i = 0;
  while (i < L) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      let v = 0;
      const start = i;
      while (i < L) {
        const d = s.charCodeAt(i) - 48;
        if (d < 0 || d > 9) break;
        v = v * 10 + d;
        i++;
      }
      if (t.n >= 9) {
        t.bad = true;
        return t;
      }
      t.val[t.n] = v;
      t.len[t.n] = i - start;
      t.n++;
      continue;
    }
    // Letters: month names, AM/PM, 'T' separator, 'Z'/'UTC'/'GMT' zone designators.
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
      const start = i;
      while (i < L) {
        const d = s.charCodeAt(i) | 32;
        if (d < 97 || d > 122) break;
        i++;
      }
      const w = s.slice(start, i).toLowerCase();
      if (w === 't') continue;
      if (w === 'z' || w === 'utc' || w === 'gmt') {
        t.offsetMs = 0;
        continue;
      }
      if (w === 'am' || w === 'pm') {
        t.pm = w === 'pm' ? 1 : -1;
        continue;
      }
      const mi = MONTHS.indexOf(w.slice(0, 3));
      if (mi >= 0 && t.month === 0) {
        t.month = mi + 1;
        continue;
      }
      // Weekday names ('Mon, 02 Jan 2024') are ignored; anything else is not a timestamp.
      if (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].includes(w.slice(0, 3))) continue;
      t.bad = true;
      return t;
    }
    // A sign after the hour starts an explicit offset: '+02:00', '-0500'.
    if ((c === 43 || c === 45) && t.n >= (t.month ? 3 : 4)) {
      const m = /^([+-])(\d{2}):?(\d{2})?/.exec(s.slice(i));
      if (m) {
        t.offsetMs = parseFixedOffset(m[0]) ?? NaN;
        i += m[0].length;
        continue;
      }
    }
    i++;
  }
  return t;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

/** Epoch ms from tokens, as wall time (no zone applied), NaN if invalid. */
function wallFromTokens(t: Tokens, order: DateOrder): number {
  if (t.bad || t.n === 0) return NaN;
  let y: number;
  let mo: number;
  let d: number;
  let k: number; // index of the first time group
  const v = t.val;
  const l = t.len;
  if (t.month) {
    // '02-Jan-2024', 'Jan 2, 2024 13:00': the day and year are the first two numbers, year = the 4-digit one.
    if (t.n < 2) return NaN;
    mo = t.month;
    if (l[0] === 4) {
      y = v[0];
      d = v[1];
    } else {
      d = v[0];
      y = l[1] === 2 ? 2000 + v[1] : v[1];
    }
    k = 2;
  } else if (l[0] === 8) {
    // YYYYMMDD, optionally followed by HHMMSS or HH:MM:SS.
    y = Math.floor(v[0] / 10000);
    mo = Math.floor(v[0] / 100) % 100;
    d = v[0] % 100;
    k = 1;
    if (t.n > 1 && (l[1] === 6 || l[1] === 4)) {
      const hms = l[1] === 6 ? v[1] : v[1] * 100;
      const frac = t.n > 2 ? v[2] : 0;
      const fracLen = t.n > 2 ? l[2] : 0;
      return finish(y, mo, d, Math.floor(hms / 10000), Math.floor(hms / 100) % 100, hms % 100, frac, fracLen, t.pm);
    }
  } else {
    if (t.n < 3) return NaN;
    if (l[0] === 4 || order === 'YMD') {
      y = v[0];
      mo = v[1];
      d = v[2];
    } else if (order === 'DMY') {
      d = v[0];
      mo = v[1];
      y = v[2];
    } else {
      mo = v[0];
      d = v[1];
      y = v[2];
    }
    if (l[0] !== 4 && (order !== 'YMD' ? l[2] : l[0]) === 2) y += y < 70 ? 2000 : 1900;
    k = 3;
  }
  const h = t.n > k ? v[k] : 0;
  const mi = t.n > k + 1 ? v[k + 1] : 0;
  const s = t.n > k + 2 ? v[k + 2] : 0;
  const frac = t.n > k + 3 ? v[k + 3] : 0;
  const fracLen = t.n > k + 3 ? l[k + 3] : 0;
  if (t.n > k + 4) return NaN;
  return finish(y, mo, d, h, mi, s, frac, fracLen, t.pm);
}

const POW10 = [1, 10, 100, 1000, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

function finish(y: number, mo: number, d: number, h: number, mi: number, s: number, frac: number, fracLen: number, pm: number): number {
  if (pm !== 0) {
    if (h < 1 || h > 12) return NaN;
    h = (h % 12) + (pm > 0 ? 12 : 0);
  }
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 60) return NaN;
  // Fractions beyond ms are truncated: storage resolution is 1 ms.
  const ms = fracLen <= 3 ? frac * POW10[3 - fracLen] : Math.floor(frac / POW10[fracLen - 3]);
  return Date.UTC(y, mo - 1, d, h, mi, s, ms);
}

const EPOCH_SCALE: Record<EpochUnit, number> = { s: 1000, ms: 1, us: 1e-3, ns: 1e-6 };

/** Chooses the epoch unit from a magnitude: dates from 1973 to 5138 are unambiguous this way. */
export function epochUnitOf(x: number): EpochUnit {
  const a = Math.abs(x);
  return a < 1e11 ? 's' : a < 1e14 ? 'ms' : a < 1e17 ? 'us' : 'ns';
}

function isPlainNumber(s: string): boolean {
  return /^\s*-?\d+(\.\d+)?\s*$/.test(s);
}

/** Guesses the format from sample values (empty strings ignored). Undefined when they are not timestamps. */
export function detectTimeFormat(samples: string[]): TimeFormatGuess | undefined {
  const vals = samples.map((s) => s.trim()).filter((s) => s.length > 0);
  if (vals.length === 0) return undefined;
  const nums = vals.filter(isPlainNumber);
  if (nums.length > vals.length / 2) {
    // Eight-digit integers starting 19/20 are YYYYMMDD dates, not epoch seconds from 1970.
    if (nums.every((s) => /^(19|20)\d{6}$/.test(s))) return { format: { kind: 'text', order: 'YMD' } };
    const max = Math.max(...nums.map((s) => Math.abs(Number(s))));
    if (max < 1e8) return undefined; // too small for a timestamp after 1973: a price or a count
    return { format: { kind: 'epoch', unit: epochUnitOf(max) } };
  }
  let dmy = false;
  let mdy = false;
  let ymd = false;
  let slash = false;
  // Tolerate a few broken samples (they are reported per row later); most must read as timestamps.
  let good = 0;
  for (const s of vals) {
    const t = tokenize(s);
    if (t.bad || t.n < 1) continue;
    if (t.month || t.len[0] === 4 || t.len[0] === 8) {
      ymd = true;
      good++;
      continue;
    }
    if (t.n < 3) continue;
    good++;
    if (s.includes('/')) slash = true;
    if (t.val[0] > 12) dmy = true;
    if (t.val[1] > 12) mdy = true;
  }
  if (good < Math.ceil(vals.length / 2) || (dmy && mdy)) return undefined;
  let order: DateOrder;
  let ambiguity: string | undefined;
  if (dmy) order = 'DMY';
  else if (mdy) order = 'MDY';
  else if (ymd) order = 'YMD';
  else {
    order = slash ? 'MDY' : 'DMY';
    ambiguity = `day and month cannot be told apart in the samples (all <= 12); assumed ${order}`;
  }
  const guess: TimeFormatGuess = { format: { kind: 'text', order } };
  // Validate: every sample must parse with the chosen order.
  const p = makeTimeParser(guess.format, 'UTC');
  const parsed = vals.filter((s) => !Number.isNaN(p(s))).length;
  if (parsed < Math.ceil(vals.length / 2)) return undefined;
  if (ambiguity) guess.ambiguity = ambiguity;
  return guess;
}

/** A parser for one format and zone: string -> epoch ms UTC, NaN when the value does not fit. */
export function makeTimeParser(format: TimeFormat, timeZone = 'UTC'): (s: string) => number {
  if (format.kind === 'epoch') {
    const k = EPOCH_SCALE[format.unit];
    return (s: string) => {
      const x = parseNumber(s, 0, s.length);
      return Number.isFinite(x) ? Math.round(x * k) : NaN;
    };
  }
  const order = format.order;
  const utc = isUtc(timeZone);
  return (s: string) => {
    const t = tokenize(s);
    const wall = wallFromTokens(t, order);
    if (Number.isNaN(wall)) return NaN;
    if (!Number.isNaN(t.offsetMs)) return wall - t.offsetMs; // an explicit offset in the value wins over the option
    return utc ? wall : wallTimeToUtc(wall, timeZone);
  };
}

/**
 * Parses a decimal number from s[start, end) without allocating. Exact (same double as Number()) for up to
 * 15 significant digits, because an integer mantissa < 2^53 divided by an exact power of ten rounds once.
 * Falls back to Number() for exponents, long mantissas and anything unusual. Blank -> NaN.
 */
export function parseNumber(s: string, start: number, end: number): number {
  while (start < end && s.charCodeAt(start) === 32) start++;
  while (end > start && s.charCodeAt(end - 1) === 32) end--;
  if (start >= end) return NaN;
  let i = start;
  let neg = false;
  let c = s.charCodeAt(i);
  if (c === 45) {
    neg = true;
    i++;
  } else if (c === 43) i++;
  let mant = 0;
  let digits = 0;
  let scale = 0;
  let seenDot = false;
  let any = false;
  for (; i < end; i++) {
    c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      any = true;
      if (digits > 0 || c !== 48) digits++;
      mant = mant * 10 + (c - 48);
      if (seenDot) scale++;
    } else if (c === 46 && !seenDot) seenDot = true;
    else return slowNumber(s, start, end);
  }
  if (!any) return NaN;
  if (digits > 15 || scale > 22) return slowNumber(s, start, end);
  const x = scale === 0 ? mant : mant / POW10_22[scale];
  return neg ? -x : x;
}

// Built by repeated multiplication: every power up to 1e22 is exact in binary64.
const POW10_22: number[] = [1];
for (let k = 1; k <= 22; k++) POW10_22.push(POW10_22[k - 1] * 10);

function slowNumber(s: string, start: number, end: number): number {
  const str = s.slice(start, end);
  const x = Number(str);
  return str.trim() === '' ? NaN : x;
}
