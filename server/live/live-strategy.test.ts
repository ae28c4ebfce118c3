import { describe, expect, it } from 'vitest';
import { syntheticSpec } from '../../shared/data/embedded-instruments.ts';
import { SyntheticMarket } from '../../shared/data/synthetic.ts';
import { ManualTime } from './manual-time.ts';
import { PaperNode } from './paper-node.ts';

const SPEC = {
  version: 1,
  name: 'SMA 5/20 on 1m (test)',
  instruments: ['BTCUSDT.SIM'],
  timeframe: '1m',
  indicators: [
    { id: 'fast', type: 'SMA', params: { period: 5 } },
    { id: 'slow', type: 'SMA', params: { period: 20 } },
  ],
  long: {
    entry: { op: 'crossesAbove', left: 'fast', right: 'slow' },
    exit: { op: 'crossesBelow', left: 'fast', right: 'slow' },
  },
  sizing: { type: 'fixedQuantity', quantity: 0.01 },
};

describe('live StrategySpec on the paper node', () => {
  it('trades the crossings of SMA(5)/SMA(20) computed independently from the same minute bars', () => {
    const from = Date.UTC(2024, 6, 9, 12, 0);
    const to = from + 3 * 3_600_000 - 1;
    const time = new ManualTime(from - 60_000);
    const orders: Array<{ side: string; ts: number }> = [];
    const node = new PaperNode({
      time,
      // Reads all three hours of orders back at the end: closed orders stay in memory for a day here, not an hour.
      orderPurge: { everyMs: 5 * 60_000, keepMs: 24 * 3_600_000 },
      onEvent: (topic, e) => {
        const ev = e as unknown as { type: string; strategyId: string; tsEvent: number; clientOrderId: string };
        if (topic === 'orders.OrderSubmitted' && ev.strategyId === 'LIVE-1') orders.push({ side: '', ts: ev.tsEvent });
      },
    });
    const view = node.deploy(SPEC, 'BTCUSDT.SIM');
    expect(view).toMatchObject({ id: 'LIVE-1', status: 'RUNNING', timeframe: '1m' });

    const m = new SyntheticMarket(syntheticSpec('BTCUSDT.SIM')!);
    const { quotes, trades } = m.ticks(from, to);
    for (let j = 0; j < trades.length; j++) {
      time.advanceTo(trades[j].ts);
      node.onQuote('BTCUSDT.SIM', quotes[j]);
      node.onTrade('BTCUSDT.SIM', trades[j]);
    }
    time.advanceTo(to + 1); // closes the last minute's bar on the clock

    // Independent reference: SMA(5) and SMA(20) of the 1-minute closes, crossings per docs/strategy-spec.md.
    const close = m.minuteBars(from, to).close;
    const sma = (n: number, i: number) => (i + 1 < n ? NaN : close.slice(i + 1 - n, i + 1).reduce((a, b) => a + b, 0) / n);
    const expected: Array<{ side: string; ts: number }> = [];
    let long = false;
    for (let i = 1; i < close.length; i++) {
      const [f0, s0, f1, s1] = [sma(5, i - 1), sma(20, i - 1), sma(5, i), sma(20, i)];
      if ([f0, s0, f1, s1].some(Number.isNaN)) continue;
      const barClose = from + (i + 1) * 60_000;
      if (!long && f0 <= s0 && f1 > s1) {
        expected.push({ side: 'BUY', ts: barClose });
        long = true;
      } else if (long && f0 >= s0 && f1 < s1) {
        expected.push({ side: 'SELL', ts: barClose });
        long = false;
      }
    }
    expect(expected.length).toBeGreaterThan(4);
    const sides = node.orders().filter((o) => o.orderId.includes('LIVE-1')).map((o) => o.side);
    expect(orders.map((o) => o.ts)).toEqual(expected.map((e) => e.ts));
    expect(sides).toEqual(expected.map((e) => e.side));
    expect(node.orders().filter((o) => o.orderId.includes('LIVE-1')).every((o) => o.status === 'FILLED')).toBe(true);

    const stopped = node.stopStrategy('LIVE-1');
    expect(stopped.status).toBe('STOPPED');
    expect(() => node.deploy({ ...SPEC, timeframe: 'often' }, 'BTCUSDT.SIM')).toThrow(/timeframe/);
    expect(() => node.deploy(SPEC, 'SPX.INDEX')).toThrow(/not one of them/);
  });

  it('a strategy whose handler throws is FAULTED alone: reported once, no exception into the feed, the node goes on', () => {
    const from = Date.UTC(2024, 6, 9, 12, 0);
    const to = from + 30 * 60_000 - 1;
    const time = new ManualTime(from - 60_000);
    const faults: Array<{ id: string; status: string; error?: string }> = [];
    const node = new PaperNode({ time, onEvent: () => undefined, onStrategyFault: (v) => faults.push(v) });
    node.deploy(SPEC, 'BTCUSDT.SIM');
    node.deploy(SPEC, 'BTCUSDT.SIM');
    // A bug in the first strategy's bar handler from its 10th bar on (the spec compiler never throws; a hand-written
    // Strategy could).
    const buggy = node.kernel.trader.strategies().find((x) => x.id === 'LIVE-1')! as unknown as { onBar: (b: unknown) => void };
    const original = buggy.onBar.bind(buggy);
    let bars = 0;
    buggy.onBar = (b) => {
      if (++bars === 10) throw new TypeError('cannot read properties of undefined (reading "close")');
      original(b);
    };
    const m = new SyntheticMarket(syntheticSpec('BTCUSDT.SIM')!);
    const { quotes, trades } = m.ticks(from, to);
    expect(() => {
      for (let j = 0; j < trades.length; j++) {
        time.advanceTo(trades[j].ts);
        node.onQuote('BTCUSDT.SIM', quotes[j]);
        node.onTrade('BTCUSDT.SIM', trades[j]);
      }
      time.advanceTo(to + 1);
    }).not.toThrow();
    expect(bars).toBe(10); // no bar reached it after the fault
    expect(faults).toHaveLength(1);
    expect(faults[0]).toMatchObject({ id: 'LIVE-1', status: 'FAULTED', error: 'onBar: cannot read properties of undefined (reading "close")' });
    const views = node.strategies();
    expect(views.map((v) => v.status)).toEqual(['FAULTED', 'RUNNING']);
    expect(views[0].stoppedAt).toBeGreaterThanOrEqual(from + 9 * 60_000);
    // Stopping a faulted strategy changes nothing; the node still takes orders.
    expect(node.stopStrategy('LIVE-1').status).toBe('FAULTED');
    expect(node.submit({ instrument: 'BTCUSDT.SIM', side: 'BUY', type: 'MARKET', quantity: 0.01 }).order.status).toBe('FILLED');
  });
});
