import type { Currency } from './currency.ts';
import { OrderSide, PositionSide } from './enums.ts';
import { InvalidFillError } from './errors.ts';
import type { AccountId, ClientOrderId, InstrumentId, PositionId, StrategyId, TradeId } from './identifiers.ts';
import type { Instrument } from './instrument.ts';
import type { OrderFilled } from './order-events.ts';
import type { Money, Quantity } from './units.ts';
import { cleanFloat } from './units.ts';

// Module-level aliases of imported bindings: under tsx (esbuild, CJS interop) every read of an imported name is a
// getter call; a const is a plain slot read (hot paths).
const OrderSide_ = OrderSide;
const PositionSide_ = PositionSide;
const InvalidFillError_ = InvalidFillError;
const cleanFloat_ = cleanFloat;

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** A Position as JSON (Position.toJSON). */
export interface PositionSnapshot {
  id: PositionId;
  instrumentId: InstrumentId;
  strategyId: StrategyId;
  accountId: AccountId;
  openingOrderId: ClientOrderId;
  closingOrderId: ClientOrderId | null;
  entry: OrderSide;
  side: PositionSide;
  signedQty: number;
  quantity: number;
  peakQty: number;
  avgPxOpen: number;
  avgPxClose: number | null;
  realizedPnlGross: number;
  realizedPnl: number;
  commissions: number;
  /** The settlement currency's code: the currency of the PnL and commissions. */
  currency: string;
  buyQty: number;
  sellQty: number;
  fillCount: number;
  lastTradeId: TradeId;
  tsOpened: number;
  tsLast: number;
  tsClosed: number;
}

/**
 * A position: the fills of one instrument for one strategy (NETTING) or for one entry order (HEDGING — the
 * ExecutionEngine chooses the id). Its life runs from the opening fill to flat; a fill that would take it through
 * zero must be split first with `splitFlipFill()` (close this position, open a new one with the rest), as
 * NautilusTrader's ExecutionEngine does. A closed position takes no more fills: open a new Position.
 *
 * PnL (linear instruments): realised = (exit - avgPxOpen) * qty * multiplier for longs, the negative for shorts,
 * in the settlement currency. `realizedPnl` is net of commissions paid in that currency (as in NautilusTrader);
 * `realizedPnlGross` excludes them.
 */
export class Position {
  readonly id: PositionId;
  /** The fill that opened it (the parameters below that never change are read from it and the instrument). */
  readonly openingFill: OrderFilled;
  readonly instrument: Instrument;
  readonly closingOrderId: ClientOrderId | null = null;
  readonly side: PositionSide = PositionSide_.FLAT;
  /** +long / -short. */
  readonly signedQty: number = 0;
  readonly quantity: Quantity = 0 as Quantity;
  readonly peakQty: Quantity = 0 as Quantity;
  readonly avgPxOpen: number = 0;
  /** Average price of the reducing fills (NaN until the first). */
  readonly avgPxClose: number = Number.NaN;
  readonly realizedPnlGross: Money = 0 as Money;
  readonly realizedPnl: Money = 0 as Money;
  readonly commissions: Money = 0 as Money;
  readonly buyQty: number = 0;
  readonly sellQty: number = 0;
  readonly fillCount: number = 0;
  /** The last fill applied: `lastTradeId` and `tsLast` are read from it (no number boxed per position). */
  private lastFill: OrderFilled;
  readonly tsClosed: number = 0;
  private closedQty = 0;

  constructor(instrument: Instrument, fill: OrderFilled, id: PositionId) {
    this.id = id;
    this.openingFill = fill;
    this.lastFill = fill;
    this.instrument = instrument;
    if (fill.instrumentId !== instrument.id) {
      throw new InvalidFillError_(`Position ${id}: fill ${fill.tradeId} is for ${fill.instrumentId}, the instrument is ${instrument.id}.`);
    }
    this.apply(fill);
  }

