import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { DataWorkspace, guessInstrument } from './data-workspace.svelte.ts';
import { CatalogClient } from './catalog-client.ts';
import { BarCache } from './bar-cache.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const CSV = 'when;px_open;px_high;px_low;px_close;qty\n02.01.2024 00:00;1,5;2;1;1,75;10\n02.01.2024 00:01;1,75;2;1,5;1,8;12\n02.01.2024 00:02;1,8;1,9;1,7;1,85;9\n';

function fakeFetch(calls: { url: string; body?: unknown }[], reply: (url: string) => { status: number; body: unknown }) {
  return async (url: string, init?: RequestInit) => {
    calls.push({ url, body: init?.body ? JSON.parse(String(init.body)) : undefined });
    const r = reply(url);
    return new Response(JSON.stringify(r.body), { status: r.status, headers: { 'content-type': 'application/json' } });
  };
}

describe('Data view state', () => {
  it('drop -> layout, preview, user column mapping, quality report, save to the gateway', async () => {
    const calls: { url: string; body?: unknown }[] = [];
    const ws = new DataWorkspace(new CatalogClient(fakeFetch(calls, (u) => (u.includes('append') ? { status: 200, body: { instrument: 'EURUSD.FX', kind: 'bars', timeframe: '1m', appended: 3, skipped: 0, replaced: 0, report: {} } } : { status: 200, body: { series: [] } }))));
    await ws.loadFile('eurusd_1m.csv', enc(CSV));
    expect(ws.layout?.delimiter).toBe(';');
    expect(ws.headers).toEqual(['when', 'px_open', 'px_high', 'px_low', 'px_close', 'qty']);
    // 'px_open' etc. are not known names: the user maps them.
    expect(ws.message?.text).toMatch(/cannot tell which columns/);
    ws.mapping = { time: 0, open: 1, high: 2, low: 3, close: 4 };
    await ws.setRole(5, 'volume');
    expect(ws.parsed?.rows).toBe(3);
    expect(ws.parsed?.columns.close[2]).toBe(1.85);
    expect(ws.report?.rejected).toBe(false);
    expect(ws.timeframe).toBe('1m');
    expect(ws.instrument).toBe('EURUSD.IMPORT');
    ws.instrument = 'EURUSD.FX';
    await ws.saveToGateway();
    const post = calls.find((c) => c.url.endsWith('/api/catalog/append'))!;
    expect(post.body).toMatchObject({ instrument: 'EURUSD.FX', kind: 'bars', timeframe: '1m', columns: { close: [1.75, 1.8, 1.85], volume: [10, 12, 9] } });
    expect(ws.message).toEqual({ kind: 'ok', text: 'Saved to the gateway catalog: 3 rows of EURUSD.FX 1m.' });
  });

  it('malformed rows are listed and block saving; a rejecting policy blocks saving until changed', async () => {
    const ws = new DataWorkspace(new CatalogClient(fakeFetch([], () => ({ status: 200, body: { series: [] } }))));
    await ws.loadFile('bad.csv', enc('time,open,high,low,close\n2024-01-01,1,2,0.5,1\n2024-01-02,1,2,zero,1\n'));
    expect(ws.issueCount).toBe(1);
    expect(ws.issueLines).toEqual(["bad.csv:3 [low]: cannot read low 'zero' as a number"]);
    expect(ws.canSave).toBe(false);
    await ws.loadFile('ohlc.csv', enc('time,open,high,low,close\n2024-01-01,1,2,0.5,1\n2024-01-02,1,0.9,0.5,1\n'));
    ws.instrument = 'X.Y';
    ws.check();
    expect(ws.report?.rejected).toBe(true);
    expect(ws.canSave).toBe(false);
    await ws.setPolicy('ohlc', 'drop');
    expect(ws.report?.rejected).toBe(false);
    expect(ws.canSave).toBe(true);
  });

  it('a gateway refusal is shown and nothing is claimed saved', async () => {
    const ws = new DataWorkspace(new CatalogClient(fakeFetch([], () => ({ status: 409, body: { error: { code: 'CONFLICT', message: 'new data starts at 2024-01-01, at or before the stored end' } } }))));
    await ws.loadFile('a.csv', enc('time,close\n2024-01-01,1\n2024-01-02,2\n'));
    ws.instrument = 'A.B';
    await ws.saveToGateway();
    expect(ws.message).toEqual({ kind: 'error', text: 'Nothing was saved: new data starts at 2024-01-01, at or before the stored end' });
  });

  it('ignoring a column in the mapping sticks (no re-detection by header name)', async () => {
    const ws = new DataWorkspace(new CatalogClient(fakeFetch([], () => ({ status: 200, body: { series: [] } }))));
    await ws.loadFile('v.csv', enc('Date,Open,High,Low,Close,Volume\n2024-01-02,1,2,0.5,1.5,10\n'));
    expect(ws.roleOf(5)).toBe('volume');
    await ws.setRole(5, null);
    expect(ws.roleOf(5)).toBe('');
    expect(ws.parsed?.columns.volume[0]).toBe(0);
  });

  it('caches bars locally and lists them', async () => {
    const cache = new BarCache({ deps: { indexedDB: new IDBFactory(), IDBKeyRange } });
    const ws = new DataWorkspace(new CatalogClient(fakeFetch([], () => ({ status: 200, body: { series: [] } }))), cache);
    await ws.loadFile('spx.csv', enc('Date,Open,High,Low,Close,Volume\n2024-01-02,1,2,0.5,1.5,10\n2024-01-03,1.5,2,1,1.8,11\n'));
    ws.instrument = 'SPX.NYSE';
    await ws.cacheLocally();
    expect(ws.cacheStats?.series[0]).toMatchObject({ series: 'SPX.NYSE|1d', rows: 2 });
    await ws.clearCache();
    expect(ws.cacheStats?.series).toEqual([]);
    cache.close();
  });

  it('guesses an editable instrument id from the file name', () => {
    expect(guessInstrument('BTCUSDT-1m-2024.csv')).toBe('BTCUSDT.IMPORT');
  });
});
