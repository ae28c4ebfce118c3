import { describe, expect, it } from 'vitest';
import {
  formatBarTime,
  formatChangePct,
  formatDuration,
  formatPrice,
  formatVolume,
  isDailyOrLonger,
  timeframeLabel,
  timeframeMs,
} from './format.ts';

describe('format', () => {
  it('knows timeframe lengths', () => {
    expect(timeframeMs('1m')).toBe(60_000);
    expect(timeframeMs('4h')).toBe(4 * 3_600_000);
    expect(timeframeMs('1w')).toBe(7 * 86_400_000);
    expect(timeframeMs('3h')).toBe(3 * 3_600_000);
    expect(timeframeMs('tick')).toBeUndefined();
    expect(isDailyOrLonger('1d')).toBe(true);
    expect(isDailyOrLonger('4h')).toBe(false);
    expect(timeframeLabel('15m')).toBe('15 minutes');
    expect(timeframeLabel('1d')).toBe('1 day');
  });

  it('shows bar times in UTC, with a clock only for intraday bars', () => {
    // 2020-03-16 is the day of the 12% S&P 500 drop; 14:30 UTC is the US open.
    const t = Date.UTC(2020, 2, 16, 14, 30);
    expect(formatBarTime(t, '1d')).toBe('2020-03-16');
    expect(formatBarTime(t, '5m')).toBe('2020-03-16 14:30');
    expect(formatBarTime(Date.UTC(1999, 11, 31, 23, 59), '1m')).toBe('1999-12-31 23:59');
  });

  it('formats prices with the instrument decimals and a dash for missing values', () => {
    expect(formatPrice(1455.219971, 2)).toBe('1,455.22');
    expect(formatPrice(1.08456, 5)).toBe('1.08456');
    expect(formatPrice(undefined, 2)).toBe('—');
    expect(formatPrice(Number.NaN, 2)).toBe('—');
  });

  it('compacts volume', () => {
    expect(formatVolume(931_800_000)).toBe('931.8M');
    expect(formatVolume(5_800_000_000)).toBe('5.8B');
    expect(formatVolume(123_456_789)).toBe('123.5M');
    expect(formatVolume(12_345)).toBe('12.3K');
    expect(formatVolume(950)).toBe('950');
    expect(formatVolume(0.25)).toBe('0.25');
  });

  it('signs percentage changes', () => {
    expect(formatChangePct(100, 101.25)).toBe('+1.25%');
    expect(formatChangePct(100, 99.6)).toBe('-0.40%');
    expect(formatChangePct(100, 100)).toBe('±0.00%');
    expect(formatChangePct(0, 1)).toBe('—');
  });

  it('formats durations', () => {
    expect(formatDuration(42)).toBe('42s');
    expect(formatDuration(125)).toBe('2m 5s');
    expect(formatDuration(3 * 3600 + 7 * 60)).toBe('3h 7m');
    expect(formatDuration(2 * 86400 + 5 * 3600)).toBe('2d 5h');
  });
});