  // Fixed for the position's life: read from the opening fill and the instrument instead of copied into every
  // Position (each is kept for the whole run; that is 8 fields and 2 boxed numbers less per position).
  get instrumentId(): InstrumentId {
    return this.openingFill.instrumentId;
  }
  get strategyId(): StrategyId {
    return this.openingFill.strategyId;
  }
  get accountId(): AccountId {
    return this.openingFill.accountId;
  }
  get openingOrderId(): ClientOrderId {
    return this.openingFill.clientOrderId;
  }
  get entry(): OrderSide {
    return this.openingFill.orderSide;
  }
  get tsOpened(): number {
    return this.openingFill.tsEvent;
  }
  get multiplier(): number {
    return this.instrument.multiplier;
  }
  get quoteCurrency(): Currency {
    return this.instrument.quoteCurrency;
  }
  get settlementCurrency(): Currency {
    return this.instrument.settlementCurrency;
  }
  get lastTradeId(): TradeId {
    return this.lastFill.tradeId;
  }
  get tsLast(): number {
    return this.lastFill.tsEvent;
  }
  /** Time from the opening fill to the closing one (0 while open). */
  get durationMs(): number {
    return this.side === PositionSide_.FLAT && this.fillCount > 0 ? this.tsClosed - this.tsOpened : 0;
  }

  /**
   * What JSON.stringify writes (the journal, the WebSocket): the position's state, with the instrument, the order and
   * the fills by id. The whole object (the instrument's full definition, the opening and the last fill) was ~2.4 KB
   * per position event, hashed, stored and sent with every fill, and left out `instrumentId` (a getter).
   */
  toJSON(): PositionSnapshot {
    return {
      id: this.id,
      instrumentId: this.instrumentId,
      strategyId: this.strategyId,
      accountId: this.accountId,
      openingOrderId: this.openingOrderId,
      closingOrderId: this.closingOrderId,
      entry: this.entry,
      side: this.side,
      signedQty: this.signedQty,
      quantity: this.quantity,
      peakQty: this.peakQty,
      avgPxOpen: this.avgPxOpen,
      avgPxClose: Number.isNaN(this.avgPxClose) ? null : this.avgPxClose,
      realizedPnlGross: this.realizedPnlGross,
      realizedPnl: this.realizedPnl,
      commissions: this.commissions,
      currency: this.settlementCurrency.code,
      buyQty: this.buyQty,
      sellQty: this.sellQty,
      fillCount: this.fillCount,
      lastTradeId: this.lastTradeId,
      tsOpened: this.tsOpened,
      tsLast: this.tsLast,
      tsClosed: this.tsClosed,
    };
  }

  isOpen(): boolean {
    return this.side !== PositionSide_.FLAT;
  }

  isClosed(): boolean {
    return this.side === PositionSide_.FLAT;
  }

  isLong(): boolean {
    return this.side === PositionSide_.LONG;
  }

  isShort(): boolean {
    return this.side === PositionSide_.SHORT;
  }

