import { describe, expect, it } from 'vitest';
import { USD } from './currency.ts';
import { LiquiditySide, OrderSide, OrderType, PositionSide } from './enums.ts';
import { InvalidFillError } from './errors.ts';
import type { AccountId, ClientOrderId, InstrumentId, PositionId, StrategyId, TradeId, VenueOrderId } from './identifiers.ts';
import { equity, future } from './instrument.ts';
import type { OrderFilled } from './order-events.ts';
import { Position, splitFlipFill } from './position.ts';
import type { Money, Price, Quantity } from './units.ts';

const inst = equity({ id: 'AAA.SIM' as InstrumentId, quoteCurrency: USD, priceIncrement: 0.01, sizeIncrement: 1 });
let n = 0;
function fill(side: OrderSide, qty: number, px: number, commission = 0, ts = 1_000): OrderFilled {
  n++;
  return {
    type: 'OrderFilled', strategyId: 'S-1' as StrategyId, instrumentId: inst.id, clientOrderId: `O-${n}` as ClientOrderId,
    venueOrderId: `V-${n}` as VenueOrderId, accountId: 'SIM-001' as AccountId, tradeId: `T-${n}` as TradeId, positionId: null,
    orderSide: side, orderType: OrderType.MARKET, lastQty: qty as Quantity, lastPx: px as Price, currency: USD,
    commission: commission as Money, commissionCurrency: USD, liquiditySide: LiquiditySide.TAKER, tsEvent: ts, tsInit: ts,
  };
}
const PID = 'P-1' as PositionId;

describe('Position', () => {
  it('long: averages the entry, realises PnL on a partial close, marks the rest', () => {
    const p = new Position(inst, fill(OrderSide.BUY, 10, 100, 1), PID);
    p.apply(fill(OrderSide.BUY, 10, 110, 1));
    expect([p.side, p.quantity, p.avgPxOpen]).toEqual([PositionSide.LONG, 20, 105]); // (1000 + 1100) / 20
    const pnl = p.apply(fill(OrderSide.SELL, 5, 120, 1));
    expect(pnl).toBe(75); // (120 - 105) * 5
    expect([p.quantity, p.realizedPnlGross, p.commissions, p.realizedPnl, p.avgPxClose]).toEqual([15, 75, 3, 72, 120]);
    expect(p.unrealizedPnl(100)).toBe(-75); // (100 - 105) * 15
    expect(p.totalPnl(100)).toBe(-3); // 72 - 75
    expect(p.notionalValue(100)).toBe(1_500);
  });

  it('short: gains when the price falls; closes flat with its duration', () => {
    const p = new Position(inst, fill(OrderSide.SELL, 10, 50, 0, 1_000), PID);
    expect([p.side, p.signedQty]).toEqual([PositionSide.SHORT, -10]);
    expect(p.unrealizedPnl(48)).toBe(20); // (50 - 48) * 10
    p.apply(fill(OrderSide.BUY, 4, 45, 0, 2_000));
    p.apply(fill(OrderSide.BUY, 6, 47, 0, 5_000));
    // (50 - 45) * 4 + (50 - 47) * 6 = 20 + 18 = 38; avg close (180 + 282) / 10 = 46.2
    expect([p.side, p.realizedPnl, p.avgPxClose, p.durationMs, p.isClosed()]).toEqual([PositionSide.FLAT, 38, 46.2, 4_000, true]);
    expect(() => p.apply(fill(OrderSide.BUY, 1, 45))).toThrow(/is closed; open a new Position/);
  });

  it('flip: a fill through zero must be split; the split closes one position and opens the other', () => {
    const p = new Position(inst, fill(OrderSide.BUY, 10, 100), PID);
    const flip = fill(OrderSide.SELL, 15, 110, 1.5);
    expect(p.wouldFlip(flip)).toBe(true);
    expect(() => p.apply(flip)).toThrow(InvalidFillError);
    const [close, open] = splitFlipFill(p, flip);
    expect([close.lastQty, close.commission, open.lastQty, open.commission]).toEqual([10, 1, 5, 0.5]); // pro rata 10/15, 5/15
    expect(p.apply(close)).toBe(100); // (110 - 100) * 10
    expect([p.isClosed(), p.realizedPnl]).toEqual([true, 99]);
    const q = new Position(inst, open, 'P-2' as PositionId);
    expect([q.side, q.quantity, q.avgPxOpen, q.commissions]).toEqual([PositionSide.SHORT, 5, 110, 0.5]);
  });

  it('applies the contract multiplier', () => {
    const es = future({ id: 'ESZ6.CME' as InstrumentId, quoteCurrency: USD, priceIncrement: 0.25, sizeIncrement: 1, multiplier: 50 });
    const f = { ...fill(OrderSide.BUY, 2, 5_000), instrumentId: es.id };
    const p = new Position(es, f, PID);
    expect(p.unrealizedPnl(5_010)).toBe(1_000); // 10 points * 2 contracts * 50
  });
});
