import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alignTable, inferTick, parseArgs } from './backtest.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const CSV = join(ROOT, 'data/sp500-daily-2000-2020.csv');
const tmp = mkdtempSync(join(tmpdir(), 'aio-backtest-'));

function aio(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'server/cli/aio.mjs'), 'backtest', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

function writeSpec(name: string, spec: unknown): string {
  const p = join(tmp, name);
  writeFileSync(p, typeof spec === 'string' ? spec : JSON.stringify(spec));
  return p;
}

const smaCross = (fast: number, slow: number) => ({
  version: 1,
  name: `SMA ${fast}/${slow}`,
  instruments: ['SPX.INDEX'],
  timeframe: '1d',
  indicators: [
    { id: 'fast', type: 'SMA', params: { period: fast } },
    { id: 'slow', type: 'SMA', params: { period: slow } },
  ],
  long: { entry: { op: 'crossesAbove', left: 'fast', right: 'slow' }, exit: { op: 'crossesBelow', left: 'fast', right: 'slow' } },
  sizing: { type: 'fixedQuantity', quantity: 1 },
});

describe('argument handling', () => {
  it('parses flags, --flag=value and defaults', () => {
    const a = parseArgs(['--data', 'x.csv', '--instrument=SPX.INDEX', '--strategy', 's.json', '--json', '--fee', '0.001']);
    expect(a).toMatchObject({ data: 'x.csv', instrument: 'SPX.INDEX', strategy: 's.json', json: true, fee: 0.001, capital: 100000, currency: 'USD', lot: 0.0001 });
  });
  it('refuses unknown flags, missing values and bad numbers', () => {
    expect(() => parseArgs(['--data', 'x', '--instrument', 'A.B', '--strategy', 's', '--bogus'])).toThrow(/unknown argument '--bogus'/);
    expect(() => parseArgs(['--data'])).toThrow(/--data needs a value/);
    expect(() => parseArgs(['--instrument', 'A.B', '--strategy', 's'])).toThrow(/missing --data/);
    expect(() => parseArgs(['--data', 'x', '--instrument', 'A.B', '--strategy', 's', '--fee', '2'])).toThrow(/--fee must be a fraction/);
  });
  it('reads --from / --to as UTC dates', () => {
    const a = parseArgs(['--data', 'x', '--instrument', 'A.B', '--strategy', 's', '--from', '2010-01-01', '--to=2010-12-31T23:59:59Z']);
    expect([a.from, a.to]).toEqual([Date.UTC(2010, 0, 1), Date.UTC(2010, 11, 31, 23, 59, 59)]);
    expect(() => parseArgs(['--data', 'x', '--instrument', 'A.B', '--strategy', 's', '--from', 'yesterday'])).toThrow(/--from must be a date/);
  });
  it('infers the tick from the data decimals', () => {
    expect(inferTick([1.25, 3.5, 100])).toBe(0.01);
    expect(inferTick([1.10001, 1.2])).toBeCloseTo(0.00001, 12);
    expect(inferTick([100, 101])).toBe(1);
  });
  it('aligns tables: first column left, others right', () => {
    expect(alignTable([['a', '1'], ['bbb', '22']])).toBe('a     1\nbbb  22');
  });
});

describe('aio backtest (spawned)', () => {
  it('exits 2 with usage when a required flag is missing', () => {
    const r = aio('--data', CSV);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/missing --instrument/);
    expect(r.err).toMatch(/Usage: aio backtest/);
  });

  it('exits 2 and lists every spec error with its path', () => {
    const bad = { ...smaCross(20, 50), version: 3, indicators: [{ id: 'fast', type: 'SMA', params: { period: -1 } }], sizing: { type: 'allIn' } };
    const r = aio('--data', CSV, '--instrument', 'SPX.INDEX', '--strategy', writeSpec('bad.json', bad));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/is not a valid StrategySpec \(5 errors\)/);
    for (const line of [
      '/version: unsupported spec version 3',
      '/indicators/0/params/period: sma period must be at least 1, got -1',
      '/long/entry/right: "slow" is neither a price source',
      '/long/exit/right: "slow" is neither a price source',
      '/sizing/type: sizing type "allIn" is not one of',
    ]) {
      expect(r.err).toContain(line);
    }
  });

  it('exits 1 with a clear message when a file cannot be read', () => {
    const r = aio('--data', join(tmp, 'nope.csv'), '--instrument', 'SPX.INDEX', '--strategy', writeSpec('ok.json', smaCross(20, 50)));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/cannot read --data .*nope\.csv/);
  });
});

