import {
  cleanFloat, ContingencyType, Order, OrderSide, OrderType, Position, splitFlipFill, TimeInForce,
  type ClientOrderId, type Instrument, type OrderEvent, type OrderFilled, type PositionId, type Price, type Quantity,
} from '../../model/index.ts';
import type { MatchingContext } from './matching-context.ts';
import { K_LIMIT, refreshLevel, trailingTrigger, VenueOrder } from './venue-order.ts';

// Module-level aliases of imported bindings: under tsx (esbuild, CJS interop) every read of an imported name is a
// getter call; a const is a plain slot read (hot paths).
const cleanFloat_ = cleanFloat;
const ContingencyType_ = ContingencyType;
const Order_ = Order;
const OrderSide_ = OrderSide;
const OrderType_ = OrderType;
const Position_ = Position;
const splitFlipFill_ = splitFlipFill;
const TimeInForce_ = TimeInForce;
const refreshLevel_ = refreshLevel;
const trailingTrigger_ = trailingTrigger;
const VenueOrder_ = VenueOrder;

/**
 * The venue's order book for one instrument, less the matching: its open orders in time priority, the last prices,
 * the net position, and everything commands do (add with validation, modify, cancel, expire) plus contingencies.
 * OrderMatchingEngine extends it with market data and matching; the split is only to keep files small.
 */
export abstract class VenueBook {
  readonly orders: VenueOrder[] = [];
  protected readonly byId = new Map<ClientOrderId, VenueOrder>();
  /** Fill quantities of closed OTO parents, for children that arrive after the parent closed. */
  protected readonly closedParents = new Map<ClientOrderId, number>();
  bid = Number.NaN;
  ask = Number.NaN;
  last = Number.NaN;
  /** Executable prices for buys and sells right now. */
  buyPx = Number.NaN;
  sellPx = Number.NaN;
  protected budgetBuy = Number.POSITIVE_INFINITY;
  protected budgetSell = Number.POSITIVE_INFINITY;
  protected sharedBudget = true;
  protected eventSeq = 0;
  protected seq = 0;
  protected released = false;
  protected dirty = false;
  /** Earliest GTD/DAY expiry among open orders. */
  nextExpiry = Number.POSITIVE_INFINITY;
  /** The venue's net position in this instrument (all strategies of the account). */
  position: Position | null = null;
  signedQty = 0;
  /** Net position per strategy (reduce-only is judged against the order's own strategy, as the kernel nets positions). */
  protected readonly strategyQty = new Map<string, number>();
  protected positionCount = 0;
  protected readonly cap: number;

  constructor(
    readonly instrument: Instrument,
    protected readonly ctx: MatchingContext,
  ) {
    this.cap = ctx.participation ?? Number.POSITIVE_INFINITY;
  }

  hasMarket(): boolean {
    return this.buyPx === this.buyPx && this.sellPx === this.sellPx; // not NaN
  }

  openOrders(): VenueOrder[] {
    return this.orders.filter((o) => !o.closed);
  }

  get(id: ClientOrderId): VenueOrder | undefined {
    return this.byId.get(id);
  }

  // ---------------------------------------------------------------- commands

