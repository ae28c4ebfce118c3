import { describe, expect, it } from 'vitest';
import { ApiClient } from '../api/client.ts';
import type { InstrumentInfo } from '../api/types.ts';
import { ChartWorkspace, memoryTabStore } from './chart-workspace.svelte.ts';

const SPX: InstrumentInfo = {
  id: 'SPX.INDEX', symbol: 'SPX', venue: 'INDEX', name: 'S&P 500', assetClass: 'index',
  timeframes: ['1d', '1w'], synthetic: false, description: 'daily', priceDecimals: 2,
};
const BTC: InstrumentInfo = {
  id: 'BTCUSDT.SIM', symbol: 'BTCUSDT', venue: 'SIM', name: 'Bitcoin', assetClass: 'crypto',
  timeframes: ['1m', '5m', '15m', '1h', '4h', '1d'], synthetic: true, description: 'generated', priceDecimals: 2,
};

/** A fake gateway that serves three bars for any known instrument/timeframe and records what was asked. */
function fakeGateway(instruments: InstrumentInfo[] = [BTC, SPX]) {
  const calls: string[] = [];
  const api = new ApiClient('', async (url) => {
    calls.push(url);
    const u = new URL(url, 'http://x');
    if (u.pathname === '/api/instruments') return Response.json({ instruments });
    const id = u.searchParams.get('instrument') ?? '';
    const ins = instruments.find((i) => i.id === id);
    if (!ins) return Response.json({ error: { code: 'UNKNOWN_INSTRUMENT', message: `Unknown instrument '${id}'` } }, { status: 400 });
    const t0 = Date.UTC(2020, 0, 1);
    return Response.json({
      instrument: id, timeframe: u.searchParams.get('timeframe'), synthetic: ins.synthetic, count: 3,
      columns: { time: [t0, t0 + 60_000, t0 + 120_000], open: [1, 2, 3], high: [2, 3, 4], low: [0.5, 1.5, 2.5], close: [2, 3, 2.8], volume: [5, 6, 7] },
    });
  });
  return { api, calls, bars: () => calls.filter((c) => c.startsWith('/api/bars')) };
}

