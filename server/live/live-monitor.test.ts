import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from '../journal/journal.ts';
import { Hub } from '../ws/hub.ts';
import { LiveMonitorService } from './live-monitor.ts';
import { PaperNode } from './paper-node.ts';
import { PaperService } from './paper-service.ts';

// The kill switch over more than one live node (in the gateway: the paper venue's and the ccxt venue's). The second
// node here is another PaperNode: it has the same surface (kernel, strategies, stopStrategy) as the ccxt node.
const T0 = Date.UTC(2026, 10, 25, 12);
const SPEC = {
  version: 1,
  name: 'SMA 2/3',
  instruments: ['BTCUSDT.SIM'],
  timeframe: '1m',
  indicators: [
    { id: 'fast', type: 'SMA', params: { period: 2 } },
    { id: 'slow', type: 'SMA', params: { period: 3 } },
  ],
  long: { entry: { op: 'crossesAbove', left: 'fast', right: 'slow' }, exit: { op: 'crossesBelow', left: 'fast', right: 'slow' } },
  sizing: { type: 'fixedQuantity', quantity: 0.01 },
};

describe('LiveMonitorService.killSwitch with another live node', () => {
  it('halts both RiskEngines, stops the strategies and cancels the orders of both; resume lifts both', () => {
    const time = { now: () => T0, schedule: () => 0, cancel: () => undefined };
    const journal = new Journal(join(mkdtempSync(join(tmpdir(), 'aio-mon-')), 'j.sqlite'));
    const hub = new Hub({ maxBufferedBytes: 1 << 20, maxTopicsPerClient: 10, now: time.now });
    const paper = new PaperService(journal, hub, time);
    const other = new PaperNode({ time, onEvent: () => undefined });
    const quote = { ts: T0, bid: 25_000, ask: 25_001, bidSize: 5, askSize: 5 };
    paper.node.onQuote('BTCUSDT.SIM', quote);
    other.onQuote('BTCUSDT.SIM', quote);
    const monitor = new LiveMonitorService(journal, paper, hub, time, () => [other]);

    const s1 = paper.deploy(SPEC, 'BTCUSDT.SIM');
    const s2 = other.deploy(SPEC, 'BTCUSDT.SIM');
    const o1 = paper.submit({ instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'LIMIT', quantity: 0.01, price: 20_000 }).order;
    const o2 = other.submit({ instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'LIMIT', quantity: 0.01, price: 20_000 }).order;
    expect([o1.status, o2.status]).toEqual(['ACCEPTED', 'ACCEPTED']);

    const r = monitor.killSwitch('test');
    expect(r.tradingState).toBe('HALTED');
    expect(r.strategiesStopped).toEqual([s1.id, s2.id]);
    expect(r.ordersCanceled).toEqual([o1.orderId, o2.orderId]);
    expect(r.ordersStillOpen).toEqual([]);
    expect(other.kernel.riskEngine.tradingState).toBe('HALTED');
    expect(other.strategies()[0].status).toBe('STOPPED');
    expect(other.orders().find((o) => o.orderId === o2.orderId)?.status).toBe('CANCELED');
    expect(other.submit({ instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'MARKET', quantity: 0.01 }).order.status).toBe('DENIED');
    expect(paper.submit({ instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'MARKET', quantity: 0.01 }).order.status).toBe('DENIED');
    // The other node's strategy stop is journaled by the monitor (the paper service journals its own).
    const stops = journal.entries(1, 1000).filter((e) => e.kind === 'strategy.stopped').map((e) => (JSON.parse(e.payload) as { id: string }).id);
    expect(stops).toEqual([s1.id, s2.id]);
    expect(monitor.summary().strategies.map((s) => [s.id, s.venue, s.status])).toEqual([[s1.id, 'paper', 'STOPPED'], [s2.id, 'ccxt', 'STOPPED']]);

    monitor.resume();
    expect(other.kernel.riskEngine.tradingState).toBe('ACTIVE');
    expect(other.submit({ instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'MARKET', quantity: 0.01 }).order.status).toBe('FILLED');
    expect(paper.submit({ instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'MARKET', quantity: 0.01 }).order.status).toBe('FILLED');
    monitor.dispose();
    other.dispose();
    paper.dispose();
    journal.close();
  });
});
