import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditResponse, PaperAccountResponse, PaperOrder } from '../../shared/api/index.ts';
import { startGatewayProcess as startGateway } from '../testing.ts';


let running: ChildProcess | undefined;
afterEach(() => {
  if (running && running.exitCode === null) running.kill('SIGKILL');
});

describe('paper venue across a SIGKILL', () => {
  it('resumes balances from the journal, never resends a keyed order, closes orders left resting, repeats no order id', async () => {
    const home = mkdtempSync(join(tmpdir(), 'aio-paper-crash-'));
    const a = await startGateway(home);
    running = a.proc;
    const token = readFileSync(join(home, 'api-token'), 'utf8').trim();
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const order = async (base: string, body: object) =>
      (await (await fetch(`${base}/api/paper/orders`, { method: 'POST', headers, body: JSON.stringify(body) })).json()) as { order: PaperOrder; duplicate: boolean };

    const bought = await order(a.base, { clientOrderId: 'buy-1', instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'MARKET', quantity: 0.02 });
    expect(bought.order.status).toBe('FILLED');
    const resting = await order(a.base, { clientOrderId: 'rest-1', instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'LIMIT', quantity: 0.01, price: 1000 });
    expect(resting.order.status).toBe('ACCEPTED');
    const before = (await (await fetch(`${a.base}/api/paper/account`, { headers })).json()) as PaperAccountResponse;

    const exited = new Promise((r) => a.proc.once('exit', r));
    a.proc.kill('SIGKILL');
    await exited;

    const b = await startGateway(home);
    running = b.proc;
    const after = (await (await fetch(`${b.base}/api/paper/account`, { headers })).json()) as PaperAccountResponse;
    const total = (acct: PaperAccountResponse, c: string) => acct.balances.find((x) => x.currency === c)?.total ?? 0;
    expect(total(after, 'BTC')).toBeCloseTo(0.02, 10);
    expect(total(after, 'USDT')).toBeCloseTo(total(before, 'USDT'), 6); // the resting limit's lock is gone, the total kept
    expect(total(after, 'USD')).toBe(total(before, 'USD'));

    const auditUrl = `${b.base}/api/audit?limit=100000`;
    const commandsBefore = ((await (await fetch(auditUrl, { headers })).json()) as AuditResponse).entries.filter((e) => e.kind === 'command.submit_order').length;
    const again = await order(b.base, { clientOrderId: 'buy-1', instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'MARKET', quantity: 0.02 });
    expect(again).toMatchObject({ duplicate: true, order: { orderId: bought.order.orderId, status: 'FILLED', filledQty: 0.02 } });
    const audit = (await (await fetch(auditUrl, { headers })).json()) as AuditResponse;
    expect(audit.entries.filter((e) => e.kind === 'command.submit_order').length).toBe(commandsBefore); // nothing resent

    const closed = audit.entries.filter((e) => e.kind === 'reconcile.order_closed').map((e) => JSON.parse(e.payload) as { orderId: string });
    expect(closed.map((c) => c.orderId)).toEqual([resting.order.orderId]);
    const restAgain = await order(b.base, { clientOrderId: 'rest-1', instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'LIMIT', quantity: 0.01, price: 1000 });
    expect(restAgain).toMatchObject({ duplicate: true, order: { status: 'CANCELED' } });

    const fresh = await order(b.base, { instrument: 'BTCUSDT.SIM', side: 'SELL', type: 'MARKET', quantity: 0.01 });
    expect(fresh.order.status).toBe('FILLED');
    expect(fresh.order.orderId).not.toBe(bought.order.orderId);
    expect(fresh.order.orderId).toMatch(/-R2-/);
    expect(((await (await fetch(`${b.base}/api/audit/verify`, { headers })).json()) as { ok: boolean }).ok).toBe(true);
  });
});
