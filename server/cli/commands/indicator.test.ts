/**
 * `aio indicator` end to end: spawns `node server/cli/aio.mjs indicator ...` on the real S&P 500 CSV and checks the
 * printed numbers against the TA-Lib fixtures (RSI(close, 14) and MACD(close, 12, 26, 9) from
 * scripts/talib-fixtures/generate.mjs), plus the error paths a user meets.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..', '..');
const csv = join(root, 'data', 'sp500-daily-2000-2020.csv');
const fixtures = JSON.parse(readFileSync(join(root, 'shared', 'indicators', 'fixtures', 'talib-sp500.json'), 'utf8')) as {
  cases: { id: string; outputs: Record<string, { from: number; values: (number | null)[] }[]> }[];
};

function aio(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'server', 'cli', 'aio.mjs'), 'indicator', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function table(out: string): string[][] {
  return out.trim().split('\n').map((l) => l.split(','));
}

describe('aio indicator', () => {
  it('prints date + RSI(14) as CSV, empty during warm-up, equal to TA-Lib RSI(close, 14)', () => {
    const r = aio('rsi', '--input', csv, '--period', '14');
    expect(r.code, r.err).toBe(0);
    const t = table(r.out);
    expect(t[0]).toEqual(['date', 'rsi']);
    expect(t.length).toBe(5106);
    expect(t[1]).toEqual(['2000-01-03', '']);
    expect(t[14][1]).toBe('');
    expect(t[15][1]).not.toBe('');
    const seg = fixtures.cases.find((c) => c.id === 'RSI_14')!.outputs.value;
    for (const s of seg) s.values.forEach((v, k) => expect(Math.abs(Number(t[1 + s.from + k][1]) - v!)).toBeLessThanOrEqual(1e-9));
    expect(t[5105][0]).toBe('2020-04-17');
  });

  it('multi-output MACD prints one column per output, equal to TA-Lib MACD(close, 12, 26, 9)', () => {
    const r = aio('macd', '--input', csv);
    expect(r.code, r.err).toBe(0);
    const t = table(r.out);
    expect(t[0]).toEqual(['date', 'macd', 'signal', 'histogram']);
    const c = fixtures.cases.find((x) => x.id === 'MACD_12_26_9')!;
    const tail = c.outputs.signal[1];
    tail.values.forEach((v, k) => expect(Math.abs(Number(t[1 + tail.from + k][2]) - v!)).toBeLessThanOrEqual(1e-9));
  });

  it('takes --param k=v, including choice names (vwap anchor=month)', () => {
    const r = aio('bbands', '--input', csv, '--param', 'period=10', '--param', 'mult=1.5');
    expect(r.code, r.err).toBe(0);
    expect(table(r.out)[10][1]).not.toBe('');
    expect(table(r.out)[9][1]).toBe('');
    const v = aio('vwap', '--input', csv, '--param', 'anchor=month');
    expect(v.code, v.err).toBe(0);
  });

  it('unknown indicator: exit 2 and the list of known ones', () => {
    const r = aio('nosuch', '--input', csv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown indicator 'nosuch'\. Known indicators: sma, ema, .*rsi/);
  });

  it('bad parameters: exit 2 with the allowed range or parameter names', () => {
    const a = aio('rsi', '--input', csv, '--period', '0');
    expect(a.code).toBe(2);
    expect(a.err).toContain('rsi: period must be in [2, 5000], got 0');
    const b = aio('macd', '--input', csv, '--period', '10');
    expect(b.code).toBe(2);
    expect(b.err).toContain("macd has no parameter 'period'");
    const c = aio('macd', '--input', csv, '--param', 'fast=30');
    expect(c.code).toBe(2);
    expect(c.err).toContain('fast (30) must be shorter than slow (26)');
    const d = aio('rsi', '--input', csv, '--param', 'period=abc');
    expect(d.code).toBe(2);
    expect(d.err).toContain("rsi: period must be a number, got 'abc'");
  });

  it('bad file: missing, or malformed rows reported as file:line', () => {
    const a = aio('rsi', '--input', '/nonexistent/bars.csv');
    expect(a.code).toBe(1);
    expect(a.err).toContain('cannot read /nonexistent/bars.csv: ENOENT');
    const dir = mkdtempSync(join(tmpdir(), 'aio-ind-'));
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'date,open,high,low,close,volume\n2020-01-02,1,2,0.5,1.5,100\n2020-01-03,1,2,0.5,oops,100\n');
    const b = aio('rsi', '--input', bad);
    expect(b.code).toBe(1);
    expect(b.err).toMatch(/bad\.csv:3/);
    expect(aio('rsi').code).toBe(2);
  });
});
