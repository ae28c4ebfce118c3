/**
 * The IB adapter with the REAL @stoqey/ib client over a real TCP socket to a fake TWS (testing/fake-tws.ts):
 * handshake and version negotiation, message framing, request encoding and response decoding.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeTws } from './testing/fake-tws.ts';
import { createIbClients, type IbClients } from './factory.ts';
import type { FeedStatus, LiveBar } from '../types.ts';

const rec = JSON.parse(readFileSync(join(import.meta.dirname, 'testing', 'recorded.json'), 'utf8'));
const aaplDetails = rec.contractDetails[0].details;
let tws: FakeTws;
let c: IbClients;
const wait = async (cond: () => boolean, ms = 3000): Promise<void> => {
  const t = Date.now();
  while (!cond()) {
    if (Date.now() - t > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

beforeEach(async () => {
  tws = await new FakeTws().start();
  tws.bars.set('AAPL|1 min', [
    ['1705415400', 182.16, 182.4, 182.05, 182.31, 412],
    ['1705415460', 182.31, 182.35, 182.1, 182.12, 230],
  ]);
  c = createIbClients({ port: tws.port, clientId: 7, connectTimeoutMs: 2000, requestTimeoutMs: 2000, reconnectBaseMs: 10, reconnectMaxMs: 50 }, { now: () => Date.UTC(2024, 0, 16, 21), sleep: async () => undefined });
  c.instruments.register(aaplDetails);
});
afterEach(async () => {
  c.connection.disconnect();
  await tws.stop();
});

describe('IB adapter over a TWS socket (real @stoqey/ib client)', () => {
  it('handshake: version range offered, START_API with our client id, ready on nextValidId', async () => {
    await c.connection.connect();
    expect(tws.requests[0].fields[0]).toMatch(/^v100\.\.\d+$/);
    expect(tws.sent(71)[0].slice(1, 3)).toEqual(['2', '7']);
  });

  it('historical bars are encoded and decoded over the wire', async () => {
    await c.connection.connect();
    const b = await c.data.requestBars({ instrument: 'AAPL.NASDAQ', timeframe: '1m', from: Date.UTC(2024, 0, 16, 14), to: Date.UTC(2024, 0, 16, 21) });
    expect(Array.from(b.time)).toEqual([1705415400000, 1705415460000]);
    expect(Array.from(b.close)).toEqual([182.31, 182.12]);
    expect(Array.from(b.volume)).toEqual([412, 230]);
    const req = tws.sent(20)[0];
    expect(req.slice(3, 5)).toEqual(['AAPL', 'STK']);
    expect(req).toContain('1 min');
    expect(req).toContain('TRADES');
    expect(req).toContain('20240116-21:00:00');
  });

  it('a pacing violation (error 162 on the socket) is retried', async () => {
    await c.connection.connect();
    tws.failNextHistorical = { code: 162, message: 'Historical Market Data Service error message:API historical data query cancelled: 1' };
    const b = await c.data.requestBars({ instrument: 'AAPL.NASDAQ', timeframe: '1m', from: Date.UTC(2024, 0, 16, 14), to: Date.UTC(2024, 0, 16, 21) });
    expect(b.time.length).toBe(2);
    expect(tws.sent(20).length).toBe(2);
  });

  it('keepUpToDate updates and real-time bars arrive as live bars', async () => {
    await c.connection.connect();
    const bars: LiveBar[] = [];
    c.data.subscribeBars('AAPL.NASDAQ', '1m', (x) => bars.push(x));
    await wait(() => tws.sent(20).length === 1 && bars.length >= 2);
    const reqId = Number(tws.sent(20)[0][1]);
    tws.pushUpdate(reqId, "1705415520", 182.12, 182.4, 182.0, 182.38, 250);
    await wait(() => bars.some((x) => x.time === 1705415520000));
    expect(bars.map((x) => [x.time / 1000, x.close, x.closed])).toEqual([
      [1705415400, 182.31, false],
      [1705415400, 182.31, true],
      [1705415460, 182.12, false],
      [1705415460, 182.12, true],
      [1705415520, 182.38, false],
    ]);
    const rt: LiveBar[] = [];
    c.data.subscribeRealTimeBars('AAPL.NASDAQ', (x) => rt.push(x));
    await wait(() => tws.sent(50).length === 1);
    // REQ_REAL_TIME_BARS carries a version field before the request id.
    tws.pushRealtimeBar(Number(tws.sent(50)[0][2]), 1705415405, 182.2, 182.3, 182.1, 182.25, 12);
    await wait(() => rt.length === 1);
    expect(rt[0]).toMatchObject({ time: 1705415405000, close: 182.25, volume: 12, closed: true });
  });

  it('TWS going away: reconnect with backoff, then the subscription is requested again', async () => {
    await c.connection.connect();
    const states: FeedStatus[] = [];
    c.data.subscribeBars('AAPL.NASDAQ', '1m', () => undefined, (s) => states.push(s));
    await wait(() => tws.sent(20).length === 1);
    tws.dropAll();
    await wait(() => tws.sent(20).length === 2, 5000);
    expect(states.map((s) => s.state)).toEqual(expect.arrayContaining(['reconnecting', 'connected']));
    expect(tws.sent(71).length).toBe(2);
  });

  it('nothing listening on the port: a clear error', async () => {
    await tws.stop();
    await expect(c.connection.connect()).rejects.toThrow(/TWS/);
  });
});
