import { describe, expect, it } from 'vitest';
import { TickBarAggregator, TimeBarAggregator, ValueBarAggregator, VolumeBarAggregator, type BarHandler } from './bar-aggregator.ts';

const collect = (): { bars: number[][]; h: BarHandler } => {
  const bars: number[][] = [];
  return { bars, h: (o, hi, lo, c, v, ts) => bars.push([o, hi, lo, c, v, ts]) };
};

describe('bar aggregation', () => {
  it('tick bars close on the N-th tick with its timestamp', () => {
    const { bars, h } = collect();
    const a = new TickBarAggregator(3, h);
    [10, 12, 9, 11, 13].forEach((p, i) => a.handle(p, 1, 100 + i));
    expect(bars).toEqual([[10, 12, 9, 9, 3, 102]]);
  });

  it('volume bars split a tick larger than what the bar needs', () => {
    const { bars, h } = collect();
    const a = new VolumeBarAggregator(10, h);
    a.handle(100, 4, 1); // 4
    a.handle(101, 3, 2); // 7
    a.handle(99, 25, 3); // 3 closes bar 1, 10 closes bar 2, 10 closes bar 3, 2 left
    a.handle(98, 1, 4);
    expect(bars).toEqual([
      [100, 101, 99, 99, 10, 3],
      [99, 99, 99, 99, 10, 3],
      [99, 99, 99, 99, 10, 3],
    ]);
  });

  it('value bars close when price x size reaches the step', () => {
    const { bars, h } = collect();
    const a = new ValueBarAggregator(1000, h);
    a.handle(100, 4, 1); // value 400
    a.handle(200, 5, 2); // needs 600 = 3 units at 200, closes; 2 units (400) carried
    expect(bars).toEqual([[100, 200, 100, 200, 7, 2]]);
    a.handle(100, 6, 3); // 400 + 600 = 1000 closes
    expect(bars[1]).toEqual([200, 200, 100, 100, 8, 3]);
  });

  it('time bars cover [kS, (k+1)S), close at (k+1)S and put a tick at the boundary in the next bar', () => {
    const { bars, h } = collect();
    const a = new TimeBarAggregator(60_000, h);
    a.handle(10, 1, 60_000); // bar [60000, 120000)
    a.handle(12, 2, 90_000);
    a.onTime(120_000); // timer at the boundary, before the tick stamped 120000
    a.handle(11, 1, 120_000); // next bar
    a.onTime(180_000);
    a.onTime(240_000); // empty interval: no bar
    expect(bars).toEqual([
      [10, 12, 10, 12, 3, 120_000],
      [11, 11, 11, 11, 1, 180_000],
    ]);
  });

  it('a time bar is closed by a late tick even when the timer has not fired', () => {
    const { bars, h } = collect();
    const a = new TimeBarAggregator(1000, h);
    a.handle(5, 1, 100);
    a.handle(6, 1, 2500);
    expect(bars).toEqual([[5, 5, 5, 5, 1, 1000]]);
  });
});
