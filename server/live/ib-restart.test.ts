/**
 * A strategy deployed on the IB venue survives a gateway restart (in process, real @stoqey/ib client, fake TWS socket
 * as the ground truth): its resting limit entry, partly filled, is canceled at TWS; the filled part becomes the
 * restarted strategy's position; the exit then sells exactly that.
 */
import { describe, expect, it } from 'vitest';
import { ibGatewayKit } from './ib-test-kit.ts';

const kit = ibGatewayKit();
const { ibConfig, boot } = kit;
const until = (what: string, ok: () => boolean | Promise<boolean>): Promise<void> => kit.until(what, ok, 800);

const spec = {
  version: 1, name: 'SMA 2/3 limit entry (ib restart test)', instruments: ['AAPL.NASDAQ'], timeframe: '1m',
  indicators: [{ id: 'fast', type: 'SMA', params: { period: 2 } }, { id: 'slow', type: 'SMA', params: { period: 3 } }],
  long: { entry: { op: 'crossesAbove', left: 'fast', right: 'slow' }, exit: { op: 'crossesBelow', left: 'fast', right: 'slow' } },
  entryOrder: { type: 'limit', offset: { type: 'percent', value: 1 }, expireBars: 100 },
  sizing: { type: 'fixedQuantity', quantity: 10 },
};

describe('an IB strategy across a gateway restart', () => {
  it('its working entry is canceled at TWS, the filled part is its position, and the exit sells exactly that', async () => {
    const cfg = ibConfig();
    const a = await boot(cfg);
    kit.tws.marketPrice.set('AAPL', 100);
    const t0 = Math.floor(Date.now() / 60_000) * 60_000 - 40 * 60_000;
    const sec = (k: number) => String((t0 + 60_000 * k) / 1000);
    kit.tws.bars.set('AAPL|1 min', [[sec(0), 100, 100, 100, 100, 1], [sec(1), 99.9, 99.9, 99.9, 99.9, 1]]);
    const dep = (await a.app.inject({ method: 'POST', url: '/api/live/strategies', headers: a.headers, payload: { spec, instrument: 'AAPL.NASDAQ', venue: 'ib' } })).json() as { id: string };
    await until('bars requested', () => kit.tws.sent(20).length === 1);
    let k = 2;
    const push = (reqId: number, closes: number[]) => {
      for (const c of closes) kit.tws.pushUpdate(reqId, sec(k++), c, c, c, c, 1);
    };
    // SMA(2) crosses above SMA(3) on the 101 bar -> a LIMIT BUY 10 at 1 % below the close (99.99), resting at TWS.
    push(Number(kit.tws.sent(20)[0][1]), [99.8, 99.7, 101, 101]);
    await until('the entry rests at TWS', () => kit.tws.orders.size === 1);
    const entry = [...kit.tws.orders.values()][0];
    expect(entry).toMatchObject({ action: 'BUY', orderType: 'LMT', quantity: 10, lmtPrice: 99.99, status: 'Submitted' });
    kit.tws.fill(entry.orderId, 4, 99.99);
    await until('the gateway saw the partial fill', async () => ((await a.app.inject({ method: 'GET', url: '/api/ib/orders', headers: a.headers })).json().orders as Array<{ filled: number }>)[0]?.filled === 4);

    await a.app.close();
    kit.apps.length = 0;
    kit.tws.dropAll();

    const b = await boot(ibConfig(cfg.home));
    const audit = async () => (await b.app.inject({ method: 'GET', url: '/api/audit?limit=100000', headers: b.headers })).json().entries as Array<{ kind: string; payload: string }>;
    await until('redeployed', async () => (await audit()).some((e) => e.kind === 'ib.strategy.redeployed'));
    const report = (await audit()).filter((e) => e.kind === 'ib.strategy.redeployed').map((e) => JSON.parse(e.payload));
    expect(report).toEqual([{ id: dep.id, canceled: [expect.any(String)], stillOpen: [], fills: 1, position: 4 }]);
    expect(entry.status).toBe('Cancelled'); // TWS's order: the unfilled 6 will not buy behind the strategy's back
    const list = (await b.app.inject({ method: 'GET', url: '/api/live/strategies', headers: b.headers })).json().strategies as Array<{ id: string; venue: string; status: string }>;
    expect(list.filter((s) => s.venue === 'ib')).toEqual([expect.objectContaining({ id: dep.id, status: 'RUNNING' })]);
    expect(b.app.aio.ib!.existingLiveNode()!.positions()).toEqual([{ instrument: 'AAPL.NASDAQ', side: 'LONG', quantity: 4, avgPxOpen: 99.99 }]);

    // Warm-up again, an entry signal while long (no new order), then the exit: a MARKET SELL of the 4 it holds.
    await until('bars requested again', () => kit.tws.sent(20).length === 2);
    push(Number(kit.tws.sent(20)[1][1]), [99, 98.9, 98.8, 98.7, 100.5, 100.5, 97, 97]);
    await until('the exit reached TWS', () => kit.tws.orders.size === 2);
    const exit = [...kit.tws.orders.values()][1];
    expect(exit).toMatchObject({ action: 'SELL', orderType: 'MKT', quantity: 4, status: 'Filled' });
    await new Promise((r) => setTimeout(r, 300));
    expect(kit.tws.orders.size).toBe(2);
    await until('flat', () => b.app.aio.ib!.existingLiveNode()!.positions().length === 0);
  }, 60_000);
});
