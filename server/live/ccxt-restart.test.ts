/**
 * A strategy deployed on the ccxt venue survives a SIGKILL of the gateway (real process, real ccxt, fake Binance as
 * the ground truth): the restarted gateway deploys it again under its id, knowing the position its orders built at the
 * venue, so an entry signal while long does not buy twice and the exit sells exactly what was bought.
 */
import { describe, expect, it } from 'vitest';
import { ccxtGatewayKit } from './ccxt-test-kit.ts';
import type { GatewayProcess } from '../testing.ts';

const kit = ccxtGatewayKit({
  balances: { USDT: 10_000, BTC: 0 }, prices: { BTCUSDT: 50_000 }, apiKey: 'k-restart', secret: 's-restart', timeoutMs: 2000,
});
const { boot } = kit;
const api = <T>(g: GatewayProcess, method: string, path: string, body?: object): Promise<T> => kit.api<T>(g, method, path, body);
const audit = async (g: GatewayProcess) => (await api<{ entries: Array<{ kind: string; payload: string }> }>(g, 'GET', '/api/audit?limit=100000')).entries;
const until = async (what: string, ok: () => boolean | Promise<boolean>): Promise<void> => {
  // Up to 60 s: the gateway is a separate process and other test files load both cores meanwhile.
  for (let i = 0; i < 2400 && !(await ok()); i++) await new Promise((r) => setTimeout(r, 25));
  expect(await ok(), what).toBe(true);
};

const spec = {
  version: 1, name: 'SMA 2/3 on 1m (restart test)', instruments: ['BTCUSDT.BINANCE'], timeframe: '1m',
  indicators: [{ id: 'fast', type: 'SMA', params: { period: 2 } }, { id: 'slow', type: 'SMA', params: { period: 3 } }],
  long: { entry: { op: 'crossesAbove', left: 'fast', right: 'slow' }, exit: { op: 'crossesBelow', left: 'fast', right: 'slow' } },
  sizing: { type: 'fixedQuantity', quantity: 0.01 },
};

describe('a ccxt strategy across a SIGKILL of the gateway', () => {
  it('is deployed again under its id with its position from the venue: no second entry, the exit sells what was bought', async () => {
    const a = await boot();
    const dep = await api<{ id: string; status: string }>(a, 'POST', '/api/live/strategies', { spec, instrument: 'BTCUSDT.BINANCE', venue: 'ccxt' });
    await kit.fake.waitForSubscription('btcusdt@kline_1m');
    const t0 = Math.floor(Date.now() / 60_000) * 60_000 - 40 * 60_000;
    let k = 0;
    const bar = (c: number) => kit.fake.pushKline('BTCUSDT', '1m', [t0 + 60_000 * k++, c, c + 10, c - 10, c, 1], true);
    // SMA(2) crosses above SMA(3) on the 51,000 bar (closed when the next one opens) -> one market BUY of 0.01.
    for (const c of [50_000, 49_900, 49_800, 49_700, 51_000, 51_000]) bar(c);
    await until('the strategy bought at the venue', () => kit.fake.account.orders.length === 1);
    // Killed as soon as the venue has filled it: the gateway may not even have recorded the answer.
    const exited = new Promise((r) => a.proc.once('exit', r));
    a.proc.kill('SIGKILL');
    await exited;
    expect(kit.fake.account.orders[0]).toMatchObject({ side: 'BUY', type: 'MARKET', origQty: 0.01, status: 'FILLED' });

    const b = await boot();
    await until('redeployed', async () => (await audit(b)).some((e) => e.kind === 'ccxt.strategy.redeployed'));
    const redeployed = (await audit(b)).filter((e) => e.kind === 'ccxt.strategy.redeployed').map((e) => JSON.parse(e.payload));
    expect(redeployed).toEqual([{ id: dep.id, canceled: [], stillOpen: [], fills: 1, position: 0.01 }]);
    const listed = await api<{ strategies: Array<{ id: string; status: string; venue: string }> }>(b, 'GET', '/api/live/strategies');
    expect(listed.strategies.filter((s) => s.venue === 'ccxt')).toEqual([expect.objectContaining({ id: dep.id, status: 'RUNNING' })]);
    await kit.fake.waitForSubscription('btcusdt@kline_1m');

    // The indicators warm up again; then an entry signal (crossesAbove on 50,000) while long: nothing is bought.
    // Then SMA(2) falls below SMA(3) on the first 48,000 bar -> the exit SELLs 0.01, the position it knows.
    for (const c of [49_000, 48_900, 48_800, 48_700, 50_000, 50_000, 48_000, 48_000]) bar(c);
    await until('the strategy sold at the venue', () => kit.fake.account.orders.length >= 2);
    await new Promise((r) => setTimeout(r, 500)); // a wrong second entry would show up by now
    expect(kit.fake.account.orders.map((o) => [o.side, o.type, o.origQty, o.status])).toEqual([['BUY', 'MARKET', 0.01, 'FILLED'], ['SELL', 'MARKET', 0.01, 'FILLED']]);
    // By hand: bought 0.01 at 50,000 and sold 0.01 at 50,000 -> BTC 0, USDT 10,000 at the venue and in the gateway.
    expect(kit.fake.account.snapshot().BTC.total).toBeCloseTo(0, 12);
    await api(b, 'POST', '/api/ccxt/reconcile');
    const acct = await api<{ balances: Array<{ currency: string; total: number }> }>(b, 'GET', '/api/ccxt/account');
    expect(acct.balances.find((x) => x.currency === 'BTC')?.total).toBeCloseTo(0, 12);
    expect(acct.balances.find((x) => x.currency === 'USDT')?.total).toBeCloseTo(10_000, 8);
    // The kernel of run 2 saw the replayed BUY and its own SELL: flat again.
    const entries = await audit(b);
    const run2 = entries.slice(entries.findLastIndex((e) => e.kind === 'ccxt.started'));
    const fills = run2.filter((e) => e.kind === 'ccxt.event' && JSON.parse(e.payload).topic === 'orders.OrderFilled').map((e) => JSON.parse(e.payload).event);
    expect(fills.map((f) => [f.orderSide, f.lastQty, String(f.tradeId).startsWith('RECOVERED-')])).toEqual([['BUY', 0.01, true], ['SELL', 0.01, false]]);
    const closed = run2.filter((e) => e.kind === 'ccxt.event' && JSON.parse(e.payload).topic === 'positions.PositionClosed');
    expect(closed.length).toBe(1);

    // Stopped strategies stay stopped across the next restart.
    await api(b, 'POST', `/api/live/strategies/${dep.id}/stop`);
    const exitedB = new Promise((r) => b.proc.once('exit', r));
    b.proc.kill('SIGKILL');
    await exitedB;
    const c = await boot();
    await new Promise((r) => setTimeout(r, 500));
    expect((await api<{ strategies: Array<{ venue: string }> }>(c, 'GET', '/api/live/strategies')).strategies.filter((s) => s.venue === 'ccxt')).toEqual([]);
    expect((await audit(c)).filter((e) => e.kind === 'ccxt.strategy.redeployed').length).toBe(1);
  }, 180_000);
});
