/**
 * StrategySpec -> Strategy: the kernel compilation of a spec, the source of truth the GPU sweep and the Pine export
 * are held to. Semantics: docs/strategy-spec.md ("Evaluation"); the rule logic is SpecSignals (compile-signals.ts),
 * this file turns its signals into orders.
 */
import {
  AggregationSource, BarAggregation, BarSpecification, BarType, ContingencyType, OrderSide, OrderType, PriceType,
  OrderList, TimeInForce, TrailingOffsetType, TriggerType, ensureInstrumentId, parseInstrumentId,
  type Bar, type ClientOrderId, type Instrument, type InstrumentId, type Order, type OrderCanceled, type OrderDenied,
  type OrderExpired, type OrderFilled, type OrderRejected, type Venue,
} from '../model/index.ts';
import type { PositionClosed } from '../engine/events.ts';
import { Strategy } from './strategy.ts';
import type { Distance, StrategySpec } from './spec.ts';
import { validateSpec, type SpecError } from './spec-validate.ts';
import { SpecSignals } from './compile-signals.ts';
import { defaultIndicatorProvider, type IndicatorProvider } from './compile-indicators.ts';

export class SpecCompileError extends Error {
  override readonly name = 'SpecCompileError';
  constructor(readonly errors: readonly SpecError[]) {
    super(`invalid StrategySpec: ${errors.map((e) => `${e.path || '(root)'}: ${e.message}`).join('; ')}`);
  }
}

export interface CompileOptions {
  /** Strategy id (unique within a trader). Default `Spec-<name>` with non-identifier characters removed. */
  id?: string;
  /** Indicator registry adapter; default the shared/indicators registry. */
  provider?: IndicatorProvider;
  /** Run the rules on these instruments instead of the spec's `instruments` (e.g. the CLI's --instrument). */
  instruments?: readonly string[];
}

const UNIT: Record<string, BarAggregation> = {
  s: BarAggregation.SECOND,
  m: BarAggregation.MINUTE,
  h: BarAggregation.HOUR,
  d: BarAggregation.DAY,
  w: BarAggregation.WEEK,
};

/** '15m' -> 15-MINUTE-LAST. */
export function barSpecOf(timeframe: string): BarSpecification {
  const m = /^([1-9][0-9]*)([smhdw])$/.exec(timeframe);
  if (!m) throw new Error(`timeframe "${timeframe}" is not <n><unit> (unit s, m, h, d, w)`);
  return new BarSpecification(Number(m[1]), UNIT[m[2]], PriceType.LAST);
}

/** The bar type a compiled spec subscribes for an instrument: external bars of the spec's timeframe, LAST prices. */
export function barTypeOf(spec: StrategySpec, instrumentId: string): BarType {
  return new BarType(ensureInstrumentId(instrumentId), barSpecOf(spec.timeframe), AggregationSource.EXTERNAL);
}

/** Validates and compiles; throws SpecCompileError listing every problem when the spec is invalid. */
export function compileSpec(spec: unknown, opts: CompileOptions = {}): SpecStrategy {
  const provider = opts.provider ?? defaultIndicatorProvider;
  const r = validateSpec(spec, provider);
  if (!r.ok) throw new SpecCompileError(r.errors);
  return new SpecStrategy(r.spec, { ...opts, provider });
}

/** A note about a signal the strategy could not act on (shown by the CLI / app, never thrown). */
export interface SpecNote {
  ts: number;
  instrumentId: string;
  message: string;
}

interface InstrumentState {
  readonly id: InstrumentId;
  readonly venue: Venue;
  readonly barType: BarType;
  readonly signals: SpecSignals;
  bars: number;
  /** The entry order waiting for its fill, and the bar index after which a limit entry is cancelled. */
  entry: Order | undefined;
  entryExpiresAtBar: number;
  /** ATR values read at the signal bar, by period, for ATR distances of the protective orders. */
  signalAtr: Map<number, number>;
  /** Open protective orders (stop-loss, take-profit, trailing stop) of the current position. */
  protective: Order[];
}

export class SpecStrategy extends Strategy {
  readonly spec: StrategySpec;
  readonly notes: SpecNote[] = [];
  private readonly provider: IndicatorProvider;
  private readonly instrumentIds: readonly string[];
  private readonly states = new Map<string, InstrumentState>();

