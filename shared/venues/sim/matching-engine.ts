import {
  cleanFloat, LiquiditySide, TimeInForce, type Bar, type Money, type OrderFilled, type Price, type Quantity, type QuoteTick,
  type TradeTick,
} from '../../model/index.ts';
import { commission } from './fee-model.ts';
import { intrabarPath } from './intrabar-path.ts';
import type { MatchingContext } from './matching-context.ts';
import { VenueBook } from './venue-book.ts';
import { K_ACTIVATE, K_LIMIT, K_MARKET, K_TRIGGER, refreshLevel, trailingTrigger, type VenueOrder } from './venue-order.ts';

// Module-level aliases of imported bindings: under tsx (esbuild, CJS interop) every read of an imported name is a
// getter call; a const is a plain slot read (hot paths).
const cleanFloat_ = cleanFloat;
const LiquiditySide_ = LiquiditySide;
const TimeInForce_ = TimeInForce;
const commission_ = commission;
const intrabarPath_ = intrabarPath;
const refreshLevel_ = refreshLevel;
const trailingTrigger_ = trailingTrigger;

export type { MatchingContext } from './matching-context.ts';

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
 * not fill at once; FOK cancels everything unless all of it can fill at once. A stop / if-touched order whose
 * trigger is already reached on arrival triggers at once (at the current price) rather than being rejected.
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
 * the order's side), rounded down to the lot; what does not fit stays working and fills on later data. A volume or
 * size of 0 means "not reported" and leaves that event uncapped. An order arriving between data events uses what is
 * left of the last event's budget.
 *
 * Trigger prices: `triggerType` is not interpreted; triggers watch the order side's executable price (ask for buys,
 * bid for sells on quotes; the trade price; the bar path). Fills from a bar are stamped with the bar's tsEvent.
 *
 * Reduce-only: a fill never increases the position of the order's strategy in this instrument (net, as the kernel's
 * NETTING positions): trimmed (OrderUpdated) to what is left, or canceled when it is flat or on the same side.
 * Margin and account checks use the venue's net position across strategies (that is what the account carries).
 *
 * Contingencies: OTO children are accepted but inactive until the parent fills; they are released with
 * quantity = min(their quantity, parent filled - siblings' fills). OCO: a fill or a cancel of one cancels the
 * others. OUO: a fill sets the others' open quantity to this order's open quantity (0 -> canceled); a cancel cancels
 * the others. An OTO parent canceled/expired/rejected before any fill cancels its children.
 */
export class OrderMatchingEngine extends VenueBook {
  private lastWasBar = false;

  // ---------------------------------------------------------------- market data

  onQuote(q: QuoteTick): void {
    this.eventSeq++;
    this.lastWasBar = false;
    this.bid = q.bid;
    this.ask = q.ask;
    this.buyPx = q.ask;
    this.sellPx = q.bid;
    if (this.cap !== Number.POSITIVE_INFINITY) {
      // A size of 0 means "not reported" (many feeds): no cap then, rather than no liquidity.
      this.budgetBuy = q.askSize > 0 ? this.cap * q.askSize : Number.POSITIVE_INFINITY;
      this.budgetSell = q.bidSize > 0 ? this.cap * q.bidSize : Number.POSITIVE_INFINITY;
      this.sharedBudget = false;
    }
    if (this.orders.length !== 0) this.observe(false, false);
  }

  onTrade(t: TradeTick): void {
    this.eventSeq++;
    this.lastWasBar = false;
    this.last = t.price;
    this.buyPx = t.price;
    this.sellPx = t.price;
    if (this.cap !== Number.POSITIVE_INFINITY) {
      this.budgetBuy = this.budgetSell = t.size > 0 ? this.cap * t.size : Number.POSITIVE_INFINITY;
      this.sharedBudget = true;
    }
    if (this.orders.length !== 0) this.observe(false, false);
  }

  onBar(b: Bar): void {
    this.eventSeq++;
    this.lastWasBar = true;
    if (this.cap !== Number.POSITIVE_INFINITY) {
      // FX and some index bars carry no volume (0): no cap then.
      this.budgetBuy = this.budgetSell = b.volume > 0 ? this.cap * b.volume : Number.POSITIVE_INFINITY;
      this.sharedBudget = true;
    }
    if (this.orders.length !== 0) {
      const p = intrabarPath_(b.open, b.high, b.low, b.close, PATH);
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

  /**
   * Runs the orders that arrived (or were modified) at the current price — or, with barFillTiming 'next-open' on bar
   * data, leaves them new so that the next bar's open acts on them first.
   */
  runNew(): void {
    if (this.lastWasBar && this.ctx.deferNewToNextBar) return;
    this.observe(false, true);
    this.endStep();
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
    if (px !== px) {
      // No market yet: a new IOC/FOK cannot trade now, so it is canceled; anything else waits for data.
      if (vo.isNew) this.notMarketable(vo);
      return;
    }
    switch (vo.kind) {
      case K_MARKET:
        this.takerFill(vo, px, true);
        return;
      case K_LIMIT: {
        const L = vo.level;
        if (buy ? px < L : px > L) {
          if (vo.isNew) this.takerFill(vo, px, false);
          else this.fill(vo, isGap ? px : L, LiquiditySide_.MAKER);
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
          else this.fill(vo, vo.level, LiquiditySide_.MAKER);
        } else if (vo.level === legEnd) {
          this.touched(vo, vo.level); // the leg ends exactly at the limit: touched, not crossed
        } else {
          this.fill(vo, vo.level, LiquiditySide_.MAKER);
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
    if (this.ctx.fillModel.isLimitFilled()) this.fill(vo, price, LiquiditySide_.MAKER);
  }

  private trigger(vo: VenueOrder, p: number): void {
    const o = vo.order;
    vo.triggered = true;
    vo.isNew = true;
    refreshLevel_(vo);
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
        const t = trailingTrigger_(o, this.instrument, px);
        if (t < o.triggerPrice!) {
          this.update(vo, o.quantity, null, t as Price);
          refreshLevel_(vo);
        }
      } else {
        const px = this.sellPx;
        if (!(px > vo.extreme) && vo.extreme === vo.extreme) continue;
        vo.extreme = px;
        const t = trailingTrigger_(o, this.instrument, px);
        if (t > o.triggerPrice!) {
          this.update(vo, o.quantity, null, t as Price);
          refreshLevel_(vo);
        }
      }
    }
  }

  private notMarketable(vo: VenueOrder): void {
    const tif = vo.order.timeInForce;
    if (tif === TimeInForce_.IOC || tif === TimeInForce_.FOK) this.cancelOrder(vo, true);
  }

  private available(buy: boolean): number {
    return buy ? this.budgetBuy : this.budgetSell;
  }

  private takerFill(vo: VenueOrder, p: number, marketType: boolean): void {
    const o = vo.order;
    const tif = o.timeInForce;
    if (tif === TimeInForce_.FOK && vo.isNew) {
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
      if (s !== 0) px = Math.max(this.instrument.addTicks(p, vo.isBuy ? s : -s), this.instrument.priceIncrement);
    }
    this.fill(vo, px, LiquiditySide_.TAKER);
    if (tif === TimeInForce_.IOC && vo.isNew && !vo.closed) this.cancelOrder(vo, true);
  }

  /** Fills what it can of the order at `px`: reduce-only and the volume cap may trim it. */
  private fill(vo: VenueOrder, px: number, liquidity: LiquiditySide): void {
    const o = vo.order;
    const inst = this.instrument;
    let qty: number = o.leavesQty;
    if (o.reduceOnly) {
      const pos = this.strategyQty.get(o.strategyId) ?? 0;
      if (!this.reduces(vo)) {
        this.cancelOrder(vo, true);
        return;
      }
      const maxQ = Math.abs(pos);
      if (qty > maxQ) {
        this.update(vo, cleanFloat_(o.filledQty + maxQ) as Quantity, null, null);
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
      if (this.sharedBudget) this.budgetBuy = this.budgetSell = cleanFloat_(avail - qty);
      else if (vo.isBuy) this.budgetBuy = cleanFloat_(avail - qty);
      else this.budgetSell = cleanFloat_(avail - qty);
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
      commission: commission_(inst, qty, px, liquidity) as Money,
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
}
