import { describe, expect, it } from 'vitest';
import type { StrategySpec } from '../../shared/strategy/spec.ts';
import { etaSeconds } from './backtest-runner.svelte.ts';
import { runSpecBacktest } from './run-spec.ts';

// A zig-zag close series whose 3/8-bar SMA crossings are counted independently below (plain loops, no shared code).
const N = 400;
const DAY = 86_400_000;
const close = Array.from({ length: N }, (_, i) => 100 + 10 * Math.sin(i / 9) + (i % 5) * 0.1);
const columns = {
  time: close.map((_, i) => Date.UTC(2020, 0, 1) + i * DAY),
  open: close.map((c, i) => (i === 0 ? c : close[i - 1])),
  high: close.map((c, i) => Math.max(c, i === 0 ? c : close[i - 1]) + 0.5),
  low: close.map((c, i) => Math.min(c, i === 0 ? c : close[i - 1]) - 0.5),
  close,
  volume: close.map(() => 1000),
};

const spec: StrategySpec = {
  version: 1,
  name: 'SMA 3/8 cross',
  instruments: ['TEST.SIM'],
  timeframe: '1d',
  indicators: [
    { id: 'fast', type: 'SMA', params: { period: 3 } },
    { id: 'slow', type: 'SMA', params: { period: 8 } },
  ],
  long: { entry: { op: 'crossesAbove', left: 'fast', right: 'slow' }, exit: { op: 'crossesBelow', left: 'fast', right: 'slow' } },
  sizing: { type: 'percentEquity', percent: 50 },
};

function sma(xs: number[], p: number, i: number): number {
  let s = 0;
  for (let k = i - p + 1; k <= i; k++) s += xs[k];
  return s / p;
}

describe('runSpecBacktest', () => {
  it('trades once per fast-over-slow crossing, counted independently', () => {
    let entries = 0;
    for (let i = 8; i < N - 1; i++) {
      // a crossing on bar i fills at the next bar's open, so the last bar's signal never trades
      const before = sma(close, 3, i - 1) - sma(close, 8, i - 1);
      const now = sma(close, 3, i) - sma(close, 8, i);
      if (before <= 0 && now > 0) entries++;
    }
    const r = runSpecBacktest({ spec, instrumentId: 'TEST.SIM', timeframe: '1d', columns });
    expect(entries).toBeGreaterThan(5);
    // every entry but possibly the last (still open at the end) is a closed round trip
    expect(r.report.tradeCount).toBeGreaterThanOrEqual(entries - 1);
    expect(r.report.tradeCount).toBeLessThanOrEqual(entries);
    expect(r.trades.every((t) => t.side === 'LONG' && t.exitTs > t.entryTs)).toBe(true);
  });

  it('returns chart-ready equity, drawdown and monthly tables consistent with the report', () => {
    const r = runSpecBacktest({ spec, instrumentId: 'TEST.SIM', timeframe: '1d', columns });
    const { time, value, drawdown } = r.equity;
    expect(time.length).toBe(value.length);
    expect(time.length).toBeGreaterThan(N * 0.9);
    expect(drawdown.every((d) => d <= 0)).toBe(true);
    expect(value[0]).toBe(100_000);
    // compounding the monthly returns gives the total return
    const compounded = r.monthly.months.reduce((acc, m) => acc * (1 + m.return), 1) - 1;
    expect(compounded).toBeCloseTo(r.report.totalReturn!, 9);
    expect(Math.min(...drawdown)).toBeCloseTo(r.report.maxDrawdown!, 9);
  });

  it('estimates the time left only once there is something to go on', () => {
    expect(etaSeconds(null, 5000)).toBeUndefined();
    expect(etaSeconds(0.01, 5000)).toBeUndefined();
    expect(etaSeconds(0.25, 1000)).toBeCloseTo(3, 9);
  });
});
