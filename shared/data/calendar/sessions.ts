/**
 * Session calendars: when an instrument trades, so quality checks count only the bars that should exist
 * and alignment knows sessions. Three shapes cover what we trade:
 *  - '24x7'  crypto: always open
 *  - '24x5'  spot FX: Sunday 17:00 to Friday 17:00 New York time (the interbank week)
 *  - 'exchange' equities/indices/futures: weekday hours in the exchange's zone, minus holidays
 */
import { nyseHolidays } from './holidays.ts';
import { utcToWall } from '../time-zone.ts';

export type SessionCalendar =
  | { kind: '24x7' }
  | { kind: '24x5'; timeZone: string; weekOpenMinute: number; weekCloseMinute: number }
  | {
      kind: 'exchange';
      name: string;
      timeZone: string;
      /** Minutes after local midnight. */
      openMinute: number;
      closeMinute: number;
      /** Days of week trading happens, 0 = Sunday. */
      weekdays: number[];
      holidays: (year: number) => Set<string>;
    };

export const CRYPTO_24X7: SessionCalendar = { kind: '24x7' };
/** Sunday 17:00 -> Friday 17:00 America/New_York. */
export const FX_24X5: SessionCalendar = { kind: '24x5', timeZone: 'America/New_York', weekOpenMinute: 17 * 60, weekCloseMinute: 17 * 60 };
export const NYSE: SessionCalendar = { kind: 'exchange', name: 'NYSE', timeZone: 'America/New_York', openMinute: 9 * 60 + 30, closeMinute: 16 * 60, weekdays: [1, 2, 3, 4, 5], holidays: nyseHolidays };

const DAY = 86_400_000;

/** Calendar by asset class name or a venue suffix of an instrument id ('BTCUSDT.BINANCE', 'EURUSD.DUKASCOPY', 'SPX.NYSE'). */
export function calendarFor(instrumentOrClass: string | undefined): SessionCalendar {
  const s = (instrumentOrClass ?? '').toUpperCase();
  if (/(^|\.)(NYSE|NASDAQ|ARCA|XNYS|XNAS|SPX|EQUITY|INDEX|STOCK|SMART)$/.test(s) || s === 'EQUITY' || s.startsWith('^')) return NYSE;
  if (/(^|\.)(FX|FOREX|DUKASCOPY|IDEALPRO|OANDA)$/.test(s) || /^[A-Z]{3}\/?[A-Z]{3}(\.|$)/.test(s) && !/USDT|BTC|ETH|USDC/.test(s)) return FX_24X5;
  return CRYPTO_24X7;
}

function isoDate(wallMs: number): string {
  return new Date(wallMs - (wallMs % DAY + DAY) % DAY).toISOString().slice(0, 10);
}

/** True when the market is open at UTC instant t. */
export function isOpen(cal: SessionCalendar, t: number): boolean {
  if (cal.kind === '24x7') return true;
  const wall = utcToWall(t, cal.timeZone);
  const dow = new Date(wall).getUTCDay();
  const minute = Math.floor((((wall % DAY) + DAY) % DAY) / 60_000);
  if (cal.kind === '24x5') {
    if (dow === 6) return false;
    if (dow === 5) return minute < cal.weekCloseMinute;
    if (dow === 0) return minute >= cal.weekOpenMinute;
    return true;
  }
  if (!cal.weekdays.includes(dow)) return false;
  if (minute < cal.openMinute || minute >= cal.closeMinute) return false;
  return !cal.holidays(new Date(wall).getUTCFullYear()).has(isoDate(wall));
}

/** True when a daily bar labelled with the date of `t` (its UTC calendar date) is a trading day. */
export function isTradingDay(cal: SessionCalendar, t: number): boolean {
  if (cal.kind === '24x7') return true;
  const d = new Date(t);
  const dow = d.getUTCDay();
  if (cal.kind === '24x5') return dow !== 6; // FX daily bars: Sunday's short session often merges into Monday; Saturday never trades
  if (!cal.weekdays.includes(dow)) return false;
  return !cal.holidays(d.getUTCFullYear()).has(d.toISOString().slice(0, 10));
}

/**
 * Bar open times that should exist strictly between two bars a and b for a timeframe of `step` ms.
 * Daily and longer bars use trading days; intraday bars use open minutes. Capped at `cap` to bound work.
 */
export function missingSlots(cal: SessionCalendar, a: number, b: number, step: number, cap = 100_000): number[] {
  const out: number[] = [];
  if (step >= DAY) {
    for (let t = a + DAY; t < b && out.length < cap; t += DAY) if (isTradingDay(cal, t)) out.push(t);
    return out;
  }
  for (let t = a + step; t < b && out.length < cap; t += step) if (isOpen(cal, t)) out.push(t);
  return out;
}
