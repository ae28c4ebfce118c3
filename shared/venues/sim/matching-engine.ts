import {
  cleanFloat, ContingencyType, LiquiditySide, Order, OrderSide, OrderType, Position, splitFlipFill, TimeInForce,
  type AccountId, type Bar, type ClientOrderId, type Instrument, type Money, type OrderEvent,
  type OrderFilled, type PositionId, type Price, type Quantity, type QuoteTick, type TradeId, type TradeTick,
  type VenueOrderId,
} from '../../model/index.ts';
import { commission } from './fee-model.ts';
import type { FillModel } from './fill-model.ts';
import { intrabarPath } from './intrabar-path.ts';
import {
  K_ACTIVATE, K_LIMIT, K_MARKET, K_TRIGGER, refreshLevel, trailingTrigger, VenueOrder,
} from './venue-order.ts';

/** What a matching engine needs from its exchange. */
export interface MatchingContext {
  readonly accountId: AccountId;
  readonly fillModel: FillModel;
  /** Max fraction of displayed/traded volume per data event, or null for no cap. */
  readonly participation: number | null;
  /** Simulated time of the step being processed (epoch ms). */
  readonly now: number;
  nextVenueOrderId(): VenueOrderId;
  nextTradeId(): TradeId;
  /** When a DAY order accepted at `ts` expires (the next session end). */
  dayEndAfter(ts: number): number;
  emitOrderEvent(event: OrderEvent): void;
  /** Books a fill on the account (`realizedPnl`: gross, settlement currency) and reports the account state. */
  afterFill(engine: OrderMatchingEngine, fill: OrderFilled, realizedPnl: number): void;
  /** Open orders changed (locks may change). */
  ordersChanged(): void;
}

const PATH = new Float64Array(4);
const MAX_STEPS = 100_000;

/**
 * Matching for one instrument: the venue's book state (best bid/ask, last), its resting orders in time priority, and
 * its net position (for reduce-only and margin). The rules, in one place:
 *
 * Prices. Buy orders are matched against the ask, sell orders against the bid (quote ticks); against the trade price
 * (trade ticks); against the intrabar path (bars, see intrabar-path.ts). With bars only, bid = ask = last close.
 *
 * Arriving (or modified, or just released/triggered) orders: a MARKET order, and a LIMIT at or through the touch,
 * take liquidity at the current price (TAKER). A post-only limit that would do so is rejected. IOC cancels what did
 * not fill at once; FOK cancels everything unless all of it can fill at once.
 *
 * Resting orders (MAKER for limits):
 * - a tick through a resting limit fills it at its LIMIT price (ticks are dense: the market traded through our level);
 * - a bar that OPENS through a resting limit fills it at the OPEN (the better price: a gap);
 * - inside a bar (continuous legs) a limit fills at its price, stops/if-touched at their trigger price;
 * - a price that only equals a resting limit (touched, not crossed) fills it with probability probFillOnLimit;
 * - a stop (or MIT, trailing stop) reached by a jump (a tick, a bar's open) fills at that price: gapped stops fill at
 *   the open, the worse price. Market-type fills may slip (fill model).
 * Triggered STOP_LIMIT / LIMIT_IF_TOUCHED orders become limits (OrderTriggered).
 *
 * Volume cap (participation): fills in one data event share cap * (bar volume | trade size | top-of-book size on
 * the order's side), rounded down to the lot; what does not fit stays working and fills on later data.
 *
 * Reduce-only: a fill never increases the venue's net position: trimmed (OrderUpdated) to what is left, or canceled
 * when the position is flat or on the same side.
 *
 * Contingencies: OTO children are accepted but inactive until the parent fills; they are released with
 * quantity = min(their quantity, parent filled - siblings' fills). OCO: a fill or a cancel of one cancels the
 * others. OUO: a fill sets the others' open quantity to this order's open quantity (0 -> canceled); a cancel cancels
 * the others. An OTO parent canceled/expired/rejected before any fill cancels its children.
 */
