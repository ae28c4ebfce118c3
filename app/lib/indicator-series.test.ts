import { describe, expect, it } from 'vitest';
import { findIndicator } from '../../shared/indicators/index.ts';
import { columnsToRows, type ChartTime } from './chart-data.ts';
import { computeIndicator, computeOnMainThread, indicatorLabel, rowsToColumns, toIndicatorLines } from './indicator-series.ts';

const closes = [10, 11, 12, 13, 14, 15];
const rows = columnsToRows({
  time: closes.map((_, i) => i * 60_000),
  open: closes,
  high: closes.map((c) => c + 1),
  low: closes.map((c) => c - 1),
  close: closes,
  volume: closes.map(() => 100),
});

describe('indicator series', () => {
  it('labels indicators with their parameters', () => {
    expect(indicatorLabel('ema', { period: 20 })).toBe('EMA 20');
    expect(indicatorLabel('macd', { fast: 12, slow: 26, signal: 9 })).toBe('MACD 12, 26, 9');
  });

  it('computes an SMA overlay whose line starts after the warm-up', async () => {
    const c = await computeIndicator({ uid: 'u1', id: 'sma', params: { period: 3 }, color: '#f0b429' }, rows, rowsToColumns(rows), computeOnMainThread);
    expect(c.error).toBeUndefined();
    expect(c.placement).toBe('overlay');
    expect(c.lines).toHaveLength(1);
    // 3-bar means of 10..15, by hand: (10+11+12)/3 = 11, then 12, 13, 14
    expect(c.lines[0].points).toEqual([
      { time: 120, value: 11 },
      { time: 180, value: 12 },
      { time: 240, value: 13 },
      { time: 300, value: 14 },
    ]);
  });

  it('puts RSI in a pane with its 30/70 levels and 0..100 range', async () => {
    const c = await computeIndicator({ uid: 'u2', id: 'rsi', params: { period: 2 }, color: '#58a6ff' }, rows, rowsToColumns(rows), computeOnMainThread);
    expect(c).toMatchObject({ placement: 'pane', levels: [30, 70], range: [0, 100] });
    // Only gains: RSI is 100 once defined.
    expect(c.lines[0].points.every((p) => p.value === 100)).toBe(true);
  });

  it('reports a bad parameter as an error on the indicator instead of throwing', async () => {
    const c = await computeIndicator({ uid: 'u3', id: 'ema', params: { period: 0 }, color: '#fff' }, rows, rowsToColumns(rows), computeOnMainThread);
    expect(c.lines).toEqual([]);
    expect(c.error).toMatch(/period/);
  });

  it('draws the MACD histogram as a histogram and gives each output its own colour', () => {
    const def = findIndicator('macd')!;
    const times = [1, 2] as ChartTime[];
    const lines = toIndicatorLines(def, times, { macd: [Number.NaN, 1], signal: [Number.NaN, 0.5], histogram: [Number.NaN, 0.5] }, '#f0b429');
    expect(lines.map((l) => l.kind)).toEqual(['line', 'line', 'histogram']);
    expect(new Set(lines.map((l) => l.color)).size).toBe(3);
    expect(lines[2].points).toEqual([{ time: 2, value: 0.5 }]);
  });
});
