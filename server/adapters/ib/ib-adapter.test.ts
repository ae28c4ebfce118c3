import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createIbClients } from './factory.ts';
import { IbSimulator, type Recorded } from './testing/ib-simulator.ts';
import { IB_PORTS, resolveIbConfig } from './config.ts';
import { ibDuration, ibEndDateTime, parseIbBarTime } from './mapping.ts';
import type { FeedStatus, LiveBar } from '../types.ts';

const rec = JSON.parse(readFileSync(join(import.meta.dirname, 'testing', 'recorded.json'), 'utf8')) as Recorded;
const NOW = Date.UTC(2024, 0, 16, 21);

function setup(contracts = [{ symbol: 'AAPL', secType: 'STK' as never, exchange: 'SMART', currency: 'USD' }]) {
  const sim = new IbSimulator(rec);
  const sleeps: number[] = [];
  const c = createIbClients({ connectTimeoutMs: 500, requestTimeoutMs: 500, reconnectBaseMs: 5 }, { api: sim, contracts, now: () => NOW, sleep: async (ms) => void sleeps.push(ms) });
  return { sim, c, sleeps };
}

describe('IB connection settings', () => {
  it('ports for TWS and IB Gateway, paper and live', () => {
    expect(IB_PORTS).toEqual({ tws: { paper: 7497, live: 7496 }, gateway: { paper: 4002, live: 4001 } });
    expect(resolveIbConfig({ app: 'gateway', mode: 'live' }).port).toBe(4001);
    expect(resolveIbConfig({}).port).toBe(7497);
    expect(() => resolveIbConfig({ port: 70000 })).toThrow(/not a TCP port/);
  });
  it('a closed TWS port gives an actionable error', async () => {
    const { sim, c } = setup();
    sim.twsRunning = false;
    await expect(c.connection.connect()).rejects.toThrow(/Start it, log in \(paper\), and enable API socket clients on port 7497/);
  });
});

describe('IB mapping', () => {
  it('contract details -> instruments (stock, FX, future); unsupported types skipped', async () => {
    const { c } = setup([
      { symbol: 'AAPL', secType: 'STK' as never, exchange: 'SMART', currency: 'USD' },
      { symbol: 'EUR', secType: 'CASH' as never, exchange: 'IDEALPRO', currency: 'USD' },
      { symbol: 'ES', secType: 'FUT' as never, exchange: 'CME', currency: 'USD' },
      { symbol: 'SPX', secType: 'IND' as never, exchange: 'CBOE', currency: 'USD' },
    ]);
    await c.connection.connect();
    const list = await c.instruments.loadAll();
    expect(list.map((i) => `${i.id}:${i.kind}`)).toEqual(['AAPL.NASDAQ:EQUITY', 'EURUSD.IDEALPRO:FX', 'ESH4.CME:FUTURE']);
    const es = c.instruments.find('ESH4.CME')!;
    expect(es.multiplier).toBe(50);
    expect(es.priceIncrement).toBe(0.25);
    expect(es.expiry).toBe(Date.UTC(2024, 2, 15));
    expect(c.instruments.find('EURUSD.IDEALPRO')!.priceIncrement).toBe(0.00005);
    expect(c.instruments.entry('AAPL.NASDAQ').timeZone).toBe('America/New_York');
    expect(c.instruments.entry('AAPL.NASDAQ').contract.exchange).toBe('SMART');
  });
  it('an unknown contract is error 200 with a fix', async () => {
    const { c } = setup();
    await c.connection.connect();
    await expect(c.instruments.resolve({ symbol: 'NOPE', secType: 'STK' as never })).rejects.toThrow(/IB knows no security NOPE STK: check symbol/);
  });
  it('bar times: epoch seconds, daily dates, and zoned wall times', () => {
    expect(parseIbBarTime('1705415400')).toBe(Date.UTC(2024, 0, 16, 14, 30));
    expect(parseIbBarTime('20240116')).toBe(Date.UTC(2024, 0, 16));
    expect(parseIbBarTime('20240116  09:30:00', 'America/New_York')).toBe(Date.UTC(2024, 0, 16, 14, 30));
    expect(parseIbBarTime('20240716 09:30:00 US/Eastern')).toBe(Date.UTC(2024, 6, 16, 13, 30));
    expect(ibDuration(3 * 60_000)).toBe('180 S');
    expect(ibDuration(5 * 86_400_000)).toBe('5 D');
    expect(ibEndDateTime(Date.UTC(2024, 0, 16, 21))).toBe('20240116-21:00:00');
  });
});

