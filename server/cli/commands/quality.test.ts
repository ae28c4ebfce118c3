import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../main.ts';

const fx = (name: string): string => join(import.meta.dirname, '..', '..', 'catalog', 'fixtures', name);

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

describe('aio quality', () => {
  it('the S&P 500 file is clean against the NYSE calendar', async () => {
    const r = await run('quality', '/work/shared/data/sp500-daily-2000-2020.csv', '--instrument', 'SPX.NYSE');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\[ok  \] gaps\s+0/);
    expect(r.out).toContain('calendar NYSE');
  });
  it('the same file against 24x7 shows the weekends as gaps', async () => {
    const r = await run('quality', '/work/shared/data/sp500-daily-2000-2020.csv', '--calendar', '24x7', '--json');
    const rep = JSON.parse(r.out).report;
    expect(rep.checks.find((c: { id: string }) => c.id === 'gaps').count).toBeGreaterThan(1000);
  });
  it('rejecting checks exit 1; policies change the verdict', async () => {
    expect((await run('quality', fx('bad-ohlc.csv'))).code).toBe(1);
    const r = await run('quality', fx('bad-ohlc.csv'), '--policy', 'ohlc=flag', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).report.checks.find((c: { id: string }) => c.id === 'ohlc').findings[0]).toMatchObject({ row: 2, message: 'high 99.8 is below low 100.9' });
  });
  it('unreadable rows are reported with file and line', async () => {
    const r = await run('quality', fx('bad-trades.csv'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bad-trades\.csv:4 \[time\]/);
  });
});
