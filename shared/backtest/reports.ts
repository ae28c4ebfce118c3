/** Plain-data reports of kernel objects for BacktestResult (JSON-safe, fixed key order). */
import { Bar, QuoteTick, TradeTick, type Order, type Position } from '../model/index.ts';
import type { OrderReport, PositionReport, TradeRecord } from './results.ts';

// Module-level aliases of imported bindings: under tsx (esbuild, CJS interop) every read of an imported name is a
// getter call; a const is a plain slot read (hot paths).
const Bar_ = Bar;
const QuoteTick_ = QuoteTick;
const TradeTick_ = TradeTick;

export type MarketData = QuoteTick | TradeTick | Bar;

export function describe(item: MarketData): string {
  if (item instanceof Bar_) return `Bar ${item.barType.key} at ${item.tsEvent}`;
  if (item instanceof QuoteTick_) return `Quote ${item.instrumentId} at ${item.tsEvent}`;
  if (item instanceof TradeTick_) return `Trade ${item.instrumentId} at ${item.tsEvent}`;
  return item == null ? String(item) : 'item';
}

/** 10 significant decimals: removes float residue so results are stable and readable. */
export function round(x: number): number {
  return Number.isFinite(x) ? Math.round(x * 1e10) / 1e10 : x;
}

function nullIfNaN(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

export function orderReport(o: Order): OrderReport {
  // The latest event with a reason. The common events (no reason) are recognised by their type: a string compare,
  // where `'reason' in e` over events of a dozen shapes is a slow generic lookup (it ran for every event of every order).
  let reason: string | null = null;
  const events = o.events;
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    const t = e.type;
    if (t === 'OrderFilled' || t === 'OrderAccepted' || t === 'OrderSubmitted' || t === 'OrderInitialized') continue;
    if ('reason' in e) {
      reason = e.reason;
      break;
    }
  }
  return {
    clientOrderId: o.clientOrderId, venueOrderId: o.venueOrderId, strategyId: o.strategyId, instrumentId: o.instrumentId,
    side: o.side, type: o.orderType, quantity: o.quantity, price: o.price, triggerPrice: o.triggerPrice, timeInForce: o.timeInForce,
    status: o.status, filledQty: o.filledQty, avgPx: nullIfNaN(o.avgPx), initTs: o.tsInit, lastTs: o.tsLast, reason,
    orderListId: o.orderListId, reduceOnly: o.reduceOnly, postOnly: o.postOnly,
  };
}

export function positionReport(p: Position, mark: number | undefined): PositionReport {
  return {
    positionId: p.id, strategyId: p.strategyId, instrumentId: p.instrumentId, side: p.side, quantity: p.quantity, peakQty: p.peakQty,
    avgPxOpen: p.avgPxOpen, avgPxClose: nullIfNaN(p.avgPxClose), realizedPnl: p.realizedPnl,
    unrealizedPnl: p.isOpen() && mark !== undefined ? round(p.unrealizedPnl(mark)) : 0, commissions: p.commissions,
    openedTs: p.tsOpened, closedTs: p.isClosed() ? p.tsClosed : null, currency: p.settlementCurrency.code,
  };
}

export function tradeOf(p: Position): TradeRecord {
  return {
    instrumentId: p.instrumentId, side: p.entry === 'BUY' ? 'LONG' : 'SHORT', qty: p.peakQty, entryTs: p.tsOpened, exitTs: p.tsClosed,
    entryPrice: p.avgPxOpen, exitPrice: p.avgPxClose, pnl: p.realizedPnl, fees: p.commissions, multiplier: p.multiplier,
  };
}