  /** Accepts (or rejects) an order without running it; call `runNew()` after a batch. Returns the record or null. */
  add(client: Order, reason: string | null): VenueOrder | null {
    const init = client.initEvent;
    const ctx = this.ctx;
    const copy = new Order_(init, false);
    copy.apply({
      type: 'OrderSubmitted', strategyId: init.strategyId, instrumentId: init.instrumentId,
      clientOrderId: init.clientOrderId, accountId: ctx.accountId, tsEvent: ctx.now, tsInit: ctx.now,
    });
    let parentFilled = 0;
    let active = true;
    if (init.parentOrderId !== null) {
      const parent = this.byId.get(init.parentOrderId);
      parentFilled = parent !== undefined ? parent.order.filledQty : (this.closedParents.get(init.parentOrderId) ?? -1);
      if (parentFilled < 0 && reason === null) {
        reason = `parent order ${init.parentOrderId} is unknown at the venue; submit the parent first (or together in an OrderList)`;
      }
      active = parentFilled > 0;
    }
    const vo = new VenueOrder_(copy, this.seq++, active);
    if (reason === null && this.byId.has(init.clientOrderId)) reason = `duplicate clientOrderId ${init.clientOrderId}`;
    if (reason === null) reason = this.validate(vo);
    if (reason !== null) {
      this.emit(vo, {
        type: 'OrderRejected', strategyId: init.strategyId, instrumentId: init.instrumentId,
        clientOrderId: init.clientOrderId, accountId: ctx.accountId, reason, tsEvent: ctx.now, tsInit: ctx.now,
      });
      return null;
    }
    this.emit(vo, {
      type: 'OrderAccepted', strategyId: init.strategyId, instrumentId: init.instrumentId,
      clientOrderId: init.clientOrderId, venueOrderId: ctx.nextVenueOrderId(), accountId: ctx.accountId,
      tsEvent: ctx.now, tsInit: ctx.now,
    });
    if (copy.orderType === OrderType_.TRAILING_STOP_MARKET && active) this.anchorTrailing(vo);
    if (copy.timeInForce === TimeInForce_.GTD) vo.expireAt = copy.expireTime!;
    else if (copy.timeInForce === TimeInForce_.DAY) vo.expireAt = ctx.dayEndAfter(ctx.now);
    this.orders.push(vo);
    this.byId.set(copy.clientOrderId, vo);
    if (vo.expireAt < this.nextExpiry) this.nextExpiry = vo.expireAt;
    if (active && parentFilled > 0) this.syncChild(vo, parentFilled);
    this.ctx.ordersChanged();
    return vo;
  }

  /** Runs the orders that arrived (or were modified) at the current price. */
  abstract runNew(): void;

  modify(id: ClientOrderId, qty: Quantity | null, price: Price | null, trigger: Price | null, reject: (reason: string) => void): void {
    const vo = this.byId.get(id);
    if (vo === undefined || vo.closed) {
      reject(`order ${id} is not open at the venue (unknown, filled, canceled or expired)`);
      return;
    }
    const o = vo.order;
    const inst = this.instrument;
    const newQty = qty ?? o.quantity;
    if (qty !== null) {
      const why = inst.checkQuantity(qty, null);
      if (why !== null) return reject(why);
      if (qty <= o.filledQty) return reject(`new quantity ${qty} must exceed the filled ${o.filledQty}`);
    }
    if (price !== null) {
      if (o.price === null) return reject(`a ${o.orderType} order has no limit price to modify`);
      const why = inst.checkPrice(price);
      if (why !== null) return reject(why);
    }
    if (trigger !== null) {
      if (o.triggerPrice === null && o.orderType !== OrderType_.TRAILING_STOP_MARKET) {
        return reject(`a ${o.orderType} order has no trigger price to modify`);
      }
      if (vo.triggered) return reject(`order ${id} is already triggered; its trigger price can no longer change`);
      const why = inst.checkPrice(trigger, 'trigger price');
      if (why !== null) return reject(why);
    }
    const newPrice = price ?? o.price;
    if (o.postOnly && newPrice !== null && vo.kind === K_LIMIT && this.crosses(vo.isBuy, newPrice)) {
      return reject(`post-only order would cross at ${newPrice} (${vo.isBuy ? 'ask' : 'bid'} ${vo.isBuy ? this.buyPx : this.sellPx}); it must not take liquidity`);
    }
    this.update(vo, newQty as Quantity, price, trigger);
    if (trigger !== null && vo.trailActive) vo.extreme = vo.isBuy ? this.buyPx : this.sellPx;
    vo.isNew = true;
    this.ctx.ordersChanged();
    if (vo.active) this.runNew();
  }

