import { describe, expect, it } from 'vitest';
import { OrderSide, currency, ensureInstrumentId, spotPair } from '../../shared/model/index.ts';
import { Strategy } from '../../shared/strategy/strategy.ts';
import { CcxtLiveNode, type LiveVenuePort } from './ccxt-node.ts';
import type { CcxtOrderRequestWire, CcxtOrderView } from './ccxt-venue.ts';
import { ManualTime } from './manual-time.ts';

class Manual extends Strategy {
  constructor() {
    super({ id: 'MANUAL-T' });
  }
}

/** A venue that fills every market order at 100 at once (what the node is told back, as ccxt's venue service would). */
function fillingVenue(): LiveVenuePort & { sent: CcxtOrderRequestWire[] } {
  const sent: CcxtOrderRequestWire[] = [];
  return {
    sent,
    clients: { data: { subscribeBars: async () => undefined } as never },
    submit: async (req) => {
      sent.push(req);
      const order: CcxtOrderView = {
        clientOrderId: req.clientOrderId!, venueOrderId: `V-${sent.length}`, symbol: 'BTC/USDT', instrument: req.instrument, side: req.side === 'BUY' ? 'buy' : 'sell',
        type: 'market', amount: req.quantity, price: null, status: 'closed', filled: req.quantity, average: 100,
      };
      return { order };
    },
    cancel: async () => {
      throw new Error('not used');
    },
  };
}

describe('CcxtLiveNode memory', () => {
  it('forgets filled orders an hour after they close: out of the kernel cache and out of its execution client', async () => {
    const time = new ManualTime(Date.UTC(2024, 6, 9, 14, 0));
    const venue = fillingVenue();
    const id = ensureInstrumentId('BTCUSDT.BINANCE');
    const inst = spotPair({ id, baseCurrency: currency('BTC'), quoteCurrency: currency('USDT'), priceIncrement: 0.01, sizeIncrement: 0.00001 });
    const filled: string[] = [];
    const node = new CcxtLiveNode(venue, time, 'BINANCE', [inst], (topic, e) => {
      if (topic === 'orders.OrderFilled') filled.push((e as { clientOrderId: string }).clientOrderId);
    });
    const s = new Manual();
    node.kernel.addStrategy(s);
    for (let i = 0; i < 3; i++) s.submitOrder(s.orderFactory.market({ instrumentId: id, side: i % 2 ? OrderSide.SELL : OrderSide.BUY, quantity: 0.01 }));
    await new Promise((r) => setImmediate(r)); // the venue's answers (promises) are processed
    expect(venue.sent).toHaveLength(3);
    expect(filled).toHaveLength(3);
    const exec = (node as unknown as { exec: { trackedCount: number } }).exec;
    expect(node.kernel.cache.ordersTotalCount()).toBe(3);
    expect(exec.trackedCount).toBe(3);
    time.advanceTo(time.now() + 59 * 60_000);
    expect(node.kernel.cache.ordersTotalCount()).toBe(3);
    expect(exec.trackedCount).toBe(3);
    time.advanceTo(time.now() + 6 * 60_000); // 65 minutes: the purge at minute 65 finds them over an hour old
    expect(node.kernel.cache.ordersTotalCount()).toBe(0);
    expect(exec.trackedCount).toBe(0);
    node.kernel.dispose();
    expect(time.pending).toBe(0);
  });
});
