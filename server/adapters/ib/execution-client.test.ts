/**
 * The IB execution client against simulated TWS message sequences: the argument order of every event is
 * @stoqey/ib's (orderStatus, openOrder, execDetails, commissionReport, error), with TWS's own values ('Submitted',
 * 'BOT'/'SLD', error 201 with its text). What a real TWS adds (and what these tests cannot show) is in docs/gateway.md.
 */
import { EventEmitter } from 'node:events';
import type { Contract, Order } from '@stoqey/ib';
import { beforeEach, describe, expect, it } from 'vitest';
import { IbExecutionClient, type IbOrderEvent, type IbTradingApi } from './execution-client.ts';

/** A TWS stand-in: records what the client sends; the test plays TWS's answers. */
class SimTws extends EventEmitter implements IbTradingApi {
  isConnected = true;
  placed: Array<{ id: number; contract: Contract; order: Order }> = [];
  canceled: number[] = [];
  execRequests = 0;
  connect(): unknown { return this; }
  disconnect(): unknown { return this; }
  reqContractDetails(): unknown { return this; }
  reqHistoricalData(): unknown { return this; }
  cancelHistoricalData(): unknown { return this; }
  reqRealTimeBars(): unknown { return this; }
  cancelRealTimeBars(): unknown { return this; }
  placeOrder(id: number, contract: Contract, order: Order): unknown {
    this.placed.push({ id, contract, order });
    return this;
  }
  cancelOrder(id: number): unknown {
    this.canceled.push(id);
    return this;
  }
  reqOpenOrders(): unknown { return this; }
  reqExecutions(): unknown {
    this.execRequests++;
    return this;
  }
  reqIds(): unknown { return this; }
  // TWS's messages, as @stoqey/ib emits them:
  status(id: number, status: string, filled: number, remaining: number, avg: number): void {
    this.emit('orderStatus', id, status, filled, remaining, avg, 9000 + id, 0, avg, 7, '', 0);
  }
  exec(id: number, ref: string, execId: string, side: 'BOT' | 'SLD', shares: number, price: number): void {
    this.emit('execDetails', -1, AAPL, { execId, orderId: id, orderRef: ref, side, shares, price, permId: 9000 + id, time: '20240116 15:30:01 US/Eastern' });
  }
}

const AAPL: Contract = { conId: 265598, symbol: 'AAPL', secType: 'STK' as Contract['secType'], exchange: 'SMART', currency: 'USD' };
let tws: SimTws;
let ib: IbExecutionClient;
let events: IbOrderEvent[];

beforeEach(() => {
  tws = new SimTws();
  ib = new IbExecutionClient(tws);
  events = [];
  ib.onEvent((e) => events.push(e));
  tws.emit('nextValidId', 101);
});

