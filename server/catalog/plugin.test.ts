import Fastify from 'fastify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import errorHandler from '../plugins/error-handler.ts';
import catalogPlugin from './plugin.ts';
import { DataCatalog } from './catalog.ts';
import { parseParquet } from '../../shared/data/parquet-import.ts';

let apps: ReturnType<typeof Fastify>[] = [];
afterEach(async () => {
  for (const a of apps) await a.close();
  apps = [];
});

async function build(catalog = new DataCatalog()) {
  const app = Fastify();
  apps.push(app);
  await app.register(errorHandler);
  await app.register(catalogPlugin, { catalog });
  return { app, catalog };
}

const M = 60_000;
const cols = (n: number, t0 = 0) => ({
  time: Array.from({ length: n }, (_, i) => t0 + i * M),
  open: Array.from({ length: n }, () => 10),
  high: Array.from({ length: n }, () => 11),
  low: Array.from({ length: n }, () => 9),
  close: Array.from({ length: n }, () => 10.5),
  volume: Array.from({ length: n }, () => 1),
});

describe('catalog routes', () => {
  it('append JSON columns, list, read a range and the latest rows', async () => {
    const { app } = await build();
    const r = await app.inject({ method: 'POST', url: '/api/catalog/append', payload: { instrument: 'BTCUSDT.BINANCE', columns: cols(100) } });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ timeframe: '1m', appended: 100, report: { rejected: false } });
    expect((await app.inject('/api/catalog/series')).json().series[0]).toMatchObject({ instrument: 'BTCUSDT.BINANCE', rows: 100 });
    const d = (await app.inject(`/api/catalog/data?instrument=BTCUSDT.BINANCE&timeframe=1m&from=${10 * M}&to=${12 * M}`)).json();
    expect(d.columns.time).toEqual([10 * M, 11 * M, 12 * M]);
    const last = (await app.inject('/api/catalog/data?instrument=BTCUSDT.BINANCE&timeframe=1m&limit=2&last=true')).json();
    expect(last.columns.time).toEqual([98 * M, 99 * M]);
  });

  it('overlap is a 409 CONFLICT; bad OHLC is a 400 with the quality report; nothing is written', async () => {
    const { app, catalog } = await build();
    await app.inject({ method: 'POST', url: '/api/catalog/append', payload: { instrument: 'BTCUSDT.BINANCE', timeframe: '1m', columns: cols(10) } });
    const o = await app.inject({ method: 'POST', url: '/api/catalog/append', payload: { instrument: 'BTCUSDT.BINANCE', timeframe: '1m', columns: cols(10) } });
    expect(o.statusCode).toBe(409);
    expect(o.json().error.code).toBe('CONFLICT');
    const bad = cols(5, 100 * M);
    bad.high[2] = 1;
    const q = await app.inject({ method: 'POST', url: '/api/catalog/append', payload: { instrument: 'BTCUSDT.BINANCE', timeframe: '1m', columns: bad } });
    expect(q.statusCode).toBe(400);
    expect(q.json().error.details.report.checks.find((c: { id: string }) => c.id === 'ohlc').count).toBe(1);
    expect(catalog.info({ instrument: 'BTCUSDT.BINANCE', kind: 'bars', timeframe: '1m' })?.rows).toBe(10);
  });

  it('raw CSV import; a malformed file answers with file, line and reason', async () => {
    const { app } = await build();
    const good = readFileSync(join(import.meta.dirname, 'fixtures', 'good-daily.csv'));
    const r = await app.inject({ method: 'POST', url: '/api/catalog/import?instrument=ACME.NYSE&name=good-daily.csv', payload: good, headers: { 'content-type': 'text/csv' } });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ timeframe: '1d', appended: 4 });
    const bad = readFileSync(join(import.meta.dirname, 'fixtures', 'bad-trades.csv'));
    const b = await app.inject({ method: 'POST', url: '/api/catalog/import?instrument=BTCUSDT.BINANCE&name=bad-trades.csv', payload: bad, headers: { 'content-type': 'text/csv' } });
    expect(b.statusCode).toBe(400);
    expect(b.json().error.details.issues[0]).toEqual({ file: 'bad-trades.csv', line: 4, column: 'time', reason: "cannot read the timestamp 'not-a-time'" });
  });

  it('export a range as Parquet; it imports back unchanged', async () => {
    const { app } = await build();
    await app.inject({ method: 'POST', url: '/api/catalog/append', payload: { instrument: 'BTCUSDT.BINANCE', timeframe: '1m', columns: cols(50) } });
    const r = await app.inject(`/api/catalog/export?instrument=BTCUSDT.BINANCE&timeframe=1m&from=${10 * M}&to=${19 * M}`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('parquet');
    expect(r.headers['content-disposition']).toContain('BTCUSDT.BINANCE-1m.parquet');
    const back = await parseParquet(new Uint8Array(r.rawPayload), { file: 'x.parquet' });
    expect(back.rows).toBe(10);
    expect(Array.from(back.columns.time)).toEqual(Array.from({ length: 10 }, (_, i) => (10 + i) * M));
    expect(back.columns.close[0]).toBe(10.5);
    expect((await app.inject('/api/catalog/export?instrument=NONE.X&timeframe=1m')).statusCode).toBe(404);
  });

  it('garbage input is a 400 that says why, never a 500', async () => {
    const { app } = await build();
    const bin = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37) % 256));
    for (const name of ['x.csv', 'x.parquet', 'x.json']) {
      const r = await app.inject({ method: 'POST', url: `/api/catalog/import?instrument=A.B&name=${name}`, payload: bin, headers: { 'content-type': 'application/octet-stream' } });
      expect(r.statusCode).toBe(400);
      expect(r.json().error.message).toMatch(/Nothing imported/);
    }
    const empty = await app.inject({ method: 'POST', url: '/api/catalog/import?instrument=A.B&name=e.csv', payload: Buffer.alloc(0), headers: { 'content-type': 'text/csv' } });
    expect(empty.statusCode).toBe(400);
  });

  it('quality of stored data, and schema validation of queries', async () => {
    const { app } = await build();
    await app.inject({ method: 'POST', url: '/api/catalog/append', payload: { instrument: 'BTCUSDT.BINANCE', timeframe: '1m', columns: { ...cols(3), time: [0, M, 5 * M] } } });
    const q = (await app.inject('/api/catalog/quality?instrument=BTCUSDT.BINANCE&timeframe=1m')).json();
    expect(q.report.checks.find((c: { id: string }) => c.id === 'gaps')).toMatchObject({ count: 1, findings: [{ length: 3 }] });
    expect((await app.inject('/api/catalog/data?instrument=nope&timeframe=1m')).statusCode).toBe(400);
    expect((await app.inject('/api/catalog/data?instrument=A.B')).json().error.code).toBe('BAD_TIMEFRAME');
  });
});
