import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BarsResponse, ErrorBody, HealthResponse, InstrumentListResponse } from '../shared/api/index.ts';
import { buildApp } from './app.ts';
import { testConfig } from './testing.ts';

let app: FastifyInstance;
beforeAll(async () => {
  let t = 1_700_000_000_000;
  app = await buildApp(testConfig({ now: () => (t += 1500) }));
});
afterAll(() => app.close());

async function get<T>(url: string): Promise<{ status: number; body: T; headers: Record<string, unknown> }> {
  const r = await app.inject({ method: 'GET', url });
  return { status: r.statusCode, body: r.json() as T, headers: r.headers };
}

describe('GET /api/health', () => {
  it('answers ok with version, uptime and time', async () => {
    const r = await get<HealthResponse>('/api/health');
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('ok');
    expect(r.body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(r.body.uptimeSec).toBeGreaterThan(0); // the injected clock moved 1.5 s per read
    expect(r.body.time).toBeGreaterThan(1_700_000_000_000);
  });
});

describe('GET /api/instruments', () => {
  it('lists the real S&P 500 and the three synthetic instruments, labelled', async () => {
    const r = await get<InstrumentListResponse>('/api/instruments');
    expect(r.status).toBe(200);
    const ids = r.body.instruments.map((i) => i.id);
    expect(ids).toEqual(['SPX.INDEX', 'BTCUSDT.SIM', 'EURUSD.SIM', 'ACME.SIM']);
    const spx = r.body.instruments[0];
    expect(spx).toMatchObject({ assetClass: 'index', synthetic: false, timeframes: ['1d', '1w'], priceDecimals: 2 });
    expect(spx.from).toBe(Date.UTC(2000, 0, 3));
    expect(spx.to).toBe(Date.UTC(2020, 3, 17));
    for (const i of r.body.instruments.slice(1)) {
      expect(i.synthetic).toBe(true);
      expect(i.timeframes).toEqual(['1m', '5m', '15m', '1h', '4h', '1d']);
    }
    expect(r.body.instruments.map((i) => i.assetClass)).toEqual(['index', 'crypto', 'fx', 'equity']);
  });
});

describe('GET /api/bars', () => {
  it('returns the whole S&P 500 daily file by default, as columns', async () => {
    const r = await get<BarsResponse>('/api/bars?instrument=SPX.INDEX&timeframe=1d');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ instrument: 'SPX.INDEX', timeframe: '1d', synthetic: false, count: 5105 });
    expect(r.body.columns.time.length).toBe(5105);
    expect(r.body.columns.close[0]).toBe(1455.219971); // first row of the CSV
    expect(r.body.columns.time[0]).toBe(Date.UTC(2000, 0, 3));
    expect(r.headers['content-type']).toMatch(/^application\/json/);
  });

  it('slices by from/to, inclusive, in epoch ms or ISO dates', async () => {
    const a = await get<BarsResponse>('/api/bars?instrument=SPX.INDEX&timeframe=1d&from=2000-01-04&to=2000-01-06');
    expect(a.body.count).toBe(3);
    expect(a.body.columns.close).toEqual([1399.420044, 1402.109985, 1403.449951]); // CSV rows 2000-01-04..06
    const b = await get<BarsResponse>(`/api/bars?instrument=SPX.INDEX&timeframe=1d&from=${Date.UTC(2000, 0, 4)}&to=${Date.UTC(2000, 0, 6)}`);
    expect(b.body.columns).toEqual(a.body.columns);
  });

  it('aggregates S&P 500 weeks starting Monday: week of 2000-01-03 from the CSV rows by hand', async () => {
    const r = await get<BarsResponse>('/api/bars?instrument=SPX.INDEX&timeframe=1w&to=2000-01-09');
    expect(r.body.count).toBe(1);
    const c = r.body.columns;
    // 2000-01-03..07: open of Monday, highest high, lowest low, Friday's close, summed volume.
    expect(c.time[0]).toBe(Date.UTC(2000, 0, 3));
    expect(c.open[0]).toBe(1469.25);
    expect(c.high[0]).toBe(1478);
    expect(c.low[0]).toBe(1377.680054);
    expect(c.close[0]).toBe(1441.469971);
    expect(c.volume[0]).toBe(931800000 + 1009000000 + 1085500000 + 1092300000 + 1225200000);
  });

  it('serves synthetic intraday bars, labelled synthetic: the latest 5,000 by default', async () => {
    const r = await get<BarsResponse>('/api/bars?instrument=BTCUSDT.SIM&timeframe=1m');
    expect(r.status).toBe(200);
    expect(r.body.synthetic).toBe(true);
    expect(r.body.count).toBe(5000);
    const t = r.body.columns.time;
    expect(t[t.length - 1]).toBe(Date.UTC(2025, 11, 31, 23, 59));
    expect(t[1] - t[0]).toBe(60_000);
  });

  it('aggregates synthetic 5m bars exactly from its 1m bars', async () => {
    const q = 'instrument=ACME.SIM&from=2024-07-09T13:30:00Z&to=2024-07-09T14:29:00Z';
    const m1 = (await get<BarsResponse>(`/api/bars?timeframe=1m&${q}`)).body.columns;
    const m5 = (await get<BarsResponse>(`/api/bars?timeframe=5m&${q}`)).body.columns;
    expect(m1.time.length).toBe(60);
    expect(m5.time.length).toBe(12);
    for (let k = 0; k < 12; k++) {
      const s = k * 5;
      expect(m5.time[k]).toBe(m1.time[s]);
      expect(m5.open[k]).toBe(m1.open[s]);
      expect(m5.close[k]).toBe(m1.close[s + 4]);
      expect(m5.high[k]).toBe(Math.max(...m1.high.slice(s, s + 5)));
      expect(m5.low[k]).toBe(Math.min(...m1.low.slice(s, s + 5)));
      expect(m5.volume[k]).toBe(m1.volume.slice(s, s + 5).reduce((a, b) => a + b, 0));
    }
  });

  it('serves synthetic 1h/4h/1d bars: ACME has one daily bar per weekday', async () => {
    const r = await get<BarsResponse>('/api/bars?instrument=ACME.SIM&timeframe=1d&from=2024-03-04&to=2024-03-15');
    expect(r.body.count).toBe(10);
    expect(r.body.columns.time[0]).toBe(Date.UTC(2024, 2, 4));
    const h = await get<BarsResponse>('/api/bars?instrument=EURUSD.SIM&timeframe=4h&from=2024-03-04&to=2024-03-04T23:59:59Z');
    expect(h.body.columns.time).toEqual([0, 4, 8, 12, 16, 20].map((x) => Date.UTC(2024, 2, 4, x)));
  });

  const bad: Array<[string, string, string, RegExp]> = [
    ['unknown instrument', 'instrument=NOPE&timeframe=1d', 'UNKNOWN_INSTRUMENT', /Unknown instrument 'NOPE'.*SPX\.INDEX/],
    ['bad timeframe', 'instrument=SPX.INDEX&timeframe=1m', 'BAD_TIMEFRAME', /'1m' is not available for SPX\.INDEX.*1d, 1w/],
    ['nonsense timeframe', 'instrument=BTCUSDT.SIM&timeframe=7x', 'BAD_TIMEFRAME', /1m, 5m, 15m, 1h, 4h, 1d/],
    ['from > to', 'instrument=SPX.INDEX&timeframe=1d&from=2010-01-01&to=2009-01-01', 'BAD_RANGE', /after to.*swap/],
    ['non-numeric from', 'instrument=SPX.INDEX&timeframe=1d&from=yesterday', 'BAD_RANGE', /from=yesterday is not a time.*epoch milliseconds/],
    ['impossible date', 'instrument=SPX.INDEX&timeframe=1d&from=2024-02-30', 'BAD_RANGE', /not a valid date/],
    ['absurd range', 'instrument=BTCUSDT.SIM&timeframe=1m&from=0&to=4102444800000', 'BAD_RANGE', /more than the 100000.*larger timeframe/],
    ['missing instrument', 'timeframe=1d', 'VALIDATION', /instrument/],
  ];
  for (const [name, q, code, msg] of bad) {
    it(`answers 400 ${code} for ${name}`, async () => {
      const r = await get<ErrorBody>(`/api/bars?${q}`);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe(code);
      expect(r.body.error.message).toMatch(msg);
    });
  }
});