describe('IB execution client (simulated TWS messages)', () => {
  it('places with the next valid id and orderRef = client order id; submitted, partial fill, fill, commission', async () => {
    const v = await ib.submitOrder({ clientOrderId: 'ib-1', contract: AAPL, side: 'BUY', type: 'LIMIT', quantity: 100, price: 182.1 });
    expect(v).toMatchObject({ orderId: 101, status: 'PENDING' });
    expect(tws.placed[0].order).toMatchObject({ action: 'BUY', totalQuantity: 100, orderType: 'LMT', lmtPrice: 182.1, orderRef: 'ib-1', transmit: true });
    tws.status(101, 'PreSubmitted', 0, 100, 0);
    tws.status(101, 'Submitted', 0, 100, 0); // TWS repeats statuses: one accepted event
    tws.exec(101, 'ib-1', '0001f4e8.65a5e1c2.01.01', 'BOT', 40, 182.1);
    tws.status(101, 'Submitted', 40, 60, 182.1);
    tws.exec(101, 'ib-1', '0001f4e8.65a5e1c2.01.02', 'BOT', 60, 182.05);
    tws.status(101, 'Filled', 100, 0, 182.07);
    tws.emit('commissionReport', { execId: '0001f4e8.65a5e1c2.01.02', commission: 0.35, currency: 'USD' });
    expect(events.map((e) => e.type)).toEqual(['accepted', 'filled', 'filled', 'commission']);
    expect(events[2]).toMatchObject({ lastQty: 60, lastPx: 182.05, side: 'BUY' });
    // Hand-computed average: (40 x 182.10 + 60 x 182.05) / 100 = 182.07.
    expect(ib.order('ib-1')).toMatchObject({ status: 'FILLED', filled: 100 });
    expect(ib.order('ib-1')!.avgPx).toBeCloseTo(182.07, 10);
  });

  it('idempotent: the same client order id is never placed twice; ids never go backwards', async () => {
    await ib.submitOrder({ clientOrderId: 'ib-2', contract: AAPL, side: 'SELL', type: 'MARKET', quantity: 5 });
    await ib.submitOrder({ clientOrderId: 'ib-2', contract: AAPL, side: 'SELL', type: 'MARKET', quantity: 5 });
    tws.emit('nextValidId', 50); // a late or repeated nextValidId
    await ib.submitOrder({ clientOrderId: 'ib-3', contract: AAPL, side: 'SELL', type: 'MARKET', quantity: 5 });
    expect(tws.placed.map((p) => [p.id, p.order.orderRef, p.order.orderType])).toEqual([[101, 'ib-2', 'MKT'], [102, 'ib-3', 'MKT']]);
  });

  it('a rejection (error 201 for the order id) and a cancel (ApiCancelled) end the order', async () => {
    await ib.submitOrder({ clientOrderId: 'ib-r', contract: AAPL, side: 'BUY', type: 'LIMIT', quantity: 1e6, price: 1 });
    tws.emit('error', new Error('Order rejected - reason:YOUR ORDER IS NOT ACCEPTED. IN ORDER TO OBTAIN THE DESIRED POSITION YOUR EQUITY WITH LOAN VALUE [0.00 USD] MUST EXCEED THE INITIAL MARGIN'), 201, 101);
    expect(events.at(-1)).toMatchObject({ type: 'rejected', clientOrderId: 'ib-r' });
    expect((events.at(-1) as { reason: string }).reason).toMatch(/^TWS 201: Order rejected/);
    await ib.submitOrder({ clientOrderId: 'ib-c', contract: AAPL, side: 'BUY', type: 'LIMIT', quantity: 10, price: 150 });
    tws.status(102, 'Submitted', 0, 10, 0);
    await ib.cancelOrder('ib-c');
    expect(tws.canceled).toEqual([102]);
    tws.status(102, 'ApiCancelled', 0, 10, 0);
    tws.status(102, 'Cancelled', 0, 10, 0);
    expect(events.filter((e) => e.type === 'canceled').map((e) => e.clientOrderId)).toEqual(['ib-c']);
    expect(ib.order('ib-c')!.status).toBe('CANCELED');
    await ib.cancelOrder('ib-c'); // ended: nothing sent
    expect(tws.canceled).toEqual([102]);
  });

  it('reconciliation after a restart: open orders adopted by orderRef, executions replayed once (dedup by execId)', async () => {
    // A new client (the restarted gateway) knows nothing; TWS answers reqOpenOrders and reqExecutions.
    ib.reconcile(7);
    expect(tws.execRequests).toBe(1);
    tws.emit('openOrder', 88, AAPL, { action: 'BUY', totalQuantity: 30, orderType: 'LMT', lmtPrice: 180, orderRef: 'before-restart' }, { status: 'Submitted' });
    tws.emit('openOrder', 89, AAPL, { action: 'BUY', totalQuantity: 1, orderType: 'LMT', lmtPrice: 1 }, { status: 'Submitted' }); // placed in TWS by hand
    tws.emit('openOrderEnd');
    tws.exec(88, 'before-restart', 'e-1', 'BOT', 10, 180);
    tws.exec(88, 'before-restart', 'e-1', 'BOT', 10, 180); // TWS sends it again (reqExecutions + live)
    tws.emit('execDetailsEnd', 7);
    expect(ib.order('before-restart')).toMatchObject({ orderId: 88, status: 'PARTIALLY_FILLED', filled: 10 });
    expect(events.filter((e) => e.type === 'filled').length).toBe(1);
    expect(ib.order('89')).toBeUndefined();
    // The adopted order is reported once (accepted), the hand-placed one not at all.
    expect(events.filter((e) => e.type === 'accepted').map((e) => [e.clientOrderId, (e as { orderId: number }).orderId])).toEqual([['before-restart', 88]]);
    // An order the client already knows keeps its id; a repeat of its key sends nothing.
    await ib.submitOrder({ clientOrderId: 'before-restart', contract: AAPL, side: 'BUY', type: 'LIMIT', quantity: 30, price: 180 });
    expect(tws.placed).toEqual([]);
  });
});