  /**
   * Applies a fill; returns the gross realised PnL of this fill (0 for an increasing fill). Throws InvalidFillError
   * for a fill of another instrument, a closed position, or one that would flip the side (split it first).
   */
  apply(fill: OrderFilled): number {
    if (fill.instrumentId !== this.instrumentId) {
      throw new InvalidFillError_(`Position ${this.id}: fill ${fill.tradeId} is for ${fill.instrumentId}, not ${this.instrumentId}.`);
    }
    if (this.fillCount > 0 && this.side === PositionSide_.FLAT) {
      throw new InvalidFillError_(`Position ${this.id} is closed; open a new Position for fill ${fill.tradeId}.`);
    }
    const signed = fill.orderSide === OrderSide_.BUY ? fill.lastQty : -fill.lastQty;
    const next = cleanFloat_(this.signedQty + signed);
    if (this.signedQty !== 0 && next !== 0 && Math.sign(next) !== Math.sign(this.signedQty)) {
      throw new InvalidFillError_(
        `Position ${this.id}: fill ${fill.tradeId} (${fill.orderSide} ${fill.lastQty}) would flip it from ${this.signedQty}; split it with splitFlipFill().`,
      );
    }
    const w = this as Writable<Position>;
    const px = fill.lastPx;
    const qty = fill.lastQty;
    let pnl = 0;
    if (this.signedQty === 0 || Math.sign(signed) === Math.sign(this.signedQty)) {
      // Increasing: volume-weighted average entry.
      const abs = Math.abs(this.signedQty);
      w.avgPxOpen = abs === 0 ? px : (this.avgPxOpen * abs + px * qty) / (abs + qty);
    } else {
      // Reducing: realise PnL on the closed part at the average entry.
      pnl = (this.signedQty > 0 ? px - this.avgPxOpen : this.avgPxOpen - px) * qty * this.multiplier;
      w.avgPxClose = this.closedQty === 0 ? px : (this.avgPxClose * this.closedQty + px * qty) / (this.closedQty + qty);
      this.closedQty = cleanFloat_(this.closedQty + qty);
      w.closingOrderId = fill.clientOrderId;
    }
    pnl = this.settlementCurrency.round(pnl);
    const commission = fill.commissionCurrency.code === this.settlementCurrency.code ? fill.commission : 0;
    w.realizedPnlGross = this.settlementCurrency.round(this.realizedPnlGross + pnl);
    w.commissions = this.settlementCurrency.round(this.commissions + commission);
    w.realizedPnl = this.settlementCurrency.round(this.realizedPnlGross - this.commissions);
    if (fill.orderSide === OrderSide_.BUY) w.buyQty = cleanFloat_(this.buyQty + qty);
    else w.sellQty = cleanFloat_(this.sellQty + qty);
    w.signedQty = next;
    w.quantity = Math.abs(next) as Quantity;
    if (this.quantity > this.peakQty) w.peakQty = this.quantity;
    w.side = next > 0 ? PositionSide_.LONG : next < 0 ? PositionSide_.SHORT : PositionSide_.FLAT;
    w.fillCount++;
    this.lastFill = fill;
    if (this.side === PositionSide_.FLAT) w.tsClosed = fill.tsEvent;
    return pnl;
  }

  /** Unrealised PnL at `price` (settlement currency, unrounded). */
  unrealizedPnl(price: number): number {
    if (this.signedQty === 0) return 0;
    return (price - this.avgPxOpen) * this.signedQty * this.multiplier;
  }

  /** Realised (net of commissions) + unrealised at `price`. */
  totalPnl(price: number): number {
    return this.realizedPnl + this.unrealizedPnl(price);
  }

  /** Signed market value at `price`: qty * price * multiplier (negative for shorts). */
  notionalValue(price: number): number {
    return this.signedQty * price * this.multiplier;
  }

  /** True when `fill` would take the position through zero. */
  wouldFlip(fill: OrderFilled): boolean {
    const signed = fill.orderSide === OrderSide_.BUY ? fill.lastQty : -fill.lastQty;
    const next = cleanFloat_(this.signedQty + signed);
    return this.signedQty !== 0 && next !== 0 && Math.sign(next) !== Math.sign(this.signedQty);
  }
}

/**
 * Splits a fill that flips `position` into the part that closes it and the part that opens the opposite position.
 * Commission is split pro rata by quantity (rounded to the commission currency; the opening part takes the rest).
 * The trade ids get suffixes '-C' / '-O' so each stays unique.
 */
export function splitFlipFill(position: Position, fill: OrderFilled): [OrderFilled, OrderFilled] {
  const closeQty = Math.abs(position.signedQty);
  const openQty = cleanFloat_(fill.lastQty - closeQty);
  if (!(openQty > 0)) {
    throw new InvalidFillError_(`Fill ${fill.tradeId} of ${fill.lastQty} does not flip position ${position.id} (${position.signedQty}).`);
  }
  const closeComm = fill.commissionCurrency.round((fill.commission * closeQty) / fill.lastQty);
  const openComm = fill.commissionCurrency.round(fill.commission - closeComm);
  return [
    { ...fill, tradeId: `${fill.tradeId}-C` as TradeId, lastQty: closeQty as Quantity, commission: closeComm },
    { ...fill, tradeId: `${fill.tradeId}-O` as TradeId, lastQty: openQty as Quantity, commission: openComm, positionId: null },
  ];
}
