import { describe, expect, it } from 'vitest';
import { AccountType, OrderSide, USD, type InstrumentId } from '../../model/index.ts';
import { SeededRandom } from '../../util/random.ts';
import { SimHarness, testEquity } from './testing.ts';

const ID = 'AAA.SIM' as InstrumentId;

/**
 * Accounting identity, checked after every trade of a random (seeded) sequence of market orders that open, add to,
 * reduce and flip positions:
 *
 *   equity = cash + position value at the mark
 *          = start - sum(commissions) + sum(sell notional) - sum(buy notional) + qty * mark
 *
 * The right side uses only the fill events; the left side the venue's account and position. For a MARGIN account
 * cash holds realised PnL only, so its "position value" is the unrealised PnL; for a CASH account cash pays the full
 * notional and the position is worth qty * mark. Each realised PnL is rounded to the cent, hence the tolerance of
 * half a cent per fill.
 */
function run(accountType: AccountType): void {
  const h = new SimHarness(testEquity({ takerFee: 0.0007 }), {
    accountType, startingBalances: [{ currency: USD, total: 1_000_000 }], checkBalance: false,
  });
  const rng = new SeededRandom(11);
  let flows = 0;
  let commissions = 0;
  let price = 100;
  for (let step = 0; step < 300; step++) {
    price = Math.max(1, Math.round((price + rng.normal() * 0.8) * 100) / 100);
    h.quote(price - 0.01, price + 0.01, step * 1_000);
    const engine = h.exchange.matchingEngine(ID)!;
    // A CASH account cannot go short: sell at most what it holds.
    const maxSell = accountType === AccountType.CASH ? Math.max(0, engine.signedQty) : 50;
    const side = rng.chance(0.5) || maxSell === 0 ? OrderSide.BUY : OrderSide.SELL;
    const qty = side === OrderSide.BUY ? rng.int(1, 40) : Math.min(rng.int(1, 40), maxSell);
    h.submit(h.factory.market({ instrumentId: ID, side, quantity: qty }));
    const f = h.sink.fills().at(-1)!;
    flows += (f.orderSide === OrderSide.SELL ? 1 : -1) * f.lastQty * f.lastPx;
    commissions += f.commission;
    const mark = price;
    const cash = h.exchange.account.total(USD);
    const pos = engine.position!;
    const equity = accountType === AccountType.CASH ? cash + pos.signedQty * mark : cash + pos.unrealizedPnl(mark);
    const expected = 1_000_000 - commissions + flows + engine.signedQty * mark;
    expect(Math.abs(equity - expected)).toBeLessThanOrEqual(0.005 * (step + 1) + 1e-6);
    const state = h.sink.states.at(-1)!;
    const usd = state.balances.find((b) => b.currency === USD)!;
    expect(usd.free).toBeCloseTo(usd.total - usd.locked, 8);
  }
}

describe('venue accounting identity', () => {
  it('MARGIN: cash + unrealised PnL == start - fees + cash flows + position value, at every fill', () => run(AccountType.MARGIN));
  it('CASH: cash + position value == start - fees + cash flows + position value, at every fill', () => run(AccountType.CASH));
});
