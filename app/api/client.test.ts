import { describe, expect, it } from 'vitest';
import { ApiClient, ApiError } from './client.ts';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('ApiClient', () => {
  it('builds the bars query from the contract parameters', async () => {
    const seen: string[] = [];
    const c = new ApiClient('http://gw', async (url) => {
      seen.push(url);
      return json(200, { instrument: 'SPX.INDEX', timeframe: '1d', synthetic: false, count: 0, columns: {} });
    });
    await c.bars({ instrument: 'SPX.INDEX', timeframe: '1d', from: 0, to: 86_400_000 });
    await c.bars({ instrument: 'BTC/USDT', timeframe: '5m' });
    expect(seen).toEqual([
      'http://gw/api/bars?instrument=SPX.INDEX&timeframe=1d&from=0&to=86400000',
      'http://gw/api/bars?instrument=BTC%2FUSDT&timeframe=5m',
    ]);
  });

  it("turns the gateway's 4xx error body into an ApiError carrying its message", async () => {
    const c = new ApiClient('', async () =>
      json(400, { error: { code: 'UNKNOWN_INSTRUMENT', message: "Unknown instrument 'NOPE'. GET /api/instruments lists them." } }),
    );
    const err = await c.bars({ instrument: 'NOPE', timeframe: '1d' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'UNKNOWN_INSTRUMENT', status: 400, message: "Unknown instrument 'NOPE'. GET /api/instruments lists them." });
  });

  it('explains an unreachable gateway and a non-JSON answer', async () => {
    const down = new ApiClient('', () => Promise.reject(new TypeError('Failed to fetch')));
    await expect(down.health()).rejects.toMatchObject({ code: 'NETWORK', message: expect.stringContaining('npm start') });
    const html = new ApiClient('', async () => new Response('<html>502</html>', { status: 502, statusText: 'Bad Gateway' }));
    await expect(html.instruments()).rejects.toMatchObject({ code: 'BAD_RESPONSE', status: 502 });
  });

  it('lets an abort through as an abort, not as a network error', async () => {
    const c = new ApiClient('', () => Promise.reject(new DOMException('aborted', 'AbortError')));
    await expect(c.health()).rejects.toMatchObject({ name: 'AbortError' });
  });
});