describe('routing and the SPA', () => {
  it('answers an unknown API path with a JSON 404', async () => {
    const r = await get<ErrorBody>('/api/nope');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('NOT_FOUND');
  });

  it('says to run npm run build when the app is not built', async () => {
    const r = await app.inject({ method: 'GET', url: '/' });
    expect(r.statusCode).toBe(503);
    expect(r.body).toContain('npm run build');
  });

  it('serves the built app, with index.html as the fallback for client-side routes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aio-app-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>aio</title><div id="app"></div>');
    writeFileSync(join(dir, 'assets', 'main-abc.js'), 'console.log(1)');
    const spaApp = await buildApp(testConfig({ appDir: dir }));
    try {
      const root = await spaApp.inject({ method: 'GET', url: '/' });
      expect(root.statusCode).toBe(200);
      expect(root.body).toContain('<div id="app">');
      const deep = await spaApp.inject({ method: 'GET', url: '/lab/some/route' });
      expect(deep.statusCode).toBe(200);
      expect(deep.body).toContain('<div id="app">');
      const asset = await spaApp.inject({ method: 'GET', url: '/assets/main-abc.js' });
      expect(asset.body).toBe('console.log(1)');
      expect(asset.headers['cache-control']).toContain('immutable');
      const missingAsset = await spaApp.inject({ method: 'GET', url: '/assets/gone.js' });
      expect(missingAsset.statusCode).toBe(404);
      const api = await spaApp.inject({ method: 'GET', url: '/api/unknown' });
      expect(api.statusCode).toBe(404);
      expect(api.json().error.code).toBe('NOT_FOUND');
    } finally {
      await spaApp.close();
    }
  });
});

describe('OpenAPI', () => {
  it('serves the OpenAPI document with every route and the Swagger UI from local files', async () => {
    const doc = await get<{ openapi: string; paths: Record<string, unknown> }>('/docs/json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/health', '/api/instruments', '/api/bars']));
    const ui = await app.inject({ method: 'GET', url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger-ui');
    const js = await app.inject({ method: 'GET', url: '/docs/static/swagger-ui-bundle.js' });
    expect(js.statusCode).toBe(200);
    expect(js.body.length).toBeGreaterThan(100_000); // the bundle itself, served from node_modules, no CDN
  });
});
