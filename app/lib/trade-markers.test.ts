import { describe, expect, it } from 'vitest';
import type { CandleRow, ChartTime } from './chart-data.ts';
import { barAt, tradeMarkers } from './trade-markers.ts';

const rows: CandleRow[] = [0, 60, 120, 180].map((t) => ({ time: t as ChartTime, open: 1, high: 1, low: 1, close: 1 }));

describe('trade markers', () => {
  it('finds the bar open at an instant', () => {
    expect(barAt(rows, -1)).toBe(-1);
    expect(barAt(rows, 0)).toBe(0);
    expect(barAt(rows, 59_999)).toBe(0);
    expect(barAt(rows, 60_000)).toBe(1);
    expect(barAt(rows, 10_000_000)).toBe(3);
  });

  it('marks entries and exits in time order, coloured by outcome', () => {
    const m = tradeMarkers(
      [
        { side: 'SHORT', entryTs: 120_000, exitTs: 180_000, pnl: -5 },
        { side: 'LONG', entryTs: 0, exitTs: 60_000, pnl: 12 },
      ],
      rows,
    );
    expect(m.map((x) => [x.time, x.shape, x.text])).toEqual([
      [0, 'arrowUp', 'Buy'],
      [60, 'circle', 'Exit +12'],
      [120, 'arrowDown', 'Sell short'],
      [180, 'circle', 'Exit -5'],
    ]);
    expect(m[1].color).toBe('#26a69a');
    expect(m[3].color).toBe('#ef5350');
  });
});