describe('ChartWorkspace', () => {
  it('opens the S&P 500 daily chart for a new user, even when it is not listed first', async () => {
    const gw = fakeGateway();
    const ws = new ChartWorkspace(gw.api, memoryTabStore());
    await ws.init();
    expect(ws.instrumentsState).toBe('ready');
    expect(ws.tabs.map((t) => `${t.instrumentId} ${t.timeframe}`)).toEqual(['SPX.INDEX 1d']);
    expect(ws.barsState).toBe('ready');
    expect(ws.series?.rows.candles).toHaveLength(3);
    expect(ws.series?.synthetic).toBe(false);
    expect(gw.bars()).toEqual(['/api/bars?instrument=SPX.INDEX&timeframe=1d']);
  });

  it('switches instrument keeping the timeframe when possible, and marks synthetic data', async () => {
    const gw = fakeGateway();
    const ws = new ChartWorkspace(gw.api, memoryTabStore());
    await ws.init();
    await ws.selectInstrument('BTCUSDT.SIM');
    expect(ws.activeTab?.timeframe).toBe('1d');
    expect(ws.series?.synthetic).toBe(true);
    await ws.selectTimeframe('5m');
    expect(ws.series?.timeframe).toBe('5m');
    await ws.selectTimeframe('1w'); // BTC has no weekly bars: ignored
    expect(ws.activeTab?.timeframe).toBe('5m');
    await ws.selectInstrument('SPX.INDEX'); // SPX has no 5m: falls back to daily
    expect(ws.activeTab?.timeframe).toBe('1d');
  });

  it('keeps tabs, serves a revisited tab from memory, and restores tabs after a reload', async () => {
    const gw = fakeGateway();
    const store = memoryTabStore();
    const ws = new ChartWorkspace(gw.api, store);
    await ws.init();
    await ws.addTab('BTCUSDT.SIM');
    await ws.selectTimeframe('1h');
    expect(ws.tabs).toHaveLength(2);
    await ws.cycleTab(1); // wraps back to SPX
    expect(ws.activeInstrument?.id).toBe('SPX.INDEX');
    expect(gw.bars()).toHaveLength(3); // SPX 1d, BTC 1d, BTC 1h; SPX again came from memory

    const again = new ChartWorkspace(fakeGateway().api, store);
    await again.init();
    expect(again.tabs.map((t) => `${t.instrumentId} ${t.timeframe}`)).toEqual(['SPX.INDEX 1d', 'BTCUSDT.SIM 1h']);
    expect(again.activeInstrument?.id).toBe('SPX.INDEX');

    await again.closeTab(again.activeKey);
    expect(again.tabs.map((t) => t.instrumentId)).toEqual(['BTCUSDT.SIM']);
    expect(again.series?.instrument.id).toBe('BTCUSDT.SIM');
    await again.closeTab(again.activeKey); // the last tab stays
    expect(again.tabs).toHaveLength(1);
  });

  it("shows the gateway's message when bars cannot be loaded, and recovers on retry", async () => {
    let fail = true;
    const api = new ApiClient('', async (url) => {
      if (url === '/api/instruments') return Response.json({ instruments: [SPX] });
      if (fail) return Response.json({ error: { code: 'BAD_RANGE', message: 'from is after to: swap them.' } }, { status: 400 });
      return Response.json({ instrument: 'SPX.INDEX', timeframe: '1d', synthetic: false, count: 1,
        columns: { time: [0], open: [1], high: [1], low: [1], close: [1], volume: [1] } });
    });
    const ws = new ChartWorkspace(api, memoryTabStore());
    await ws.init();
    expect(ws.barsState).toBe('error');
    expect(ws.barsError).toBe('from is after to: swap them.');
    fail = false;
    await ws.reload();
    expect(ws.barsState).toBe('ready');
    expect(ws.barsError).toBeNull();
  });

  it('drops saved tabs whose instrument is gone, and explains an unreachable gateway', async () => {
    const store = memoryTabStore();
    store.save({ tabs: [{ instrumentId: 'GONE.SIM', timeframe: '1m' }], active: 0 });
    const ws = new ChartWorkspace(fakeGateway([SPX]).api, store);
    await ws.init();
    expect(ws.tabs.map((t) => t.instrumentId)).toEqual(['SPX.INDEX']);

    const down = new ChartWorkspace(new ApiClient('', () => Promise.reject(new TypeError('fetch failed'))), memoryTabStore());
    await down.init();
    expect(down.instrumentsState).toBe('error');
    expect(down.instrumentsError).toContain('npm start');
  });
});

describe('ChartWorkspace indicators', () => {
  it('adds indicators to the active tab, computes them over its bars and keeps them across reloads', async () => {
    const store = memoryTabStore();
    const ws = new ChartWorkspace(fakeGateway().api, store);
    await ws.init();
    await ws.addIndicator('sma', { period: 2 });
    expect(ws.indicators).toHaveLength(1);
    // closes 2, 3, 2.8 -> 2-bar means 2.5, 2.9
    expect(ws.indicators[0].lines[0].points.map((p) => p.value)).toEqual([2.5, 2.9]);
    await ws.addIndicator('rsi', { period: 14 });
    expect(ws.activeTab?.indicators.map((i) => i.id)).toEqual(['sma', 'rsi']);
    expect(new Set(ws.activeTab?.indicators.map((i) => i.color)).size).toBe(2);

    // Another tab has its own (empty) set.
    await ws.addTab('BTCUSDT.SIM');
    expect(ws.indicators).toEqual([]);
    await ws.cycleTab(1);
    expect(ws.indicators.map((i) => i.id)).toEqual(['sma', 'rsi']);

    const again = new ChartWorkspace(fakeGateway().api, store);
    await again.init();
    expect(again.activeTab?.indicators.map((i) => i.id)).toEqual(['sma', 'rsi']);
    await again.removeIndicator(again.activeTab!.indicators[0].uid);
    expect(again.indicators.map((i) => i.id)).toEqual(['rsi']);
  });
});