  constructor(spec: StrategySpec, opts: CompileOptions = {}) {
    super({ id: opts.id ?? `Spec-${spec.name.replace(/[^A-Za-z0-9_]+/g, '').slice(0, 40) || 'Strategy'}` });
    this.spec = spec;
    this.provider = opts.provider ?? defaultIndicatorProvider;
    this.instrumentIds = opts.instruments ?? spec.instruments;
  }

  override onStart(): void {
    for (const id of this.instrumentIds) {
      const barType = barTypeOf(this.spec, id);
      // A restart (stop, then start) keeps each instrument's indicators and state.
      if (this.states.has(barType.key)) continue;
      this.states.set(barType.key, {
        id: barType.instrumentId,
        venue: parseInstrumentId(id).venue,
        barType,
        signals: new SpecSignals(this.spec, this.provider),
        bars: 0,
        entry: undefined,
        entryExpiresAtBar: Infinity,
        signalAtr: new Map(),
        protective: [],
      });
      this.subscribeBars(barType);
    }
  }

  override onBar(bar: Bar): void {
    const st = this.states.get(bar.barType.key);
    if (st === undefined) return;
    st.bars++;
    const sig = st.signals.update(bar);
    if (st.entry !== undefined && st.bars >= st.entryExpiresAtBar) {
      // A limit entry rests for `expireBars` bars after its signal bar; unfilled, it is cancelled at this close.
      if (st.entry.isOpen()) this.cancelOrder(st.entry);
      st.entry = undefined;
    }
    const net = this.netPosition(st.id);
    const hasShort = this.spec.short !== undefined;
    const hasLong = this.spec.long !== undefined;
    if (net > 0) {
      if (sig.longExit || sig.shortEntry) {
        this.exit(st);
        if (sig.shortEntry && hasShort) this.enter(st, bar, OrderSide.SELL);
      }
    } else if (net < 0) {
      if (sig.shortExit || sig.longEntry) {
        this.exit(st);
        if (sig.longEntry && hasLong) this.enter(st, bar, OrderSide.BUY);
      }
    } else if (st.entry === undefined) {
      if (sig.longEntry && !sig.shortEntry && hasLong) this.enter(st, bar, OrderSide.BUY);
      else if (sig.shortEntry && !sig.longEntry && hasShort) this.enter(st, bar, OrderSide.SELL);
    }
  }

  private note(st: InstrumentState, message: string): void {
    this.notes.push({ ts: this.clock.now(), instrumentId: st.id, message });
  }

  /**
   * A distance in price from `ref`: percent of ref, ticks of the instrument, or a multiple of ATR (read from
   * `atr`, the values at the signal bar). undefined when the spec has no such distance; null while ATR warms up.
   */
  private distance(d: Distance | undefined, ref: number, inst: Instrument, atr: ReadonlyMap<number, number>): number | undefined | null {
    if (d === undefined) return undefined;
    switch (d.type) {
      case 'percent':
        return (ref * d.value) / 100;
      case 'ticks':
        return d.ticks * inst.priceIncrement;
      case 'atr': {
        const a = atr.get(d.period ?? 14);
        return a === undefined ? null : a * d.multiple;
      }
    }
  }

  /** ATR values the spec's distances need, read now (at the signal bar). */
  private readAtr(st: InstrumentState): Map<number, number> {
    const m = new Map<number, number>();
    const spec = this.spec;
    for (const d of [spec.stopLoss, spec.takeProfit, spec.trailingStop, spec.entryOrder?.type === 'limit' ? spec.entryOrder.offset : undefined]) {
      if (d?.type !== 'atr') continue;
      const p = d.period ?? 14;
      const a = st.signals.atr(p);
      if (a !== undefined) m.set(p, a);
    }
    return m;
  }