describe('IB data', () => {
  it('historical bars: request parameters, rows until the finished marker, range trimmed', async () => {
    const { sim, c } = setup();
    await c.connection.connect();
    await c.instruments.loadAll();
    const b = await c.data.requestBars({ instrument: 'AAPL.NASDAQ', timeframe: '1m', from: Date.UTC(2024, 0, 16, 14, 31), to: NOW });
    expect(Array.from(b.time)).toEqual([Date.UTC(2024, 0, 16, 14, 31), Date.UTC(2024, 0, 16, 14, 32)]);
    expect(b.close[0]).toBe(182.12);
    const call = sim.calls.find((x) => x.method === 'reqHistoricalData')!.args;
    expect(call.slice(2)).toEqual(['20240116-21:00:00', '23340 S', '1 min', 'TRADES', false, 2, false]);
  });
  it('FX uses MIDPOINT and negative (unknown) volume becomes 0; pacing violations are retried', async () => {
    const { sim, c, sleeps } = setup([{ symbol: 'EUR', secType: 'CASH' as never, exchange: 'IDEALPRO', currency: 'USD' }]);
    await c.connection.connect();
    await c.instruments.loadAll();
    sim.failHistoricalOnce = 162;
    const b = await c.data.requestBars({ instrument: 'EURUSD.IDEALPRO', timeframe: '1h', from: Date.UTC(2024, 0, 16), to: NOW });
    expect(sleeps.length).toBe(1);
    expect(Array.from(b.volume)).toEqual([0, 0]);
    expect(sim.calls.filter((x) => x.method === 'reqHistoricalData').map((x) => x.args[5])).toEqual(['MIDPOINT', 'MIDPOINT']);
  });
  it('live bars via keepUpToDate: forming updates, then closed when the next bar starts', async () => {
    const { sim, c } = setup();
    await c.connection.connect();
    await c.instruments.loadAll();
    const bars: LiveBar[] = [];
    const sub = c.data.subscribeBars('AAPL.NASDAQ', '1m', (b) => bars.push(b));
    await new Promise((r) => setImmediate(r));
    const req = sim.calls.find((x) => x.method === 'reqHistoricalData')!.args;
    expect(req[8]).toBe(true);
    const reqId = req[0] as number;
    await new Promise((r) => setTimeout(r, 5));
    sim.pushUpdate(reqId, '1705415520', 182.12, 182.4, 182.0, 182.38, 250);
    sim.pushUpdate(reqId, '1705415580', 182.38, 182.38, 182.3, 182.33, 5);
    const last = bars.slice(-3).map((b) => [b.time / 1000, b.close, b.closed]);
    expect(last).toEqual([
      [1705415520, 182.38, false],
      [1705415520, 182.38, true],
      [1705415580, 182.33, false],
    ]);
    // The seeded history came first: earlier bars closed in order.
    expect(bars.filter((b) => b.closed).map((b) => b.time / 1000)).toEqual([1705415400, 1705415460, 1705415520]);
    await sub.stop();
    expect(sim.calls.some((x) => x.method === 'cancelHistoricalData' && x.args[0] === reqId)).toBe(true);
  });
  it('reconnects with backoff after TWS drops and re-subscribes', async () => {
    const { sim, c, sleeps } = setup();
    await c.connection.connect();
    await c.instruments.loadAll();
    const states: FeedStatus[] = [];
    const sub = c.data.subscribeBars('AAPL.NASDAQ', '1m', () => undefined, (s) => states.push(s));
    await new Promise((r) => setTimeout(r, 5));
    sim.drop();
    await new Promise((r) => setTimeout(r, 30));
    expect(states.map((s) => s.state)).toEqual(expect.arrayContaining(['reconnecting', 'connecting', 'connected']));
    expect(sleeps.length).toBeGreaterThan(0);
    expect(sim.calls.filter((x) => x.method === 'reqHistoricalData').length).toBe(2);
    await sub.stop();
  });
  it('5-second real-time bars', async () => {
    const { sim, c } = setup();
    await c.connection.connect();
    await c.instruments.loadAll();
    const bars: LiveBar[] = [];
    c.data.subscribeRealTimeBars('AAPL.NASDAQ', (b) => bars.push(b));
    const reqId = sim.calls.find((x) => x.method === 'reqRealTimeBars')!.args[0] as number;
    sim.pushRealtimeBar(reqId, 1705415405, 182.2, 182.3, 182.1, 182.25, 12);
    expect(bars).toEqual([{ instrument: 'AAPL.NASDAQ', timeframe: '5s', time: 1705415405000, open: 182.2, high: 182.3, low: 182.1, close: 182.25, volume: 12, closed: true }]);
  });
});
