import { describe, expect, it } from 'vitest';
import { detectTimeFormat, makeTimeParser, parseNumber } from './time-parse.ts';
import { wallTimeToUtc } from './time-zone.ts';

describe('time parsing', () => {
  const ymd = makeTimeParser({ kind: 'text', order: 'YMD' });
  it.each([
    ['2024-01-15', Date.UTC(2024, 0, 15)],
    ['2024-01-15 13:45:10', Date.UTC(2024, 0, 15, 13, 45, 10)],
    ['2024-01-15T13:45:10.5Z', Date.UTC(2024, 0, 15, 13, 45, 10, 500)],
    ['2024-01-15T13:45:10.123456Z', Date.UTC(2024, 0, 15, 13, 45, 10, 123)],
    ['2024-01-15T13:45:10-05:00', Date.UTC(2024, 0, 15, 18, 45, 10)],
    ['20240115 134510', Date.UTC(2024, 0, 15, 13, 45, 10)],
    ['20240115', Date.UTC(2024, 0, 15)],
    ['2024.01.15 13:45', Date.UTC(2024, 0, 15, 13, 45)],
    ['15-Jan-2024', Date.UTC(2024, 0, 15)],
    ['Jan 15, 2024 1:05 PM', Date.UTC(2024, 0, 15, 13, 5)],
    ['2024-02-29', Date.UTC(2024, 1, 29)],
  ])('%s', (s, want) => expect(ymd(s)).toBe(want));

  it.each(['2023-02-29', '2024-00-10', '2024-01-15 24:00', 'hello', ''])('rejects %s', (s) => expect(ymd(s)).toBeNaN());

  it('detects epoch units and orders', () => {
    expect(detectTimeFormat(['1700000000'])?.format).toEqual({ kind: 'epoch', unit: 's' });
    expect(detectTimeFormat(['1700000000000'])?.format).toEqual({ kind: 'epoch', unit: 'ms' });
    expect(detectTimeFormat(['1700000000000000'])?.format).toEqual({ kind: 'epoch', unit: 'us' });
    expect(detectTimeFormat(['1700000000000000000'])?.format).toEqual({ kind: 'epoch', unit: 'ns' });
    expect(detectTimeFormat(['12/31/2023', '01/02/2024'])?.format).toEqual({ kind: 'text', order: 'MDY' });
    expect(detectTimeFormat(['31.12.2023 22:00:00.000'])?.format).toEqual({ kind: 'text', order: 'DMY' });
    expect(detectTimeFormat(['1.25', '3'])).toBeUndefined();
  });

  it('epoch microseconds and nanoseconds round to ms', () => {
    expect(makeTimeParser({ kind: 'epoch', unit: 'ns' })('1700000000123456789')).toBe(1700000000123);
    expect(makeTimeParser({ kind: 'epoch', unit: 's' })('1700000000.5')).toBe(1700000000500);
  });

  it('wall time -> UTC in London across the October DST end (the repeated hour picks the earlier instant)', () => {
    expect(wallTimeToUtc(Date.UTC(2024, 6, 1, 12), 'Europe/London')).toBe(Date.UTC(2024, 6, 1, 11));
    expect(wallTimeToUtc(Date.UTC(2024, 11, 1, 12), 'Europe/London')).toBe(Date.UTC(2024, 11, 1, 12));
    expect(wallTimeToUtc(Date.UTC(2024, 9, 27, 1, 30), 'Europe/London')).toBe(Date.UTC(2024, 9, 27, 0, 30));
    expect(wallTimeToUtc(Date.UTC(2024, 0, 1), '+05:30')).toBe(Date.UTC(2023, 11, 31, 18, 30));
  });

  it('parseNumber equals Number() on ordinary decimals', () => {
    for (const s of ['0', '1.1', '-0.000123', '123456.789012345', '1e5', '1.09512', '  42 ', '9007199254740993']) expect(parseNumber(s, 0, s.length)).toBe(Number(s));
    expect(parseNumber('', 0, 0)).toBeNaN();
    expect(parseNumber('1.2.3', 0, 5)).toBeNaN();
  });
});