  private enter(st: InstrumentState, bar: Bar, side: OrderSide): void {
    const inst = this.cache.instrument(st.id);
    if (inst === undefined) return;
    const buy = side === OrderSide.BUY;
    const spec = this.spec;
    const eo = spec.entryOrder;
    let ref = bar.close;
    const atr = this.readAtr(st);
    if (eo?.type === 'limit') {
      const off = this.distance(eo.offset, bar.close, inst, atr);
      if (off === null || off === undefined) return this.note(st, 'entry skipped: ATR for the limit offset is still warming up');
      ref = inst.makePrice(buy ? bar.close - off : bar.close + off);
      if (!(ref > 0)) return this.note(st, `entry skipped: limit price ${ref} is not positive`);
    }
    // Estimated at the reference price for sizing; the protective orders are priced from the actual fill.
    const stopDist = this.distance(spec.stopLoss, ref, inst, atr);
    if (stopDist === null || this.distance(spec.takeProfit, ref, inst, atr) === null || this.distance(spec.trailingStop, ref, inst, atr) === null) {
      return this.note(st, 'entry skipped: ATR for a stop or target is still warming up');
    }
    const equity = this.portfolio.equity(st.venue);
    const unit = ref * inst.multiplier;
    let raw: number;
    switch (spec.sizing.type) {
      case 'fixedQuantity':
        raw = spec.sizing.quantity;
        break;
      case 'fixedNotional':
        raw = spec.sizing.notional / unit;
        break;
      case 'percentEquity':
        raw = (equity * spec.sizing.percent) / 100 / unit;
        break;
      case 'riskPerTrade':
        raw = stopDist !== undefined && stopDist > 0 ? (equity * spec.sizing.riskPercent) / 100 / (stopDist * inst.multiplier) : NaN;
        break;
    }
    const qty = Number.isFinite(raw) && raw > 0 ? inst.makeQty(raw) : 0;
    if (!(qty >= inst.minQuantity)) {
      return this.note(st, `entry skipped: size ${raw} rounds below the minimum quantity ${inst.minQuantity} of ${st.id}`);
    }
    st.signalAtr = atr;
    const order =
      eo?.type === 'limit'
        ? this.orderFactory.limit({ instrumentId: st.id, side, quantity: qty, price: ref, timeInForce: TimeInForce.GTC, tags: ['ENTRY'] })
        : this.orderFactory.market({ instrumentId: st.id, side, quantity: qty, tags: ['ENTRY'] });
    st.entry = order;
    st.entryExpiresAtBar = eo?.type === 'limit' ? st.bars + (eo.expireBars ?? 1) : Infinity;
    this.submitOrder(order);
  }

  private exit(st: InstrumentState): void {
    // An entry still working (a partly filled limit) must not add to a position being closed.
    if (st.entry !== undefined && st.entry.isOpen()) this.cancelOrder(st.entry);
    st.entry = undefined;
    this.cancelProtective(st);
    for (const p of this.positionsOpen(st.id)) this.closePosition(p, ['EXIT']);
  }

  /**
   * Cancels the open protective orders. One cancel per OCO pair: the venue cancels the other member itself.
   * `doneList`: an OCO list the venue is already closing (one of its members just filled).
   */
  private cancelProtective(st: InstrumentState, doneList: string | null = null): void {
    const lists = new Set<string>();
    for (const o of st.protective) {
      if (!o.isOpen()) continue;
      const list = o.contingencyType === ContingencyType.OCO ? o.orderListId : null;
      if (list !== null && (list === doneList || lists.has(list))) continue;
      if (list !== null) lists.add(list);
      this.cancelOrder(o);
    }
    st.protective = [];
  }

  private stateOf(instrumentId: string): InstrumentState | undefined {
    for (const st of this.states.values()) if (st.id === instrumentId) return st;
    return undefined;
  }

  override onOrderFilled(e: OrderFilled): void {
    const st = this.stateOf(e.instrumentId);
    if (st === undefined || st.entry === undefined || e.clientOrderId !== st.entry.clientOrderId) return;
    const entry = st.entry;
    // Protective orders go on once the entry is complete, sized to what was filled, priced from its average fill.
    if (entry.leavesQty > 0) return;
    st.entry = undefined;
    this.protect(st, entry);
  }