export class OrderMatchingEngine {
  readonly orders: VenueOrder[] = [];
  private readonly byId = new Map<ClientOrderId, VenueOrder>();
  /** Fill quantities of closed OTO parents, for children that arrive after the parent closed. */
  private readonly closedParents = new Map<ClientOrderId, number>();
  bid = Number.NaN;
  ask = Number.NaN;
  last = Number.NaN;
  /** Executable prices for buys and sells right now. */
  buyPx = Number.NaN;
  sellPx = Number.NaN;
  private budgetBuy = Number.POSITIVE_INFINITY;
  private budgetSell = Number.POSITIVE_INFINITY;
  private sharedBudget = true;
  private eventSeq = 0;
  private seq = 0;
  private released = false;
  private dirty = false;
  /** Earliest GTD/DAY expiry among open orders. */
  nextExpiry = Number.POSITIVE_INFINITY;
  /** The venue's net position in this instrument (all strategies of the account). */
  position: Position | null = null;
  signedQty = 0;
  private positionCount = 0;
  private readonly cap: number;

  constructor(
    readonly instrument: Instrument,
    private readonly ctx: MatchingContext,
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

  // ---------------------------------------------------------------- market data

  onQuote(q: QuoteTick): void {
    this.eventSeq++;
    this.bid = q.bid;
    this.ask = q.ask;
    this.buyPx = q.ask;
    this.sellPx = q.bid;
    if (this.cap !== Number.POSITIVE_INFINITY) {
      this.budgetBuy = this.cap * q.askSize;
      this.budgetSell = this.cap * q.bidSize;
      this.sharedBudget = false;
    }
    if (this.orders.length !== 0) this.observe(false, false);
  }

  onTrade(t: TradeTick): void {
    this.eventSeq++;
    this.last = t.price;
    this.buyPx = t.price;
    this.sellPx = t.price;
    if (this.cap !== Number.POSITIVE_INFINITY) {
      this.budgetBuy = this.budgetSell = this.cap * t.size;
      this.sharedBudget = true;
    }
    if (this.orders.length !== 0) this.observe(false, false);
  }

  onBar(b: Bar): void {
    this.eventSeq++;
    if (this.cap !== Number.POSITIVE_INFINITY) {
      this.budgetBuy = this.budgetSell = this.cap * b.volume;
      this.sharedBudget = true;
    }
    if (this.orders.length !== 0) {
      const p = intrabarPath(b.open, b.high, b.low, b.close, PATH);
      this.buyPx = this.sellPx = p[0];
      this.observe(true, false);
      if (!this.isQuiet(b.high, b.low)) {
        this.sweep(p[0], p[1]);
        this.sweep(p[1], p[2]);
        this.sweep(p[2], p[3]);
      }
      this.endStep();
    }
    this.last = this.bid = this.ask = this.buyPx = this.sellPx = b.close;
  }

  // ---------------------------------------------------------------- commands

  /** Accepts (or rejects) an order without running it; call `runNew()` after a batch. Returns the record or null. */
  add(client: Order, reason: string | null): VenueOrder | null {
    const init = client.initEvent;
    const ctx = this.ctx;
    const copy = new Order(init, false);
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
    const vo = new VenueOrder(copy, this.seq++, active);
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
    if (copy.orderType === OrderType.TRAILING_STOP_MARKET && active) this.anchorTrailing(vo);
    if (copy.timeInForce === TimeInForce.GTD) vo.expireAt = copy.expireTime!;
    else if (copy.timeInForce === TimeInForce.DAY) vo.expireAt = ctx.dayEndAfter(ctx.now);
    this.orders.push(vo);
    this.byId.set(copy.clientOrderId, vo);
    if (vo.expireAt < this.nextExpiry) this.nextExpiry = vo.expireAt;
    if (active && parentFilled > 0) this.syncChild(vo, parentFilled);
    this.ctx.ordersChanged();
    return vo;
  }

  /** Runs the orders that arrived (or were modified) at the current price. */
  runNew(): void {
    this.observe(false, true);
    this.endStep();
  }

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
      if (o.triggerPrice === null && o.orderType !== OrderType.TRAILING_STOP_MARKET) {
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

  private validate(vo: VenueOrder): string | null {
    const o = vo.order;
    const inst = this.instrument;
    const ref = o.price ?? o.triggerPrice ?? (vo.isBuy ? this.buyPx : this.sellPx);
    let why = inst.checkQuantity(o.quantity, ref === ref ? ref : null);
    if (why !== null) return why;
    if (o.price !== null && (why = inst.checkPrice(o.price)) !== null) return why;
    if (o.triggerPrice !== null && (why = inst.checkPrice(o.triggerPrice, 'trigger price')) !== null) return why;
    if (o.activationPrice !== null && (why = inst.checkPrice(o.activationPrice, 'activation price')) !== null) return why;
    if (o.orderType === OrderType.TRAILING_STOP_MARKET) {
      const off = o.trailingOffset;
      if (off === null || !(off > 0) || !Number.isFinite(off)) return `trailing offset ${off} must be a finite number above 0`;
      if (o.trailingOffsetType === 'TICKS' && !Number.isInteger(off)) return `trailing offset ${off} TICKS must be a whole number of ticks`;
      if (o.trailingOffsetType === 'PRICE' && !inst.isPriceOnTick(off)) return `trailing offset ${off} is not a multiple of the tick size ${inst.priceIncrement}`;
      if (o.triggerPrice === null && o.activationPrice === null && !this.hasMarket()) {
        return `no market data for ${inst.id} yet: a trailing stop without a trigger price needs a price to trail from`;
      }
    }
    if (o.timeInForce === TimeInForce.GTD && o.expireTime !== null && o.expireTime <= this.ctx.now) {
      return `GTD expire time ${o.expireTime} is not after the arrival time ${this.ctx.now}`;
    }
    if (o.orderType === OrderType.MARKET && vo.active && !this.hasMarket()) {
      return `no market data for ${inst.id} yet: a market order cannot be filled before the first quote, trade or bar`;
    }
    if (o.postOnly && vo.active && vo.kind === K_LIMIT && this.crosses(vo.isBuy, o.price!)) {
      const side = vo.isBuy ? 'ask' : 'bid';
      return `post-only ${o.side} LIMIT at ${o.price} would cross the ${side} ${vo.isBuy ? this.buyPx : this.sellPx} (take liquidity); price it ${vo.isBuy ? 'below the ask' : 'above the bid'} or drop postOnly`;
    }
    if (o.reduceOnly && vo.active && !this.reduces(vo.isBuy)) {
      return `reduce-only ${o.side} would open or increase the position (venue net position ${this.signedQty} in ${inst.id})`;
    }
    return null;
  }

  /** True when a limit at `price` on this side would trade at once against the current book. */
  private crosses(buy: boolean, price: number): boolean {
    return buy ? price >= this.buyPx : price <= this.sellPx;
  }

  private reduces(buy: boolean): boolean {
    return buy ? this.signedQty < 0 : this.signedQty > 0;
  }

  // ---------------------------------------------------------------- matching

  /** A jump to buyPx/sellPx (a tick, a bar's open with isGap, or the current book for new orders when onlyNew). */
  private observe(isGap: boolean, onlyNew: boolean): void {
    let passes = 0;
    do {
      this.released = false;
      const orders = this.orders;
      for (let i = 0; i < orders.length; i++) {
        const vo = orders[i];
        if (vo.closed || !vo.active || (onlyNew && !vo.isNew)) continue;
        this.evaluate(vo, isGap);
      }
      onlyNew = true; // released children are new; nothing else changed
    } while (this.released && ++passes < MAX_STEPS);
    this.ratchetAll();
    if (!isGap) this.endStep();
  }

  private evaluate(vo: VenueOrder, isGap: boolean): void {
    if (vo.starveStamp === this.eventSeq) return;
    const buy = vo.isBuy;
    const px = buy ? this.buyPx : this.sellPx;
    if (px !== px) return; // no market yet
    switch (vo.kind) {
      case K_MARKET:
        this.takerFill(vo, px, true);
        return;
      case K_LIMIT: {
        const L = vo.level;
        if (buy ? px < L : px > L) {
          if (vo.isNew) this.takerFill(vo, px, false);
          else this.fill(vo, isGap ? px : L, LiquiditySide.MAKER);
        } else if (px === L) {
          if (vo.isNew) this.takerFill(vo, px, false);
          else this.touched(vo, L);
        } else if (vo.isNew) {
          this.notMarketable(vo);
        }
        return;
      }
      case K_TRIGGER:
        if (vo.dir > 0 ? px >= vo.level : px <= vo.level) this.trigger(vo, px);
        return;
      case K_ACTIVATE:
        if (vo.dir > 0 ? px >= vo.level : px <= vo.level) this.activate(vo, px);
        return;
    }
  }

  /** A continuous move from a to b (a bar leg): orders act in the order the path reaches them, at their own prices. */
  private sweep(a: number, b: number): void {
    if (a !== b) {
      const up = b > a;
      let cur = a;
      for (let steps = 0; steps < MAX_STEPS; steps++) {
        let best: VenueOrder | null = null;
        let bestReach = 0;
        let bestDist = Number.POSITIVE_INFINITY;
        const orders = this.orders;
        for (let i = 0; i < orders.length; i++) {
          const vo = orders[i];
          if (vo.closed || !vo.active || vo.starveStamp === this.eventSeq) continue;
          const reach = this.reach(vo, cur, b, up);
          if (reach !== reach) continue;
          const dist = up ? reach - cur : cur - reach;
          if (dist < bestDist) {
            best = vo;
            bestDist = dist;
            bestReach = reach;
          }
        }
        if (best === null) break;
        const atCur = bestDist === 0;
        cur = bestReach;
        this.buyPx = this.sellPx = cur;
        this.execute(best, cur, b, atCur);
      }
    }
    this.buyPx = this.sellPx = b;
    this.ratchetAll();
  }

  /**
   * True when no open order can act anywhere in [low, high] (all triggers/limits outside the range, no market
   * orders, no trailing stops to ratchet): the bar's legs can then be skipped. Most bars of most runs are quiet.
   */
  private isQuiet(high: number, low: number): boolean {
    const orders = this.orders;
    for (let i = 0; i < orders.length; i++) {
      const vo = orders[i];
      if (vo.closed || !vo.active) continue;
      if (vo.kind === K_MARKET || vo.kind === K_ACTIVATE || vo.trailActive) return false;
      if (vo.dir > 0 ? vo.level <= high : vo.level >= low) return false;
    }
    return true;
  }

  /** Where on the leg cur -> b the order acts (NaN = not on this leg). */
  private reach(vo: VenueOrder, cur: number, b: number, up: boolean): number {
    if (vo.kind === K_MARKET) return cur;
    const level = vo.level;
    const dir = vo.dir;
    const satisfied = dir > 0 ? cur >= level : cur <= level;
    if (satisfied) {
      if (vo.kind === K_LIMIT && !vo.isNew && vo.touchStamp === this.eventSeq) {
        // touched here without filling: only a strict cross fills it now
        return (dir < 0 ? !up && b < level : up && b > level) ? cur : Number.NaN;
      }
      return cur;
    }
    if (dir > 0) return up && b >= level ? level : Number.NaN;
    return !up && b <= level ? level : Number.NaN;
  }

  private execute(vo: VenueOrder, p: number, legEnd: number, atCur: boolean): void {
    switch (vo.kind) {
      case K_MARKET:
        this.takerFill(vo, p, true);
        return;
      case K_LIMIT:
        if (atCur) {
          if (vo.isNew) this.takerFill(vo, p, false);
          else this.fill(vo, vo.level, LiquiditySide.MAKER);
        } else if (vo.level === legEnd) {
          this.touched(vo, vo.level);
          if (!vo.closed && vo.touchStamp === this.eventSeq && vo.order.leavesQty > 0) {
            // failed draw: nothing more to do on this leg (it ends at the limit)
          }
        } else {
          this.fill(vo, vo.level, LiquiditySide.MAKER);
        }
        return;
      case K_TRIGGER:
        this.trigger(vo, p);
        return;
      case K_ACTIVATE:
        this.activate(vo, p);
        return;
    }
  }

  /** A resting limit whose price is touched, not crossed: fills with the fill model's probability (one draw per step). */
  private touched(vo: VenueOrder, price: number): void {
    if (vo.touchStamp === this.eventSeq) return;
    vo.touchStamp = this.eventSeq;
    if (this.ctx.fillModel.isLimitFilled()) this.fill(vo, price, LiquiditySide.MAKER);
  }

  private trigger(vo: VenueOrder, p: number): void {
    const o = vo.order;
    vo.triggered = true;
    vo.isNew = true;
    refreshLevel(vo);
    if (vo.kind === K_MARKET) {
      this.takerFill(vo, p, true);
      return;
    }
    this.emit(vo, {
      type: 'OrderTriggered', strategyId: o.strategyId, instrumentId: o.instrumentId, clientOrderId: o.clientOrderId,
      venueOrderId: o.venueOrderId, accountId: this.ctx.accountId, tsEvent: this.ctx.now, tsInit: this.ctx.now,
    });
    const marketable = vo.isBuy ? p <= vo.level : p >= vo.level;
    if (o.postOnly && marketable) {
      this.emit(vo, {
        type: 'OrderRejected', strategyId: o.strategyId, instrumentId: o.instrumentId, clientOrderId: o.clientOrderId,
        accountId: this.ctx.accountId, tsEvent: this.ctx.now, tsInit: this.ctx.now,
        reason: `post-only ${o.side} ${o.orderType} triggered at ${p} would cross its limit ${o.price} (take liquidity)`,
      });
      this.close(vo);
      this.onClosedUnfilled(vo, true);
      return;
    }
    if (marketable) this.takerFill(vo, p, false);
    else this.notMarketable(vo);
  }

  private activate(vo: VenueOrder, p: number): void {
    vo.trailActive = true;
    vo.extreme = p;
    const t = trailingTrigger(vo.order, this.instrument, p) as Price;
    this.update(vo, vo.order.quantity, null, t);
    refreshLevel(vo);
  }

  /** Trailing stop with no activation price: starts trailing from the current price (or its given trigger). */
  private anchorTrailing(vo: VenueOrder): void {
    const o = vo.order;
    if (o.activationPrice !== null) {
      refreshLevel(vo);
      return;
    }
    vo.trailActive = true;
    const px = vo.isBuy ? this.buyPx : this.sellPx;
    vo.extreme = px;
    if (o.triggerPrice === null) this.update(vo, o.quantity, null, trailingTrigger(o, this.instrument, px) as Price);
    refreshLevel(vo);
  }

  private ratchetAll(): void {
    const orders = this.orders;
    for (let i = 0; i < orders.length; i++) {
      const vo = orders[i];
      if (!vo.trailActive || vo.triggered || vo.closed || !vo.active) continue;
      const o = vo.order;
      if (vo.isBuy) {
        const px = this.buyPx;
        if (!(px < vo.extreme) && vo.extreme === vo.extreme) continue;
        vo.extreme = px;
        const t = trailingTrigger(o, this.instrument, px);
        if (t < o.triggerPrice!) {
          this.update(vo, o.quantity, null, t as Price);
          refreshLevel(vo);
        }
      } else {
        const px = this.sellPx;
        if (!(px > vo.extreme) && vo.extreme === vo.extreme) continue;
        vo.extreme = px;
        const t = trailingTrigger(o, this.instrument, px);
        if (t > o.triggerPrice!) {
          this.update(vo, o.quantity, null, t as Price);
          refreshLevel(vo);
        }
      }
    }
  }

  private notMarketable(vo: VenueOrder): void {
    const tif = vo.order.timeInForce;
    if (tif === TimeInForce.IOC || tif === TimeInForce.FOK) this.cancelOrder(vo, true);
  }

  private available(buy: boolean): number {
    return buy ? this.budgetBuy : this.budgetSell;
  }

  private takerFill(vo: VenueOrder, p: number, marketType: boolean): void {
    const o = vo.order;
    const tif = o.timeInForce;
    if (tif === TimeInForce.FOK && vo.isNew) {
      const budget = this.available(vo.isBuy);
      const avail = budget === Number.POSITIVE_INFINITY ? budget : this.instrument.makeQty(budget);
      if (avail < o.leavesQty) {
        this.cancelOrder(vo, true);
        return;
      }
    }
    let px = p;
    if (marketType) {
      const s = this.ctx.fillModel.slippage();
      if (s !== 0) px = this.instrument.addTicks(p, vo.isBuy ? s : -s);
    }
    this.fill(vo, px, LiquiditySide.TAKER);
    if (tif === TimeInForce.IOC && vo.isNew && !vo.closed) this.cancelOrder(vo, true);
  }

  /** Fills what it can of the order at `px`: reduce-only and the volume cap may trim it. */
  private fill(vo: VenueOrder, px: number, liquidity: LiquiditySide): void {
    const o = vo.order;
    const inst = this.instrument;
    let qty: number = o.leavesQty;
    if (o.reduceOnly) {
      const pos = this.signedQty;
      if (!this.reduces(vo.isBuy)) {
        this.cancelOrder(vo, true);
        return;
      }
      const maxQ = Math.abs(pos);
      if (qty > maxQ) {
        this.update(vo, cleanFloat(o.filledQty + maxQ) as Quantity, null, null);
        qty = maxQ;
      }
    }
    const avail = this.available(vo.isBuy);
    if (avail < qty) {
      qty = inst.makeQty(avail);
      if (!(qty > 0)) {
        vo.starveStamp = this.eventSeq;
        return;
      }
    }
    if (avail !== Number.POSITIVE_INFINITY) {
      if (this.sharedBudget) this.budgetBuy = this.budgetSell = cleanFloat(avail - qty);
      else if (vo.isBuy) this.budgetBuy = cleanFloat(avail - qty);
      else this.budgetSell = cleanFloat(avail - qty);
    }
    const ctx = this.ctx;
    const fill: OrderFilled = {
      type: 'OrderFilled',
      strategyId: o.strategyId,
      instrumentId: o.instrumentId,
      clientOrderId: o.clientOrderId,
      venueOrderId: o.venueOrderId!,
      accountId: ctx.accountId,
      tradeId: ctx.nextTradeId(),
      positionId: null,
      orderSide: o.side,
      orderType: o.orderType,
      lastQty: qty as Quantity,
      lastPx: px as Price,
      currency: inst.quoteCurrency,
      commission: commission(inst, qty, px, liquidity) as Money,
      commissionCurrency: inst.quoteCurrency,
      liquiditySide: liquidity,
      tsEvent: ctx.now,
      tsInit: ctx.now,
    };
    this.emit(vo, fill);
    const pnl = this.bookPosition(fill);
    ctx.afterFill(this, fill, pnl);
    if (o.leavesQty <= 0) this.close(vo);
    else ctx.ordersChanged();
    this.onFilled(vo);
  }

  /** Applies a fill to the venue's net position; returns the gross realised PnL. */
  private bookPosition(fill: OrderFilled): number {
    let pnl = 0;
    const pos = this.position;
    if (pos === null || pos.isClosed()) {
      this.position = new Position(this.instrument, fill, this.nextPositionId());
    } else if (pos.wouldFlip(fill)) {
      const [closing, opening] = splitFlipFill(pos, fill);
      pnl = pos.apply(closing);
      this.position = new Position(this.instrument, opening, this.nextPositionId());
    } else {
      pnl = pos.apply(fill);
    }
    this.signedQty = this.position!.signedQty;
    return pnl;
  }

  private nextPositionId(): PositionId {
    return `${this.instrument.id}-${++this.positionCount}` as PositionId;
  }

  // ---------------------------------------------------------------- contingencies

  private onFilled(vo: VenueOrder): void {
    const o = vo.order;
    switch (o.contingencyType) {
      case ContingencyType.OTO:
        for (const id of o.linkedOrderIds) {
          const child = this.byId.get(id);
          if (child !== undefined && !child.closed) this.syncChild(child, o.filledQty);
        }
        if (vo.closed) this.closedParents.set(o.clientOrderId, o.filledQty);
        return;
      case ContingencyType.OCO:
        for (const id of o.linkedOrderIds) {
          const other = this.byId.get(id);
          if (other !== undefined && !other.closed) this.cancelOrder(other, false);
        }
        return;
      case ContingencyType.OUO:
        for (const id of o.linkedOrderIds) {
          const other = this.byId.get(id);
          if (other === undefined || other.closed) continue;
          if (o.leavesQty <= 0) this.cancelOrder(other, false);
          else {
            const q = cleanFloat(other.order.filledQty + o.leavesQty);
            if (q < other.order.quantity) this.update(other, q as Quantity, null, null);
          }
        }
        return;
    }
  }

  /** Releases an OTO child and sizes it to the parent's fills (less what its OCO/OUO siblings already filled). */
  private syncChild(child: VenueOrder, parentFilled: number): void {
    const c = child.order;
    let siblingsFilled = 0;
    if (c.contingencyType === ContingencyType.OUO || c.contingencyType === ContingencyType.OCO) {
      for (const id of c.linkedOrderIds) siblingsFilled += this.byId.get(id)?.order.filledQty ?? 0;
    }
    const target = cleanFloat(Math.min(child.initQty, parentFilled) - siblingsFilled + c.filledQty);
    if (target > c.filledQty && target !== c.quantity) this.update(child, target as Quantity, null, null);
    if (!child.active) {
      child.active = true;
      child.isNew = true;
      if (c.orderType === OrderType.TRAILING_STOP_MARKET) this.anchorTrailing(child);
      this.released = true;
      this.ctx.ordersChanged();
    }
  }

  /** Cancels one order; `cascade` also cancels its OCO/OUO siblings (not when the cancel comes from a sibling). */
  private cancelOrder(vo: VenueOrder, cascade: boolean): void {
    if (vo.closed) return;
    const o = vo.order;
    this.emit(vo, {
      type: 'OrderCanceled', strategyId: o.strategyId, instrumentId: o.instrumentId, clientOrderId: o.clientOrderId,
      venueOrderId: o.venueOrderId, accountId: this.ctx.accountId, tsEvent: this.ctx.now, tsInit: this.ctx.now,
    });
    this.close(vo);
    this.onClosedUnfilled(vo, cascade);
  }

  private onClosedUnfilled(vo: VenueOrder, cascade: boolean): void {
    const o = vo.order;
    if (o.contingencyType === ContingencyType.OTO) {
      if (o.filledQty === 0) {
        for (const id of o.linkedOrderIds) {
          const child = this.byId.get(id);
          if (child !== undefined && !child.closed) this.cancelOrder(child, false);
        }
      } else {
        this.closedParents.set(o.clientOrderId, o.filledQty);
      }
    } else if (cascade && (o.contingencyType === ContingencyType.OCO || o.contingencyType === ContingencyType.OUO)) {
      for (const id of o.linkedOrderIds) {
        const other = this.byId.get(id);
        if (other !== undefined && !other.closed) this.cancelOrder(other, false);
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  private update(vo: VenueOrder, qty: Quantity, price: Price | null, trigger: Price | null): void {
    const o = vo.order;
    this.emit(vo, {
      type: 'OrderUpdated', strategyId: o.strategyId, instrumentId: o.instrumentId, clientOrderId: o.clientOrderId,
      venueOrderId: o.venueOrderId, accountId: this.ctx.accountId, quantity: qty, price, triggerPrice: trigger,
      tsEvent: this.ctx.now, tsInit: this.ctx.now,
    });
    refreshLevel(vo);
  }

  private emit(vo: VenueOrder, event: OrderEvent): void {
    vo.order.apply(event);
    this.ctx.emitOrderEvent(event);
  }

  private close(vo: VenueOrder): void {
    vo.closed = true;
    this.byId.delete(vo.order.clientOrderId);
    this.dirty = true;
    this.ctx.ordersChanged();
  }

  private endStep(): void {
    const orders = this.orders;
    for (let i = 0; i < orders.length; i++) orders[i].isNew = false;
    this.compact();
  }

  private compact(): void {
    if (!this.dirty) return;
    this.dirty = false;
    let w = 0;
    const orders = this.orders;
    for (let i = 0; i < orders.length; i++) if (!orders[i].closed) orders[w++] = orders[i];
    orders.length = w;
  }
}
