import { describe, expect, it } from 'vitest';
import { ApiClient } from '../api/client.ts';
import { WINDOW_BARS, fetchHistory, windows } from './fetch-history.ts';

const MIN = 60_000;

describe('fetchHistory', () => {
  it('splits a long range into windows under the per-request limit, covering every bar once', () => {
    const w = windows(0, (250_000 - 1) * MIN, MIN);
    expect(w).toEqual([
      [0, WINDOW_BARS * MIN - 1],
      [WINDOW_BARS * MIN, 2 * WINDOW_BARS * MIN - 1],
      [2 * WINDOW_BARS * MIN, (250_000 - 1) * MIN],
    ]);
  });

  it('fetches a long 1m history window by window and packs it in order', async () => {
    const n = 200_000;
    const asked: string[] = [];
    const api = new ApiClient('', async (url) => {
      const u = new URL(url, 'http://x');
      if (u.pathname === '/api/instruments') {
        return Response.json({ instruments: [{ id: 'X.SIM', symbol: 'X', venue: 'SIM', name: 'X', assetClass: 'crypto', timeframes: ['1m'], synthetic: true, description: '', priceDecimals: 2, from: 0, to: (n - 1) * MIN }] });
      }
      asked.push(`${u.searchParams.get('from')}-${u.searchParams.get('to')}`);
      const from = Number(u.searchParams.get('from'));
      const to = Number(u.searchParams.get('to'));
      const time: number[] = [];
      for (let t = from; t <= to; t += MIN) time.push(t);
      const v = time.map((t) => t / MIN);
      return Response.json({ instrument: 'X.SIM', timeframe: '1m', synthetic: true, count: time.length, columns: { time, open: v, high: v, low: v, close: v, volume: v } });
    });
    const progress: number[] = [];
    const h = await fetchHistory(api, 'X.SIM', '1m', (loaded) => progress.push(loaded));
    expect(asked).toHaveLength(3);
    expect(h.synthetic).toBe(true);
    expect(h.columns.time.length).toBe(n);
    expect(h.columns.close[0]).toBe(0);
    expect(h.columns.close[n - 1]).toBe(n - 1);
    // strictly increasing, one bar per minute, nothing lost or doubled at the window seams
    let ok = true;
    for (let i = 1; i < n; i++) if (h.columns.time[i] - h.columns.time[i - 1] !== MIN) ok = false;
    expect(ok).toBe(true);
    expect(progress.at(-1)).toBe(n);
  });
});
