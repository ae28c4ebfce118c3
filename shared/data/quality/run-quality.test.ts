import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runQuality, PolicyError, formatReport } from './index.ts';
import { parseCsv } from '../csv/index.ts';
import { FX_24X5, NYSE } from '../calendar/sessions.ts';

const M = 60_000;
const T0 = Date.UTC(2024, 0, 2, 0, 0); // Tuesday

function bars(rows: number[][]) {
  const cols = { time: new Float64Array(rows.length), open: new Float64Array(rows.length), high: new Float64Array(rows.length), low: new Float64Array(rows.length), close: new Float64Array(rows.length), volume: new Float64Array(rows.length) };
  rows.forEach(([t, o, h, l, c, v], i) => {
    cols.time[i] = t;
    cols.open[i] = o;
    cols.high[i] = h;
    cols.low[i] = l;
    cols.close[i] = c;
    cols.volume[i] = v;
  });
  return cols;
}
const flat = (i: number, p = 100, v = 1) => [T0 + i * M, p, p + 1, p - 1, p, v];
const check = (r: ReturnType<typeof runQuality>, id: string) => r.report.checks.find((c) => c.id === id)!;

describe('quality checks', () => {
  it('clean data passes every check', () => {
    const r = runQuality('bars', bars(Array.from({ length: 20 }, (_, i) => flat(i, 100 + (i % 3)))));
    expect(r.report.rejected).toBe(false);
    expect(r.report.checks.every((c) => c.count === 0)).toBe(true);
    expect(r.report.timeframeMs).toBe(M);
  });

  it('duplicates are dropped by default, out-of-order rows reject by default', () => {
    const d = runQuality('bars', bars([flat(0), flat(1), flat(1), flat(2)]));
    expect(check(d, 'duplicates')).toMatchObject({ count: 1, action: 'dropped 1 row(s)' });
    expect(check(d, 'duplicates').findings[0]).toMatchObject({ row: 2, message: expect.stringContaining('identical') });
    expect(d.columns.time.length).toBe(3);
    const o = runQuality('bars', bars([flat(0), flat(2), flat(1), flat(3)]));
    expect(o.report.rejected).toBe(true);
    expect(check(o, 'outOfOrder').findings[0].row).toBe(2);
    const od = runQuality('bars', bars([flat(0), flat(2), flat(1), flat(3)]), { policies: { outOfOrder: 'drop' } });
    expect(od.report.rejected).toBe(false);
    expect(Array.from(od.columns.time)).toEqual([T0, T0 + 2 * M, T0 + 3 * M]);
  });

  it('OHLC inconsistencies and non-positive prices, with forward fill', () => {
    const data = bars([flat(0), [T0 + M, 100, 99, 98, 100.5, 1], [T0 + 2 * M, 100, 101, 0, 100, 1], flat(3)]);
    const r = runQuality('bars', data);
    expect(r.report.rejected).toBe(true);
    expect(check(r, 'ohlc').findings[0]).toMatchObject({ row: 1, message: 'high 99 is below close 100.5' });
    expect(check(r, 'nonPositive').findings[0]).toMatchObject({ row: 2, message: 'low is 0' });
    const f = runQuality('bars', data, { policies: { ohlc: 'forwardFill', nonPositive: 'forwardFill' } });
    expect(f.report.rejected).toBe(false);
    expect(Array.from(f.columns.close)).toEqual([100, 100, 100, 100]);
    expect(f.columns.volume[1]).toBe(0);
    expect(f.columns.high[1]).toBe(100);
  });

  it('a spike that reverses is found; a level shift is not', () => {
    const rows = Array.from({ length: 60 }, (_, i) => flat(i, 100 + 0.1 * Math.sin(i)));
    rows[30] = [T0 + 30 * M, 100, 150, 100, 150, 1];
    for (let i = 45; i < 60; i++) rows[i] = flat(i, 80 + 0.1 * Math.sin(i)); // crash that stays down
    const r = runQuality('bars', bars(rows));
    expect(check(r, 'spikes').count).toBe(1);
    expect(check(r, 'spikes').findings[0].row).toBe(30);
    const d = runQuality('bars', bars(rows), { policies: { spikes: 'drop' } });
    expect(d.columns.time.length).toBe(59);
  });

  it('the spike scale is local: a 3 % blip is a spike in a calm month, not in a wild one', () => {
    // 600 bars: the first 300 move +-0.1 %, the last 300 move +-4 %; the same 3 % up-and-back blip in each half.
    const closes: number[] = [];
    let p = 100;
    for (let i = 0; i < 600; i++) {
      p *= 1 + (i % 2 ? 1 : -1) * (i < 300 ? 0.001 : 0.04) * (0.5 + ((i * 7) % 10) / 10);
      closes.push(p);
    }
    closes[150] = closes[149] * 1.03;
    closes[450] = closes[449] * 1.03;
    const rows = closes.map((c, i) => [T0 + i * M, c, c, c, c, 1]);
    const r = runQuality('bars', bars(rows));
    expect(check(r, 'spikes').findings.map((f) => f.row)).toEqual([150]);
  });

  it('zero-volume and stale runs', () => {
    const rows = Array.from({ length: 50 }, (_, i) => flat(i, 100 + (i % 2), i >= 10 && i < 16 ? 0 : 5));
    for (let i = 20; i < 45; i++) rows[i] = [T0 + i * M, 100, 100, 100, 100, 5];
    const r = runQuality('bars', bars(rows), { staleRun: 20 });
    expect(check(r, 'zeroVolume').findings[0]).toMatchObject({ row: 10, length: 6 });
    // 25 identical flat bars: the first is a price, the 24 after it are the stale repeats.
    expect(check(r, 'stale').findings[0]).toMatchObject({ row: 21, length: 24 });
  });

  it('ticks in the same millisecond are not duplicates unless identical', () => {
    const q = { time: Float64Array.of(1, 1, 1), bid: Float64Array.of(1.1, 1.2, 1.2), ask: Float64Array.of(1.3, 1.3, 1.3), bidSize: Float64Array.of(1, 1, 1), askSize: Float64Array.of(1, 1, 1) };
    const r = runQuality('quotes', q);
    expect(check(r, 'duplicates')).toMatchObject({ count: 1, findings: [{ row: 2 }] });
    expect(r.columns.time.length).toBe(2);
  });

  it('crossed quotes are dropped by default', () => {
    const q = { time: Float64Array.of(1, 2, 3), bid: Float64Array.of(1.1, 1.3, 1.1), ask: Float64Array.of(1.2, 1.2, 1.2), bidSize: Float64Array.of(1, 1, 1), askSize: Float64Array.of(1, 1, 1) };
    const r = runQuality('quotes', q);
    expect(check(r, 'crossed')).toMatchObject({ count: 1, action: 'dropped 1 row(s)' });
    expect(Array.from(r.columns.time)).toEqual([1, 3]);
  });

  it('gaps count only open sessions: an FX weekend is not a gap, a missing Tuesday hour is', () => {
    const H = 3_600_000;
    const fri = Date.UTC(2024, 0, 5, 20); // Friday 15:00 New York
    const rows = [fri, fri + H, fri + 2 * H /* 17:00 NY Friday: closed */, Date.UTC(2024, 0, 7, 22) /* Sunday 17:00 NY */, Date.UTC(2024, 0, 7, 23), Date.UTC(2024, 0, 8, 2)].map((t) => [t, 1, 1, 1, 1, 1]);
    rows.splice(2, 1);
    const r = runQuality('bars', bars(rows), { calendar: FX_24X5, timeframeMs: H });
    expect(check(r, 'gaps').count).toBe(1);
    expect(check(r, 'gaps').findings[0]).toMatchObject({ length: 2, time: Date.UTC(2024, 0, 8, 2) });
    const f = runQuality('bars', bars(rows), { calendar: FX_24X5, timeframeMs: H, policies: { gaps: 'forwardFill' } });
    expect(f.columns.time.length).toBe(7);
    expect(f.columns.time[5]).toBe(Date.UTC(2024, 0, 8, 1));
    expect(f.columns.volume[5]).toBe(0);
  });

  it('the S&P 500 daily file 2000-2020 has no gaps against the NYSE holiday calendar', () => {
    const p = parseCsv(readFileSync('/work/shared/data/sp500-daily-2000-2020.csv', 'utf8'));
    const r = runQuality('bars', p.columns, { calendar: NYSE, dataset: 'sp500' });
    const gaps = check(r, 'gaps');
    expect(gaps.findings.map((f) => f.message)).toEqual([]);
    expect(r.report.timeframeMs).toBe(86_400_000);
    expect(formatReport(r.report)).toContain('Quality report: sp500');
  });

  it('unknown checks and unsupported policies are refused with the choices', () => {
    expect(() => runQuality('bars', bars([flat(0)]), { policies: { gaps: 'drop' } })).toThrow(PolicyError);
    expect(() => runQuality('bars', bars([flat(0)]), { policies: { nope: 'flag' } as never })).toThrow(/checks are/);
  });
});