  private clearEntryIf(id: ClientOrderId): void {
    for (const st of this.states.values()) if (st.entry?.clientOrderId === id) st.entry = undefined;
  }
  override onOrderDenied(e: OrderDenied): void {
    this.clearEntryIf(e.clientOrderId);
  }
  override onOrderRejected(e: OrderRejected): void {
    this.clearEntryIf(e.clientOrderId);
  }
  override onOrderCanceled(e: OrderCanceled): void {
    this.clearEntryIf(e.clientOrderId);
  }
  override onOrderExpired(e: OrderExpired): void {
    this.clearEntryIf(e.clientOrderId);
  }

  override onPositionClosed(e: PositionClosed): void {
    const st = this.stateOf(e.position.instrumentId);
    if (st === undefined) return;
    const closer = st.protective.find((o) => o.clientOrderId === e.fill.clientOrderId);
    this.cancelProtective(st, closer?.contingencyType === ContingencyType.OCO ? closer.orderListId : null);
  }

  private protect(st: InstrumentState, entry: Order): void {
    const inst = this.cache.instrument(st.id);
    if (inst === undefined) return;
    const buy = entry.side === OrderSide.BUY;
    const exitSide = buy ? OrderSide.SELL : OrderSide.BUY;
    const P = entry.avgPx;
    const qty = entry.filledQty;
    const sgn = buy ? 1 : -1;
    const base = {
      instrumentId: st.id,
      side: exitSide,
      quantity: qty,
      triggerType: TriggerType.DEFAULT,
      trailingOffset: null,
      trailingOffsetType: null,
      activationPrice: null,
      timeInForce: TimeInForce.GTC,
      expireTime: null,
      postOnly: false,
      reduceOnly: true,
      parentOrderId: null,
    };
    const orders: Order[] = [];
    const dist = (d: Distance | undefined): number | undefined => this.distance(d, P, inst, st.signalAtr) ?? undefined;
    const stopDist = dist(this.spec.stopLoss);
    const targetDist = dist(this.spec.takeProfit);
    // A trailing offset must itself be a whole number of ticks (at least one).
    const trailDist = dist(this.spec.trailingStop);
    const trail = trailDist === undefined ? undefined : Math.max(inst.makePrice(trailDist), inst.priceIncrement);
    const sl = stopDist !== undefined ? inst.makePrice(P - sgn * stopDist) : undefined;
    const tp = targetDist !== undefined ? inst.makePrice(P + sgn * targetDist) : undefined;
    if (sl !== undefined && tp !== undefined) {
      const listId = this.orderFactory.nextOrderListId();
      const slId = this.orderFactory.nextClientOrderId();
      const tpId = this.orderFactory.nextClientOrderId();
      const link = { contingencyType: ContingencyType.OCO, orderListId: listId };
      const slo = this.orderFactory.create(slId, { ...base, ...link, orderType: OrderType.STOP_MARKET, price: null, triggerPrice: sl, linkedOrderIds: [tpId], tags: ['SL'] });
      const tpo = this.orderFactory.create(tpId, { ...base, ...link, orderType: OrderType.LIMIT, price: tp, triggerPrice: null, linkedOrderIds: [slId], tags: ['TP'] });
      orders.push(slo, tpo);
    } else if (sl !== undefined) {
      orders.push(this.orderFactory.stopMarket({ instrumentId: st.id, side: exitSide, quantity: qty, triggerPrice: sl, reduceOnly: true, tags: ['SL'] }));
    } else if (tp !== undefined) {
      orders.push(this.orderFactory.limit({ instrumentId: st.id, side: exitSide, quantity: qty, price: tp, reduceOnly: true, tags: ['TP'] }));
    }
    if (trail !== undefined) {
      orders.push(
        this.orderFactory.trailingStopMarket({
          instrumentId: st.id,
          side: exitSide,
          quantity: qty,
          trailingOffset: trail,
          trailingOffsetType: TrailingOffsetType.PRICE,
          triggerPrice: inst.makePrice(P - sgn * trail),
          reduceOnly: true,
          tags: ['TRAIL'],
        }),
      );
    }
    st.protective = orders;
    for (const o of orders) {
      if (o.contingencyType !== ContingencyType.OCO) this.submitOrder(o);
      else if (o.tags[0] === 'SL') this.submitOrderList(new OrderList(o.orderListId!, [o, orders[orders.indexOf(o) + 1]], this.clock.now()));
    }
  }
}