  /** Cancels an open order (and its OCO/OUO siblings, OTO children). Returns false when it is not open. */
  cancel(id: ClientOrderId): boolean {
    const vo = this.byId.get(id);
    if (vo === undefined || vo.closed) return false;
    this.cancelOrder(vo, true);
    this.compact();
    return true;
  }

  /** Cancels all open orders of a strategy (optionally one side); returns how many. */
  cancelAll(strategyId: string, side: OrderSide | null): number {
    let n = 0;
    for (const vo of this.orders) {
      if (vo.closed || vo.order.strategyId !== strategyId || (side !== null && vo.order.side !== side)) continue;
      this.cancelOrder(vo, true);
      n++;
    }
    this.compact();
    return n;
  }

  /** Expires GTD/DAY orders whose time has come (events stamped with their expiry time). */
  expireDue(ts: number): void {
    if (ts < this.nextExpiry) return;
    let next = Number.POSITIVE_INFINITY;
    for (const vo of this.orders) {
      if (vo.closed) continue;
      if (vo.expireAt <= ts) {
        const o = vo.order;
        this.emit(vo, {
          type: 'OrderExpired', strategyId: o.strategyId, instrumentId: o.instrumentId, clientOrderId: o.clientOrderId,
          venueOrderId: o.venueOrderId, accountId: this.ctx.accountId, tsEvent: vo.expireAt, tsInit: vo.expireAt,
        });
        this.close(vo);
        this.onClosedUnfilled(vo, true);
      }
    }
    for (const vo of this.orders) if (!vo.closed && vo.expireAt < next) next = vo.expireAt;
    this.nextExpiry = next;
    this.compact();
  }

  // ---------------------------------------------------------------- validation

  protected validate(vo: VenueOrder): string | null {
    const o = vo.order;
    const inst = this.instrument;
    const ref = o.price ?? o.triggerPrice ?? (vo.isBuy ? this.buyPx : this.sellPx);
    let why = inst.checkQuantity(o.quantity, ref === ref ? ref : null);
    if (why !== null) return why;
    if (o.price !== null && (why = inst.checkPrice(o.price)) !== null) return why;
    if (o.triggerPrice !== null && (why = inst.checkPrice(o.triggerPrice, 'trigger price')) !== null) return why;
    if (o.activationPrice !== null && (why = inst.checkPrice(o.activationPrice, 'activation price')) !== null) return why;
    if (o.orderType === OrderType_.TRAILING_STOP_MARKET) {
      const off = o.trailingOffset;
      if (off === null || !(off > 0) || !Number.isFinite(off)) return `trailing offset ${off} must be a finite number above 0`;
      if (o.trailingOffsetType === 'TICKS' && !Number.isInteger(off)) return `trailing offset ${off} TICKS must be a whole number of ticks`;
      if (o.trailingOffsetType === 'PRICE' && !inst.isPriceOnTick(off)) return `trailing offset ${off} is not a multiple of the tick size ${inst.priceIncrement}`;
      if (o.triggerPrice === null && o.activationPrice === null && !this.hasMarket()) {
        return `no market data for ${inst.id} yet: a trailing stop without a trigger price needs a price to trail from`;
      }
    }
    if (o.timeInForce === TimeInForce_.GTD && o.expireTime !== null && o.expireTime <= this.ctx.now) {
      return `GTD expire time ${o.expireTime} is not after the arrival time ${this.ctx.now}`;
    }
    if (o.orderType === OrderType_.MARKET && vo.active && !this.hasMarket()) {
      return `no market data for ${inst.id} yet: a market order cannot be filled before the first quote, trade or bar`;
    }
    if (o.postOnly && vo.active && vo.kind === K_LIMIT && this.crosses(vo.isBuy, o.price!)) {
      const side = vo.isBuy ? 'ask' : 'bid';
      return `post-only ${o.side} LIMIT at ${o.price} would cross the ${side} ${vo.isBuy ? this.buyPx : this.sellPx} (take liquidity); price it ${vo.isBuy ? 'below the ask' : 'above the bid'} or drop postOnly`;
    }
    if (o.reduceOnly && vo.active && !this.reduces(vo)) {
      return `reduce-only ${o.side} would open or increase the position (${o.strategyId} holds ${this.strategyPosition(o.strategyId)} ${inst.id})`;
    }
    return null;
  }

