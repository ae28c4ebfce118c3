import { describe, expect, it } from 'vitest';
import { quotesToBars, tradesToBars } from './aggregate.ts';

describe('tick -> bar aggregation', () => {
  const M = 60_000;
  it('trades into 1-minute bars, hand-computed', () => {
    const t = { time: Float64Array.of(0, 10_000, 59_999, 60_000, 185_000), price: Float64Array.of(10, 12, 9, 11, 13), size: Float64Array.of(1, 2, 3, 4, 5), side: new Float64Array(5) };
    const b = tradesToBars(t, { intervalMs: M });
    expect(Array.from(b.time)).toEqual([0, M, 3 * M]); // minute 2 had no trade: no bar
    expect([b.open[0], b.high[0], b.low[0], b.close[0], b.volume[0]]).toEqual([10, 12, 9, 9, 6]);
    expect([b.open[1], b.close[1], b.volume[1]]).toEqual([11, 11, 4]);
  });
  it('quotes: bid, ask or mid prices; tick counts as volume', () => {
    const q = { time: Float64Array.of(1000, 2000, 61_000), bid: Float64Array.of(1.0, 1.2, 1.1), ask: Float64Array.of(1.1, 1.3, 1.2), bidSize: Float64Array.of(1, 1, 1), askSize: Float64Array.of(2, 2, 2) };
    const mid = quotesToBars(q, { intervalMs: M, price: 'mid', volume: 'ticks' });
    expect(mid.open[0]).toBeCloseTo(1.05, 12);
    expect(mid.high[0]).toBeCloseTo(1.25, 12);
    expect(Array.from(mid.volume)).toEqual([2, 1]);
    const ask = quotesToBars(q, { intervalMs: M, price: 'ask' });
    expect(ask.close[0]).toBe(1.3);
    expect(ask.volume[0]).toBe(6);
  });
  it('refuses unordered ticks', () => {
    expect(() => tradesToBars({ time: Float64Array.of(2, 1), price: Float64Array.of(1, 1), size: Float64Array.of(1, 1), side: Float64Array.of(0, 0) }, { intervalMs: 10 })).toThrow(/time order/);
  });
});
