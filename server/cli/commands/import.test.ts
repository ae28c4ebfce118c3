import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../main.ts';
import { DataCatalog } from '../../catalog/catalog.ts';

const fx = (name: string): string => join(import.meta.dirname, '..', '..', 'catalog', 'fixtures', name);
const dir = mkdtempSync(join(tmpdir(), 'aio-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

describe('aio import', () => {
  it('imports a daily CSV into the catalog; the timeframe is inferred', async () => {
    const cat = join(dir, 'a.sqlite');
    const r = await run('import', fx('good-daily.csv'), '--instrument', 'ACME.NYSE', '--catalog', cat);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('imported ACME.NYSE 1d bars: read 4 rows, stored 4');
    const c = new DataCatalog(cat);
    expect(Array.from(c.read({ instrument: 'ACME.NYSE', kind: 'bars', timeframe: '1d' }).close)).toEqual([100.5, 101.5, 101, 102.5]);
    c.close();
    // Importing the same file again is refused (overlap), or skipped on request.
    expect((await run('import', fx('good-daily.csv'), '--instrument', 'ACME.NYSE', '--catalog', cat)).err).toMatch(/at or before the stored end/);
    expect((await run('import', fx('good-daily.csv'), '--instrument', 'ACME.NYSE', '--catalog', cat, '--overlap', 'skip')).out).toContain('skipped 4 already stored');
  });

  it('a quality rejection stores nothing and says which policy to change', async () => {
    const cat = join(dir, 'b.sqlite');
    const r = await run('import', fx('bad-ohlc.csv'), '--instrument', 'ACME.NYSE', '--catalog', cat);
    expect(r.code).toBe(1);
    expect(r.err).toContain('high 99.8 is below low 100.9');
    expect(r.err).toContain('Nothing was imported');
    const c = new DataCatalog(cat);
    expect(c.list()).toEqual([]);
    c.close();
    const ok = await run('import', fx('bad-ohlc.csv'), '--instrument', 'ACME.NYSE', '--catalog', cat, '--policy', 'ohlc=drop');
    expect(ok.out).toContain('stored 3');
  });

  it('malformed rows are listed with file, line and reason; nothing stored', async () => {
    const cat = join(dir, 'c.sqlite');
    const r = await run('import', fx('bad-trades.csv'), '--instrument', 'BTCUSDT.BINANCE', '--catalog', cat);
    expect(r.code).toBe(1);
    expect(r.err).toContain("bad-trades.csv:4 [time]: cannot read the timestamp 'not-a-time'");
    expect(r.err).toContain('bad-trades.csv:5 [price]: empty price');
    const c = new DataCatalog(cat);
    expect(c.list()).toEqual([]);
    c.close();
  });

  it('imports a Dukascopy .bi5 hour file as quotes (hour and symbol from the path)', async () => {
    const cat = join(dir, 'd.sqlite');
    const bi5 = join(import.meta.dirname, '..', '..', 'adapters', 'dukascopy', 'fixtures', 'datafeed', 'EURUSD', '2024', '00', '15', '13h_ticks.bi5');
    const r = await run('import', bi5, '--instrument', 'EURUSD.DUKASCOPY', '--catalog', cat);
    expect(r.err).toBe('');
    expect(r.out).toContain('imported EURUSD.DUKASCOPY quotes: read 6 rows, stored 6');
    const c = new DataCatalog(cat);
    const q = c.read({ instrument: 'EURUSD.DUKASCOPY', kind: 'quotes', timeframe: '' });
    expect(q.time[0]).toBe(Date.UTC(2024, 0, 15, 13));
    expect(q.bid[0]).toBe(1.09509);
    c.close();
  });

  it('usage errors exit 2', async () => {
    expect((await run('import', fx('good-daily.csv'))).code).toBe(2);
    expect((await run('import', fx('good-daily.csv'), '--instrument', 'NOVENUE')).code).toBe(2);
    expect((await run('import', fx('good-daily.csv'), '--instrument', 'A.B', '--policy', 'gaps=explode')).code).toBe(2);
  });
});