/**
 * Independent expectation for an SMA(20)/SMA(50) crossover, long only, 1 unit, no fees, computed here straight from
 * the CSV with naive sums: signal on the close of bar i when fast crosses the slow one, and the market order fills at
 * that close (the simulated venue's current price when the order arrives; docs/strategy-spec.md, "Fills").
 */
function expectedSmaTrades(fast: number, slow: number): { entry: number; exit: number; entryDate: string; exitDate: string }[] {
  const rows = readFileSync(CSV, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  const date = rows.map((r) => r[0]);
  const close = rows.map((r) => Number(r[4]));
  const avg = (i: number, p: number): number => {
    if (i < p - 1) return NaN;
    let s = 0;
    for (let k = i - p + 1; k <= i; k++) s += close[k];
    return s / p;
  };
  const trades: { entry: number; exit: number; entryDate: string; exitDate: string }[] = [];
  let inPos = false;
  let entryIdx = -1;
  for (let i = 1; i < close.length; i++) {
    const f0 = avg(i - 1, fast), s0 = avg(i - 1, slow), f1 = avg(i, fast), s1 = avg(i, slow);
    if (Number.isNaN(s0)) continue;
    const up = f0 <= s0 && f1 > s1;
    const down = f0 >= s0 && f1 < s1;
    if (!inPos && up) {
      inPos = true;
      entryIdx = i;
    } else if (inPos && down) {
      inPos = false;
      trades.push({ entry: close[entryIdx], exit: close[i], entryDate: date[entryIdx], exitDate: date[i] });
    }
  }
  return trades;
}

describe('aio backtest on the S&P 500 CSV', () => {
  it('an SMA 20/50 crossover gives the trades computed directly from the closes', () => {
    const expected = expectedSmaTrades(20, 50);
    expect(expected.length).toBeGreaterThan(20); // sanity of the independent computation
    const r = aio('--data', CSV, '--instrument', 'SPX.INDEX', '--strategy', writeSpec('sma.json', smaCross(20, 50)), '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.bars).toBe(5105);
    expect(j.trades.length).toBe(expected.length);
    const DAY = 86_400_000;
    type T = { side: string; qty: number; entryTs: number; exitTs: number; entryPrice: number; exitPrice: number; pnl: number; fees: number };
    j.trades.forEach((t: T, i: number) => {
      expect(t.side).toBe('LONG');
      // Timestamps are bar CLOSE times: a daily bar dated D closes at D + 1 day, 00:00 UTC.
      expect(t.entryTs).toBe(Date.parse(`${expected[i].entryDate}T00:00:00Z`) + DAY);
      expect(t.exitTs).toBe(Date.parse(`${expected[i].exitDate}T00:00:00Z`) + DAY);
      expect(t.qty).toBe(1);
      // CSV prices have 6 decimals; SPX.INDEX trades on a 0.01 tick, so fills are the close rounded to the cent.
      expect(t.entryPrice).toBeCloseTo(expected[i].entry, 2);
      expect(t.exitPrice).toBeCloseTo(expected[i].exit, 2);
      expect(t.fees).toBe(0);
      expect(t.pnl).toBeCloseTo(expected[i].exit - expected[i].entry, 1);
    });
    const wins = expected.filter((t) => t.exit > t.entry).length;
    expect(j.metrics.tradeCount).toBe(expected.length);
    expect(j.metrics.winRate).toBeCloseTo(wins / expected.length, 12);
    expect(j.metrics.netPnl).toBeCloseTo(expected.reduce((s, t) => s + t.exit - t.entry, 0), 0);

    // The report agrees with the equity curve it came with, recomputed here in a few lines (empyrical conventions,
    // periods per year inferred as (points - 1) / calendar years).
    const eq: number[] = j.equityCurve.map((p: { equity: number }) => p.equity);
    const ts: number[] = j.equityCurve.map((p: { ts: number }) => p.ts);
    expect(eq.length).toBe(5105);
    expect(eq[0]).toBe(100000);
    const rets = eq.slice(1).map((e, i) => e / eq[i] - 1);
    const mean = rets.reduce((a, b) => a + b, 0) / rets.length;
    const sd = Math.sqrt(rets.reduce((a, b) => a + (b - mean) ** 2, 0) / (rets.length - 1));
    const ppy = rets.length / ((ts.at(-1)! - ts[0]) / (365.25 * DAY));
    expect(ppy).toBeGreaterThan(245);
    expect(ppy).toBeLessThan(255);
    expect(j.metrics.totalReturn).toBeCloseTo(eq.at(-1)! / eq[0] - 1, 12);
    expect(j.metrics.sharpe).toBeCloseTo((mean / sd) * Math.sqrt(ppy), 9);
    let peak = -Infinity;
    let mdd = 0;
    for (const e of eq) {
      peak = Math.max(peak, e);
      mdd = Math.min(mdd, e / peak - 1);
    }
    expect(j.metrics.maxDrawdown).toBeCloseTo(mdd, 12);
  });

  it('--fee charges the rate on both fills of every trade', () => {
    const expected = expectedSmaTrades(20, 50);
    const r = aio('--data', CSV, '--instrument', 'SPX.INDEX', '--strategy', writeSpec('sma-fee.json', smaCross(20, 50)), '--json', '--fee', '0.001');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.trades.length).toBe(expected.length);
    let fees = 0;
    j.trades.forEach((t: { fees: number; pnl: number }, i: number) => {
      // 10 bps of each fill's notional (1 unit): (entry + exit) * 0.001; pnl is net of it. The account books each
      // commission in whole cents, so two fills may differ from the unrounded sum by up to a cent.
      const f = (expected[i].entry + expected[i].exit) * 0.001;
      expect(Math.abs(t.fees - f)).toBeLessThanOrEqual(0.0100001);
      expect(t.pnl).toBeCloseTo(expected[i].exit - expected[i].entry - f, 1);
      fees += f;
    });
    expect(j.metrics.totalFees).toBeCloseTo(fees, 1);
  });

  it('--from / --to select the bars of 2010', () => {
    const rows2010 = readFileSync(CSV, 'utf8').split('\n').filter((l) => l.startsWith('2010-')).length;
    const r = aio('--data', CSV, '--instrument', 'SPX.INDEX', '--strategy', writeSpec('sma-2010.json', smaCross(5, 10)), '--json', '--from', '2010-01-01', '--to', '2010-12-31');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.bars).toBe(rows2010);
    expect(j.equityCurve[0].ts).toBe(Date.UTC(2010, 0, 5)); // first 2010 bar (Jan 4) closes on Jan 5, 00:00 UTC
  });

  it('prints the report as aligned tables without --json', () => {
    const r = aio('--data', CSV, '--instrument', 'SPX.INDEX', '--strategy', join(ROOT, 'docs/examples/sma-crossover.json'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Backtest: SMA 50\/200 crossover \(golden cross\) on SPX\.INDEX \(5105 bars\)/);
    const metricLines = r.out.split('\n').filter((l) => /^(Total return|Sharpe|Max drawdown|Trades) {2}/.test(l));
    expect(metricLines.length).toBe(4);
    // Values are right-aligned: every metric line has the same length.
    expect(new Set(metricLines.map((l) => l.length)).size).toBe(1);
    expect(r.out).toMatch(/Trades \(\d+ closed\)/);
    // one monthly-returns row per year 2000..2020
    const years = r.out.split('\n').filter((l) => /^20[0-2]\d\s/.test(l));
    expect(years.map((l) => l.slice(0, 4))).toEqual(Array.from({ length: 21 }, (_, i) => String(2000 + i)));
  });
});