  /** True when a limit at `price` on this side would trade at once against the current book. */
  protected crosses(buy: boolean, price: number): boolean {
    return buy ? price >= this.buyPx : price <= this.sellPx;
  }

  /** Net quantity the strategy holds in this instrument at the venue (+long / -short). */
  strategyPosition(strategyId: string): number {
    return this.strategyQty.get(strategyId) ?? 0;
  }

  /** True when the order's side reduces its strategy's position. */
  protected reduces(vo: VenueOrder): boolean {
    const q = this.strategyQty.get(vo.order.strategyId) ?? 0;
    return vo.isBuy ? q < 0 : q > 0;
  }

  // ---------------------------------------------------------------- contingencies

  protected onFilled(vo: VenueOrder): void {
    const o = vo.order;
    switch (o.contingencyType) {
      case ContingencyType_.OTO:
        for (const id of o.linkedOrderIds) {
          const child = this.byId.get(id);
          if (child !== undefined && !child.closed) this.syncChild(child, o.filledQty);
        }
        if (vo.closed) this.closedParents.set(o.clientOrderId, o.filledQty);
        return;
      case ContingencyType_.OCO:
        for (const id of o.linkedOrderIds) {
          const other = this.byId.get(id);
          if (other !== undefined && !other.closed) this.cancelOrder(other, false);
        }
        return;
      case ContingencyType_.OUO:
        for (const id of o.linkedOrderIds) {
          const other = this.byId.get(id);
          if (other === undefined || other.closed) continue;
          if (o.leavesQty <= 0) this.cancelOrder(other, false);
          else {
            const q = cleanFloat_(other.order.filledQty + o.leavesQty);
            if (q < other.order.quantity) this.update(other, q as Quantity, null, null);
          }
        }
        return;
    }
  }

  /** Releases an OTO child and sizes it to the parent's fills (less what its OCO/OUO siblings already filled). */
  protected syncChild(child: VenueOrder, parentFilled: number): void {
    const c = child.order;
    let siblingsFilled = 0;
    if (c.contingencyType === ContingencyType_.OUO || c.contingencyType === ContingencyType_.OCO) {
      for (const id of c.linkedOrderIds) siblingsFilled += this.byId.get(id)?.order.filledQty ?? 0;
    }
    const target = cleanFloat_(Math.min(child.initQty, parentFilled) - siblingsFilled + c.filledQty);
    if (target > c.filledQty && target !== c.quantity) this.update(child, target as Quantity, null, null);
    if (!child.active) {
      child.active = true;
      child.isNew = true;
      if (c.orderType === OrderType_.TRAILING_STOP_MARKET) this.anchorTrailing(child);
      this.released = true;
      this.ctx.ordersChanged();
    }
  }

  /** Cancels one order; `cascade` also cancels its OCO/OUO siblings (not when the cancel comes from a sibling). */
  protected cancelOrder(vo: VenueOrder, cascade: boolean): void {
    if (vo.closed) return;
    const o = vo.order;
    this.emit(vo, {
      type: 'OrderCanceled', strategyId: o.strategyId, instrumentId: o.instrumentId, clientOrderId: o.clientOrderId,
      venueOrderId: o.venueOrderId, accountId: this.ctx.accountId, tsEvent: this.ctx.now, tsInit: this.ctx.now,
    });
    this.close(vo);
    this.onClosedUnfilled(vo, cascade);
  }

