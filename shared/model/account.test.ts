import { describe, expect, it } from 'vitest';
import { Account } from './account.ts';
import { BTC, USD, USDT } from './currency.ts';
import { AccountType, LiquiditySide, OrderSide, OrderType } from './enums.ts';
import type { AccountId, ClientOrderId, InstrumentId, StrategyId, TradeId, VenueOrderId } from './identifiers.ts';
import { equity, spotPair, type Instrument } from './instrument.ts';
import type { OrderFilled } from './order-events.ts';
import type { Money, Price, Quantity } from './units.ts';

const ACC = 'SIM-001' as AccountId;
function fill(inst: Instrument, side: OrderSide, qty: number, px: number, commission: number): OrderFilled {
  return {
    type: 'OrderFilled', strategyId: 'S-1' as StrategyId, instrumentId: inst.id, clientOrderId: 'O-1' as ClientOrderId,
    venueOrderId: 'V-1' as VenueOrderId, accountId: ACC, tradeId: 'T-1' as TradeId, positionId: null, orderSide: side,
    orderType: OrderType.MARKET, lastQty: qty as Quantity, lastPx: px as Price, currency: inst.quoteCurrency,
    commission: commission as Money, commissionCurrency: inst.quoteCurrency, liquiditySide: LiquiditySide.TAKER, tsEvent: 1, tsInit: 1,
  };
}

describe('Account', () => {
  const btc = spotPair({ id: 'BTCUSDT.SIM' as InstrumentId, baseCurrency: BTC, quoteCurrency: USDT, priceIncrement: 0.01, sizeIncrement: 0.001 });
  const aaa = equity({ id: 'AAA.SIM' as InstrumentId, quoteCurrency: USD, priceIncrement: 0.01, sizeIncrement: 1 });

  it('CASH, spot pair: buying and selling swap currencies, fees come off the quote', () => {
    const a = new Account(ACC, AccountType.CASH, null, [{ currency: USDT, total: 50_000 }]);
    a.applyFill(fill(btc, OrderSide.BUY, 1, 30_000, 30), btc, 0);
    expect([a.total(USDT), a.total(BTC)]).toEqual([19_970, 1]); // 50 000 - 30 000 - 30
    a.applyFill(fill(btc, OrderSide.SELL, 0.4, 31_000, 12.4), btc, 0);
    expect([a.total(USDT), a.total(BTC)]).toEqual([32_357.6, 0.6]); // 19 970 + 12 400 - 12.4
  });

  it('CASH, equity: cash pays for shares; the shares are a position, not a balance', () => {
    const a = new Account(ACC, AccountType.CASH, USD, [{ currency: USD, total: 10_000 }]);
    a.applyFill(fill(aaa, OrderSide.BUY, 10, 150, 1), aaa, 0);
    expect(a.total(USD)).toBe(8_499); // 10 000 - 1 500 - 1
    expect(a.currencies().map((c) => c.code)).toEqual(['USD']);
  });

  it('MARGIN: only realised PnL and fees move cash; margin is locked, free = total - locked', () => {
    const a = new Account(ACC, AccountType.MARGIN, USD, [{ currency: USD, total: 10_000 }]);
    a.applyFill(fill(aaa, OrderSide.BUY, 10, 150, 1), aaa, 0);
    expect(a.total(USD)).toBe(9_999);
    a.setMargin(aaa.id, USD, 300, 150);
    expect(a.balance(USD)).toEqual({ currency: USD, total: 9_999, locked: 300, free: 9_699 });
    a.applyFill(fill(aaa, OrderSide.SELL, 10, 160, 1), aaa, 100); // +100 realised, -1 fee
    a.setMargin(aaa.id, USD, 0, 0);
    expect(a.balance(USD)).toEqual({ currency: USD, total: 10_098, locked: 0, free: 10_098 });
  });

  it('round-trips through AccountState (how a Portfolio mirrors a venue)', () => {
    const a = new Account(ACC, AccountType.CASH, null, [{ currency: USDT, total: 1_000 }, { currency: BTC, total: 0.5 }]);
    a.setOrderLock(USDT, 200);
    const s = a.toState(5_000);
    expect(s.balances.find((b) => b.currency === USDT)).toEqual({ currency: USDT, total: 1_000, locked: 200, free: 800 });
    const mirror = new Account(ACC, AccountType.CASH, null, []);
    mirror.applyState(s);
    expect(mirror.balances()).toEqual(a.balances());
    expect(() => a.adjust(USDT, Number.NaN)).toThrow(/must be finite/);
  });
});
