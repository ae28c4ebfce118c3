/**
 * Indicators TA-Lib lacks, checked against a second library or a worked example (TA-Lib compositions for HMA, VWMA,
 * Keltner, Donchian, z-score, Ichimoku lines and TradingView's Stoch RSI are in talib.test.ts):
 * - SuperTrend vs trading-signals 8 `SuperTrend({interval: 10, multiplier: 3})` (TradingView's algorithm).
 * - Ichimoku vs technicalindicators 3 `IchimokuCloud` (its spanA/spanB are our undisplaced leadA/leadB), plus the
 *   displacement: our spanA/spanB at bar i are the lead values from bar i - (displacement-1).
 * - VWAP with anchor 'none' vs technicalindicators 3 `VWAP` (cumulative, typical price); session/week/month
 *   anchoring and the offset against a hand-worked example.
 * - HMA vs trading-signals 8 `HMA(16)`; VWMA vs @ixjb94/indicators 1.2 `vwma(close, volume, 20)`.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as TS from 'trading-signals';
import * as TI from 'technicalindicators';
import { IndicatorsSync } from '@ixjb94/indicators';
import { computeBatch, getIndicator, resolveParams } from './registry.ts';
import type { BarColumns } from './types.ts';

const root = join(import.meta.dirname, '..', '..');
const rows = readFileSync(join(root, 'data', 'sp500-daily-2000-2020.csv'), 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(','));
const f = (k: number) => Float64Array.from(rows, (r) => Number(r[k]));
const cols: BarColumns = { open: f(1), high: f(2), low: f(3), close: f(4), volume: f(6), time: Float64Array.from(rows, (r) => Date.parse(`${r[0]}T00:00:00Z`)) };
const n = cols.close.length;

describe('SuperTrend vs trading-signals SuperTrend (interval 10, multiplier 3)', () => {
  it('matches every value and direction from the first bar on', () => {
    const ref = new TS.SuperTrend({ interval: 10, multiplier: 3 });
    const ours = computeBatch('supertrend', cols, { atrPeriod: 10, factor: 3 });
    let compared = 0;
    for (let i = 0; i < n; i++) {
      const r = ref.update({ high: cols.high![i], low: cols.low![i], close: cols.close[i] }, false);
      if (r === null || r === undefined) {
        expect(ours.supertrend[i]).toBeNaN();
        continue;
      }
      expect(Math.abs(r.supertrend - ours.supertrend[i]), `bar ${i}`).toBeLessThanOrEqual(1e-9);
      expect(ours.direction[i], `direction at ${i}`).toBe(r.trend === TS.TradingSignal.BULLISH ? 1 : -1);
      compared++;
    }
    expect(compared).toBe(n - 9);
  });
});

describe('Ichimoku vs technicalindicators IchimokuCloud (9, 26, 52, 26)', () => {
  const ref = TI.IchimokuCloud.calculate({ high: Array.from(cols.high!), low: Array.from(cols.low!), conversionPeriod: 9, basePeriod: 26, spanPeriod: 52, displacement: 26 });
  const ours = computeBatch('ichimoku', cols, {});
  const off = n - ref.length; // technicalindicators starts at the 52-bar warm-up
  it('tenkan, kijun and the leading spans match', () => {
    expect(off).toBe(51);
    ref.forEach((r, k) => {
      const i = off + k;
      expect(Math.abs(r.conversion - ours.tenkan[i])).toBeLessThanOrEqual(1e-9);
      expect(Math.abs(r.base - ours.kijun[i])).toBeLessThanOrEqual(1e-9);
      expect(Math.abs(r.spanA - ours.leadA[i])).toBeLessThanOrEqual(1e-9);
      expect(Math.abs(r.spanB - ours.leadB[i])).toBeLessThanOrEqual(1e-9);
    });
  });
  it('the cloud at bar i is the leading spans from displacement-1 = 25 bars earlier', () => {
    ref.forEach((r, k) => {
      const i = off + k + 25;
      if (i >= n) return;
      expect(ours.spanA[i]).toBe(r.spanA);
      expect(ours.spanB[i]).toBe(r.spanB);
    });
  });
});

describe('VWAP', () => {
  it("anchor 'none' matches technicalindicators VWAP (cumulative typical-price VWAP)", () => {
    const ref = TI.VWAP.calculate({ high: Array.from(cols.high!), low: Array.from(cols.low!), close: Array.from(cols.close), volume: Array.from(cols.volume!) });
    const ours = computeBatch('vwap', cols, { anchor: 3 }).vwap;
    expect(ref.length).toBe(n);
    ref.forEach((r, i) => expect(Math.abs(r - ours[i]) / r, `bar ${i}`).toBeLessThanOrEqual(1e-13));
  });

  // Worked example. Typical prices: A (11+9+10)/3 = 10, B (13+11+12)/3 = 12, C (21+19+20)/3 = 20, D = 30.
  // Session VWAP: A 10; B (10*100 + 12*300)/400 = 11.5; C starts a new UTC day: 20; D same week, new month: 30.
  const t = (s: string) => Date.parse(s);
  const ex: BarColumns = {
    high: Float64Array.of(11, 13, 21, 31),
    low: Float64Array.of(9, 11, 19, 29),
    close: Float64Array.of(10, 12, 20, 30),
    volume: Float64Array.of(100, 300, 50, 50),
    time: Float64Array.of(t('2024-01-30T14:30:00Z'), t('2024-01-30T15:30:00Z'), t('2024-01-31T14:30:00Z'), t('2024-02-01T14:30:00Z')),
  };
  const run = (anchor: number, offsetMinutes = 0) => Array.from(computeBatch('vwap', ex, { anchor, offsetMinutes }).vwap);
  it('session anchor resets at 00:00 UTC', () => expect(run(0)).toEqual([10, 11.5, 20, 30]));
  it('week anchor (Tue 30 Jan .. Thu 1 Feb is one week)', () => {
    // C: (1000 + 3600 + 1000)/450; D: (5600 + 1500)/500
    expect(run(1)).toEqual([10, 11.5, 5600 / 450, 7100 / 500]);
  });
  it('month anchor resets on 1 Feb', () => expect(run(2)).toEqual([10, 11.5, 5600 / 450, 30]));
  it('offsetMinutes moves the session boundary: -900 starts each session at 15:00 UTC', () => {
    // A (30 Jan 14:30) is in the session that began 29 Jan 15:00; B (30 Jan 15:30) and C (31 Jan 14:30) share the
    // session that began 30 Jan 15:00: C = (12*300 + 20*50)/350; D (1 Feb 14:30) is in the next one.
    expect(run(0, -900)).toEqual([10, 12, 4600 / 350, 30]);
  });
  it('streaming gives the same values and needs bar.time for session anchors', () => {
    const def = getIndicator('vwap');
    const ind = def.create(resolveParams(def, { anchor: 0 }));
    const got = [0, 1, 2, 3].map((i) => ind.update({ open: NaN, high: ex.high![i], low: ex.low![i], close: ex.close[i], volume: ex.volume![i], time: ex.time![i] }));
    expect(got).toEqual([10, 11.5, 20, 30]);
    expect(() => def.create(resolveParams(def, { anchor: 0 })).update({ open: 1, high: 1, low: 1, close: 1, volume: 1 })).toThrow(/needs bar.time/);
  });
});

describe('moving averages vs other libraries', () => {
  it('HMA(16) matches trading-signals HMA', () => {
    const ref = new TS.HMA(16);
    const ours = computeBatch('hma', cols, { period: 16 }).hma;
    let compared = 0;
    cols.close.forEach((c, i) => {
      const r = ref.update(c, false);
      if (r === null || r === undefined) return expect(ours[i]).toBeNaN();
      expect(Math.abs(r - ours[i]), `bar ${i}`).toBeLessThanOrEqual(1e-9);
      compared++;
    });
    expect(compared).toBe(n - 18);
  });
  it('VWMA(20) matches @ixjb94/indicators vwma', () => {
    const ref = new IndicatorsSync().vwma(Array.from(cols.close), Array.from(cols.volume!), 20);
    const ours = computeBatch('vwma', cols, { period: 20 }).vwma;
    const off = n - ref.length;
    expect(off).toBe(19);
    ref.forEach((r, k) => expect(Math.abs(r - ours[off + k])).toBeLessThanOrEqual(1e-9));
  });
});

describe('CCI in a flat market (hand-worked: a window of equal typical prices has mean deviation 0, so CCI is 0)', () => {
  // 40 moving bars, then 30 bars whose typical price is always 0.1 (h, l, c differ on odd bars but sum to 0.3), then
  // a move. The running sum carries the moving bars' rounding error (~1e-17), which used to become the whole
  // deviation of the flat windows and give -66.67 or +66.67 instead of 0.
  const high: number[] = [], low: number[] = [], close: number[] = [];
  for (let i = 0; i < 40; i++) { const m = 1 + 0.37 * Math.sin(i) + i / 7; high.push(m + 0.3); low.push(m - 0.2); close.push(m + 0.01 * i); }
  for (let i = 0; i < 30; i++) {
    if (i % 2) { high.push(0.15); low.push(0.05); close.push(0.1); } else { high.push(0.1); low.push(0.1); close.push(0.1); }
  }
  high.push(0.3); low.push(0.2); close.push(0.25);
  const cols: BarColumns = { high: Float64Array.from(high), low: Float64Array.from(low), close: Float64Array.from(close) };
  for (const period of [2, 3, 5, 20]) {
    it(`period ${period}: 0 on every window inside the flat run, batch and streaming`, () => {
      const batch = computeBatch('cci', cols, { period }).cci;
      const stream = getIndicator('cci').create({ period });
      const streamed = close.map((c, i) => stream.update({ open: c, high: high[i], low: low[i], close: c, volume: 1, time: i }));
      for (let i = 40 + period - 1; i < 70; i++) {
        expect(batch[i], `batch bar ${i}`).toBe(0);
        expect(streamed[i], `streaming bar ${i}`).toBe(0);
      }
      // The move out of the flat run: TP 0.25 against period-1 values of 0.1 -> (0.25 - m) / (0.015 * mean dev).
      const m = (0.1 * (period - 1) + 0.25) / period;
      const md = ((period - 1) * Math.abs(0.1 - m) + Math.abs(0.25 - m)) / period;
      expect(batch[70]).toBeCloseTo((0.25 - m) / (0.015 * md), 9);
      expect(streamed[70]).toBeCloseTo((0.25 - m) / (0.015 * md), 9);
    });
  }
});
