import { describe, expect, it } from 'vitest';
import {
  OrderSide, OrderStatus, TimeInForce, TrailingOffsetType, cleanFloat, type InstrumentId, type Order,
} from '../../model/index.ts';
import { SeededRandom } from '../../util/random.ts';
import { SimHarness, testEquity } from './testing.ts';

const ID = 'AAA.SIM' as InstrumentId;

/**
 * Robustness: thousands of random commands (every order type and time in force, brackets, modifies, cancels, some
 * off the tick/lot grid) against random bars and quotes, with latency, a volume cap, partial fills and a lossy fill
 * model. The venue must never throw, every event it emits must be legal for the client's order (the test sink applies
 * them), and its net position must equal the sum of the fills it reported.
 */
describe('simulated exchange under random load', () => {
  for (const seed of [1, 2, 3]) {
    it(`never throws and stays consistent (seed ${seed})`, () => {
      const rng = new SeededRandom(seed);
      const h = new SimHarness(testEquity(), {
        seed, latencyMs: seed === 2 ? 0 : 30, volumeParticipation: 0.2, fillModel: { probFillOnLimit: 0.7, probSlippage: 0.3 },
        checkBalance: false,
      });
      const orders: Order[] = [];
      let px = 100;
      let ts = 0;
      const p = (x: number): number => Math.max(0.01, Math.round(x * 100) / 100);
      for (let step = 0; step < 1_500; step++) {
        ts += rng.int(1, 120) * 1_000;
        const o = p(px + rng.normal() * 0.3);
        const c = p(o + rng.normal() * 0.6);
        const hi = p(Math.max(o, c) + Math.abs(rng.normal()) * 0.4);
        const lo = p(Math.min(o, c) - Math.abs(rng.normal()) * 0.4);
        if (rng.chance(0.7)) h.bar(o, hi, Math.min(lo, o, c), c, ts, rng.int(0, 200));
        else h.quote(p(c - 0.01), p(c + 0.01), ts, rng.int(0, 50), rng.int(0, 50));
        px = c;
        h.exchange.process(ts);
        const side = rng.chance(0.5) ? OrderSide.BUY : OrderSide.SELL;
        const sgn = side === OrderSide.BUY ? -1 : 1;
        const qty = rng.chance(0.05) ? 1.5 : rng.int(1, 20); // sometimes off the lot
        const tifs = [TimeInForce.GTC, TimeInForce.IOC, TimeInForce.FOK, TimeInForce.DAY, TimeInForce.GTD] as const;
        const tif = tifs[rng.int(0, 4)];
        const common = { instrumentId: ID, side, quantity: qty, timeInForce: tif, expireTime: tif === TimeInForce.GTD ? ts + rng.int(1, 600) * 1_000 : null, reduceOnly: rng.chance(0.1) };
        const off = rng.chance(0.05) ? 0.005 : 0; // sometimes off the tick grid
        const away = p(rng.int(1, 100) * 0.01 + off);
        const roll = rng.int(0, 11);
        h.clock = ts;
        let made: Order | null = null;
        if (roll === 0) made = h.factory.market(common);
        else if (roll === 1) made = h.factory.limit({ ...common, price: p(px + sgn * away) + off, postOnly: tif !== 'IOC' && tif !== 'FOK' && rng.chance(0.2) });
        else if (roll === 2) made = h.factory.stopMarket({ ...common, triggerPrice: p(px - sgn * away) });
        else if (roll === 3) made = h.factory.stopLimit({ ...common, triggerPrice: p(px - sgn * away), price: p(px - sgn * away * 1.2) });
        else if (roll === 4) made = h.factory.marketIfTouched({ ...common, triggerPrice: p(px + sgn * away) });
        else if (roll === 5) made = h.factory.limitIfTouched({ ...common, triggerPrice: p(px + sgn * away), price: p(px + sgn * away * 1.1) });
        else if (roll === 6) {
          const t = [TrailingOffsetType.PRICE, TrailingOffsetType.BASIS_POINTS, TrailingOffsetType.TICKS][rng.int(0, 2)];
          made = h.factory.trailingStopMarket({ ...common, trailingOffset: t === 'PRICE' ? 0.5 : t === 'BASIS_POINTS' ? 40 : 25, trailingOffsetType: t, activationPrice: rng.chance(0.3) ? p(px - sgn * 0.3) : null });
        } else if (roll === 7) {
          const buy = side === OrderSide.BUY;
          const list = h.factory.bracket({ instrumentId: ID, side, quantity: rng.int(1, 10), entryPrice: rng.chance(0.5) ? null : p(px + (buy ? -0.1 : 0.1)), stopLoss: p(px + (buy ? -1 : 1)), takeProfit: p(px + (buy ? 1 : -1)), contingency: rng.chance(0.5) ? 'OUO' : 'OCO' });
          h.submitList(list);
          orders.push(...list.orders);
        } else if (roll === 8 && orders.length > 0) h.cancel(orders[rng.int(0, orders.length - 1)]);
        else if (roll === 9 && orders.length > 0) {
          const t = orders[rng.int(0, orders.length - 1)];
          h.modify(t, { quantity: rng.int(1, 25), price: t.price !== null ? p(t.price + rng.normal() * 0.2) : undefined });
        } else if (roll === 10) {
          h.exchange.send({ type: 'CancelAllOrders', strategyId: h.factory.strategyId, instrumentId: ID, orderSide: rng.chance(0.5) ? side : null, tsInit: ts });
        }
        if (made !== null) {
          h.submit(made);
          orders.push(made);
        }
      }
      h.exchange.process(ts + 10_000_000);
      const fills = h.sink.fills();
      expect(fills.length).toBeGreaterThan(100);
      let net = 0;
      for (const f of fills) net = cleanFloat(net + (f.orderSide === OrderSide.BUY ? f.lastQty : -f.lastQty));
      expect(h.exchange.matchingEngine(ID)!.signedQty).toBe(net);
      for (const o of orders) {
        expect(o.filledQty).toBeLessThanOrEqual(o.quantity);
        if (o.status === OrderStatus.FILLED) expect(o.leavesQty).toBe(0);
      }
      const venueOpen = new Set(h.exchange.matchingEngine(ID)!.openOrders().map((v) => v.order.clientOrderId));
      for (const o of orders) {
        if (venueOpen.has(o.clientOrderId)) expect(o.isOpen()).toBe(true);
        else if (o.status !== OrderStatus.INITIALIZED) expect(o.isClosed()).toBe(true);
      }
    });
  }
});
