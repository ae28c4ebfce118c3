import { describe, expect, it } from 'vitest';
import { DOWN_VOLUME, UP_VOLUME, columnsToRows } from './chart-data.ts';

describe('columnsToRows', () => {
  it('turns columns into chart rows in seconds, coloured by direction', () => {
    const r = columnsToRows({
      time: [Date.UTC(2000, 0, 3), Date.UTC(2000, 0, 4)],
      open: [1469.25, 1455.22],
      high: [1478, 1455.22],
      low: [1438.36, 1397.43],
      close: [1455.22, 1399.42],
      volume: [931_800_000, 1_009_000_000],
    });
    expect(r.dropped).toBe(0);
    expect(r.candles).toEqual([
      { time: 946857600, open: 1469.25, high: 1478, low: 1438.36, close: 1455.22 },
      { time: 946944000, open: 1455.22, high: 1455.22, low: 1397.43, close: 1399.42 },
    ]);
    expect(r.volume.map((v) => v.value)).toEqual([931_800_000, 1_009_000_000]);
    // both days closed below their open
    expect(r.volume.map((v) => v.color)).toEqual([DOWN_VOLUME, DOWN_VOLUME]);
  });

  it('drops rows the chart would reject and counts them', () => {
    const r = columnsToRows({
      time: [1000, 2000, 2000, 1500, 3000, 4000],
      open: [1, 1, 1, 1, Number.NaN, 2],
      high: [2, 2, 2, 2, 2, 3],
      low: [0.5, 0.5, 0.5, 0.5, 0.5, 1],
      close: [1.5, 1.5, 1.5, 1.5, 1.5, 2.5],
      volume: [10, 20, 30, 40, 50, Number.NaN],
    });
    // 2000 repeated, 1500 out of order, NaN open at 3000
    expect(r.candles.map((c) => c.time)).toEqual([1, 2, 4]);
    expect(r.dropped).toBe(3);
    expect(r.volume[2]).toEqual({ time: 4, value: 0, color: UP_VOLUME });
  });

  it('counts rows missing from shorter columns', () => {
    const r = columnsToRows({ time: [0, 60_000, 120_000], open: [1, 1], high: [1, 1], low: [1, 1], close: [1, 1], volume: [1, 1, 1] });
    expect(r.candles).toHaveLength(2);
    expect(r.dropped).toBe(1);
  });
});
