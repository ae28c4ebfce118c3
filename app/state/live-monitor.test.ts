import { describe, expect, it } from 'vitest';
import { ApiClient } from '../api/client.ts';
import { LiveMonitor } from './live-monitor.svelte.ts';

function gateway(routes: Record<string, [number, unknown]>) {
  const seen: { url: string; auth: string | null }[] = [];
  const api = new ApiClient(
    '',
    async (url, init) => {
      seen.push({ url, auth: new Headers(init?.headers).get('authorization') });
      const [status, body] = routes[`${init?.method ?? 'GET'} ${url}`] ?? [404, { error: { code: 'NOT_FOUND', message: 'No route' } }];
      return Response.json(body, { status });
    },
    () => 'secret-token-123456',
  );
  return { api, seen };
}

describe('LiveMonitor', () => {
  it('asks for the API token before calling the gateway', async () => {
    const gw = gateway({});
    const m = new LiveMonitor(gw.api, () => false);
    await m.refresh();
    expect(m.connection).toBe('needs-token');
    expect(m.message).toContain('api-token');
    expect(gw.seen).toEqual([]);
  });

  it("shows the paper venue's positions, balances and filled orders, and no invented PnL", async () => {
    const gw = gateway({
      'GET /api/paper/account': [200, { synthetic: true, balances: [{ currency: 'USD', total: 99_000, free: 98_000, locked: 1000 }], positions: [{ instrument: 'BTCUSDT.SIM', side: 'LONG', quantity: 0.5, avgPxOpen: 42_000, realizedPnl: 0 }] }],
      'GET /api/paper/orders': [200, { orders: [
        { orderId: 'O-1', instrument: 'BTCUSDT.SIM', side: 'BUY', status: 'FILLED', filledQty: 0.5, avgPx: 42_000 },
        { orderId: 'O-2', instrument: 'BTCUSDT.SIM', side: 'SELL', status: 'ACCEPTED', filledQty: 0, avgPx: null },
      ] }],
    });
    const m = new LiveMonitor(gw.api, () => true);
    await m.refresh();
    expect(m.connection).toBe('connected');
    expect(gw.seen.every((s) => s.auth === 'Bearer secret-token-123456')).toBe(true);
    expect(m.positions).toEqual([{ instrumentId: 'BTCUSDT.SIM', side: 'long', quantity: 0.5, avgPrice: 42_000, realizedPnl: 0, currency: 'USD' }]);
    expect(m.fills.map((f) => f.id)).toEqual(['O-1']);
    expect(m.status?.pnlToday).toBeNull();
    expect(m.equity).toEqual([]);
  });

  it('says plainly when the kill switch could not be sent', async () => {
    const m = new LiveMonitor(gateway({}).api, () => true);
    await m.killSwitch();
    expect(m.killState).toBe('error');
    expect(m.killMessage).toContain('Nothing was sent to any venue');
    const refused = new LiveMonitor(gateway({ 'POST /api/live/kill-switch': [401, { error: { code: 'UNAUTHORIZED', message: 'The API token is wrong.' } }] }).api, () => true);
    await refused.killSwitch();
    expect(refused.killMessage).toContain('API token');
  });
});