  protected onClosedUnfilled(vo: VenueOrder, cascade: boolean): void {
    const o = vo.order;
    if (o.contingencyType === ContingencyType_.OTO) {
      if (o.filledQty === 0) {
        for (const id of o.linkedOrderIds) {
          const child = this.byId.get(id);
          if (child !== undefined && !child.closed) this.cancelOrder(child, false);
        }
      } else {
        this.closedParents.set(o.clientOrderId, o.filledQty);
      }
    } else if (cascade && (o.contingencyType === ContingencyType_.OCO || o.contingencyType === ContingencyType_.OUO)) {
      for (const id of o.linkedOrderIds) {
        const other = this.byId.get(id);
        if (other !== undefined && !other.closed) this.cancelOrder(other, false);
      }
    }
  }

  protected activate(vo: VenueOrder, p: number): void {
    vo.trailActive = true;
    vo.extreme = p;
    const t = trailingTrigger_(vo.order, this.instrument, p) as Price;
    this.update(vo, vo.order.quantity, null, t);
    refreshLevel_(vo);
  }

  /** Trailing stop with no activation price: starts trailing from the current price (or its given trigger). */
  protected anchorTrailing(vo: VenueOrder): void {
    const o = vo.order;
    if (o.activationPrice !== null) {
      refreshLevel_(vo);
      return;
    }
    vo.trailActive = true;
    const px = vo.isBuy ? this.buyPx : this.sellPx;
    vo.extreme = px;
    if (o.triggerPrice === null) this.update(vo, o.quantity, null, trailingTrigger_(o, this.instrument, px) as Price);
    refreshLevel_(vo);
  }

  /** Applies a fill to the venue's net position; returns the gross realised PnL. */
  protected bookPosition(fill: OrderFilled): number {
    let pnl = 0;
    const pos = this.position;
    if (pos === null || pos.isClosed()) {
      this.position = new Position_(this.instrument, fill, this.nextPositionId());
    } else if (pos.wouldFlip(fill)) {
      const [closing, opening] = splitFlipFill_(pos, fill);
      pnl = pos.apply(closing);
      this.position = new Position_(this.instrument, opening, this.nextPositionId());
    } else {
      pnl = pos.apply(fill);
    }
    this.signedQty = this.position!.signedQty;
    const sid = fill.strategyId;
    this.strategyQty.set(sid, cleanFloat_((this.strategyQty.get(sid) ?? 0) + (fill.orderSide === OrderSide_.BUY ? fill.lastQty : -fill.lastQty)));
    return pnl;
  }

  protected nextPositionId(): PositionId {
    return `${this.instrument.id}-${++this.positionCount}` as PositionId;
  }

  // ---------------------------------------------------------------- helpers

  protected update(vo: VenueOrder, qty: Quantity, price: Price | null, trigger: Price | null): void {
    const o = vo.order;
    this.emit(vo, {
      type: 'OrderUpdated', strategyId: o.strategyId, instrumentId: o.instrumentId, clientOrderId: o.clientOrderId,
      venueOrderId: o.venueOrderId, accountId: this.ctx.accountId, quantity: qty, price, triggerPrice: trigger,
      tsEvent: this.ctx.now, tsInit: this.ctx.now,
    });
    refreshLevel_(vo);
  }

  protected emit(vo: VenueOrder, event: OrderEvent): void {
    vo.order.apply(event);
    this.ctx.emitOrderEvent(event);
  }

  protected close(vo: VenueOrder): void {
    vo.closed = true;
    this.byId.delete(vo.order.clientOrderId);
    this.dirty = true;
    this.ctx.ordersChanged();
  }

  protected endStep(): void {
    const orders = this.orders;
    for (let i = 0; i < orders.length; i++) orders[i].isNew = false;
    this.compact();
  }

  protected compact(): void {
    if (!this.dirty) return;
    this.dirty = false;
    let w = 0;
    const orders = this.orders;
    for (let i = 0; i < orders.length; i++) if (!orders[i].closed) orders[w++] = orders[i];
    orders.length = w;
  }
}
