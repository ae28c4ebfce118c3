import { describe, expect, it } from 'vitest';
import { easter, nyseHolidays } from './holidays.ts';
import { calendarFor, isOpen, NYSE, FX_24X5 } from './sessions.ts';

describe('NYSE holidays (published NYSE schedules)', () => {
  it('2020', () => expect([...nyseHolidays(2020)].sort()).toEqual(['2020-01-01', '2020-01-20', '2020-02-17', '2020-04-10', '2020-05-25', '2020-07-03', '2020-09-07', '2020-11-26', '2020-12-25']));
  it('2022: Saturday New Year not observed, Juneteenth observed Monday', () =>
    expect([...nyseHolidays(2022)].sort()).toEqual(['2022-01-17', '2022-02-21', '2022-04-15', '2022-05-30', '2022-06-20', '2022-07-04', '2022-09-05', '2022-11-24', '2022-12-26']));
  it('Easter dates', () => {
    expect(easter(2024)).toEqual({ m: 3, d: 31 });
    expect(easter(2000)).toEqual({ m: 4, d: 23 });
  });
});

describe('sessions', () => {
  it('NYSE regular hours in New York time, DST-aware', () => {
    expect(isOpen(NYSE, Date.UTC(2024, 6, 1, 13, 30))).toBe(true); // 09:30 EDT
    expect(isOpen(NYSE, Date.UTC(2024, 6, 1, 13, 29))).toBe(false);
    expect(isOpen(NYSE, Date.UTC(2024, 0, 2, 14, 30))).toBe(true); // 09:30 EST
    expect(isOpen(NYSE, Date.UTC(2024, 0, 2, 21, 0))).toBe(false); // 16:00 EST
    expect(isOpen(NYSE, Date.UTC(2024, 6, 4, 15, 0))).toBe(false); // Independence Day
  });
  it('FX closes Friday 17:00 and opens Sunday 17:00 New York', () => {
    expect(isOpen(FX_24X5, Date.UTC(2024, 0, 5, 21, 59))).toBe(true);
    expect(isOpen(FX_24X5, Date.UTC(2024, 0, 5, 22, 0))).toBe(false);
    expect(isOpen(FX_24X5, Date.UTC(2024, 0, 6, 12, 0))).toBe(false);
    expect(isOpen(FX_24X5, Date.UTC(2024, 0, 7, 22, 0))).toBe(true);
  });
  it('calendar by instrument id', () => {
    expect(calendarFor('BTCUSDT.BINANCE').kind).toBe('24x7');
    expect(calendarFor('EURUSD.DUKASCOPY').kind).toBe('24x5');
    expect(calendarFor('SPX.NYSE').kind).toBe('exchange');
  });
});
