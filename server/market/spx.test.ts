import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../config.ts';
import { loadSpxDaily } from './spx.ts';

const file = join(repoRoot, 'data', 'sp500-daily-2000-2020.csv');

describe('loadSpxDaily', () => {
  const bars = loadSpxDaily(file);

  it('parses all 5,105 rows of the embedded file', () => {
    expect(bars.time.length).toBe(5105);
    for (const k of ['open', 'high', 'low', 'close', 'volume'] as const) expect(bars[k].length).toBe(5105);
  });

  it('matches known rows of the CSV (first, second, last), time = date at 00:00 UTC', () => {
    // Values copied from data/sp500-daily-2000-2020.csv by hand.
    expect(bars.time[0]).toBe(946857600000); // 2000-01-03T00:00:00Z
    expect(bars.open[0]).toBe(1469.25);
    expect(bars.high[0]).toBe(1478);
    expect(bars.low[0]).toBe(1438.359985);
    expect(bars.close[0]).toBe(1455.219971);
    expect(bars.volume[0]).toBe(931800000);
    expect(bars.close[1]).toBe(1399.420044);
    const last = bars.time.length - 1;
    expect(new Date(bars.time[last]).toISOString()).toBe('2020-04-17T00:00:00.000Z');
    expect(bars.close[last]).toBe(2874.560059);
    expect(bars.volume[last]).toBe(5792140000);
  });

  it('agrees with an independent line-by-line reading of the file', () => {
    const lines = readFileSync(file, 'utf8').trim().split('\n').slice(1);
    let i = 0;
    for (const line of lines) {
      const [date, , , , close] = line.split(',');
      expect(new Date(bars.time[i]).toISOString().slice(0, 10)).toBe(date);
      expect(bars.close[i]).toBe(parseFloat(close));
      i++;
    }
    // OHLC of the real file is consistent.
    for (let k = 0; k < bars.time.length; k++) {
      expect(bars.high[k]).toBeGreaterThanOrEqual(Math.max(bars.open[k], bars.close[k]) - 1e-9);
      expect(bars.low[k]).toBeLessThanOrEqual(Math.min(bars.open[k], bars.close[k]) + 1e-9);
    }
  });
});
