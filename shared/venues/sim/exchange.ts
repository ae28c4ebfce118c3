import {
  Account, AccountType, checkBar, checkQuoteTick, checkTradeTick, InstrumentClass, InvalidInstrumentError,
  InvalidMarketDataError, InvalidValueError, OmsType, OrderSide, UnknownInstrumentError, venue as toVenue,
  type AccountId, type Bar, type Currency, type Instrument, type InstrumentId, type Order, type OrderEvent, type OrderFilled,
  type QuoteTick, type TradeId, type TradeTick, type TradingCommand, type Venue, type VenueOrderId,
} from '../../model/index.ts';
import { CommandQueue } from './command-queue.ts';
import { FillModel } from './fill-model.ts';
import { OrderMatchingEngine, type MatchingContext } from './matching-engine.ts';
import type { SimExchangeConfig, SimExchangeEventSink } from './types.ts';
import { K_LIMIT } from './venue-order.ts';

// Module-level aliases of imported bindings: under tsx (esbuild, CJS interop) every read of an imported name is a
// getter call; a const is a plain slot read (hot paths).
const Account_ = Account;
const AccountType_ = AccountType;
const checkBar_ = checkBar;
const checkQuoteTick_ = checkQuoteTick;
const checkTradeTick_ = checkTradeTick;
const InstrumentClass_ = InstrumentClass;
const InvalidInstrumentError_ = InvalidInstrumentError;
const InvalidMarketDataError_ = InvalidMarketDataError;
const InvalidValueError_ = InvalidValueError;
const OmsType_ = OmsType;
const OrderSide_ = OrderSide;
const UnknownInstrumentError_ = UnknownInstrumentError;
const toVenue_ = toVenue;
const CommandQueue_ = CommandQueue;
const FillModel_ = FillModel;
const OrderMatchingEngine_ = OrderMatchingEngine;
const K_LIMIT_ = K_LIMIT;

const DAY_MS = 86_400_000;

/**
 * A simulated venue: one OrderMatchingEngine per instrument, a command queue with latency, GTD/DAY expiry, and the
 * venue account (balances, locks, margin), reported through SimExchangeEventSink. See types.ts for how the kernel
 * drives it and matching-engine.ts for the matching rules.
 *
 * Time: the exchange's clock `now` moves forward only, driven by data timestamps and `process(ts)`. Data older than
 * `now` is refused with InvalidMarketDataError (state unchanged), as is malformed data (NaN or non-positive prices,
 * high < low, crossed quotes) and data for an instrument the venue does not list (UnknownInstrumentError).
 * Bad orders never throw: they are answered with OrderRejected / OrderModifyRejected / OrderCancelRejected.
 */
export class SimulatedExchange implements MatchingContext {
  readonly venue: Venue;
  readonly account: Account;
  readonly accountId: AccountId;
  readonly fillModel: FillModel;
  readonly participation: number | null;
  readonly deferNewToNextBar: boolean;
  readonly latencyMs: number;
  readonly omsType: OmsType;
  now = Number.NEGATIVE_INFINITY;
  private readonly engines = new Map<InstrumentId, OrderMatchingEngine>();
  private readonly engineList: OrderMatchingEngine[] = [];
  private lastId: InstrumentId | null = null;
  private lastEngine: OrderMatchingEngine | null = null;
  private readonly queue = new CommandQueue_();
  private busy = 0;
  private orderCount = 0;
  private tradeCount = 0;
  private locksDirty = false;
  /** Lower bound of the engines' nextExpiry (GTD/DAY orders): advanceTo skips the engines until then. */
  private minExpiry = Number.POSITIVE_INFINITY;
  /** Scratch of refreshLocks: currencies and their locked amounts. */
  private readonly lockCur: Currency[] = [];
  private readonly lockAmt: number[] = [];
  private readonly prefix: string;
  /** `{prefix}-` and `{prefix}-T`, built once (ids are then one concatenation each). */
  private readonly venueOrderIdPrefix: string;
  private readonly tradeIdPrefix: string;
  private readonly dayEndOffsetMs: number;
  private readonly checkBalance: boolean;
  private readonly leverage: number;
  private readonly allowLateData: boolean;

  constructor(
    config: SimExchangeConfig,
    private readonly sink: SimExchangeEventSink,
  ) {
    this.venue = toVenue_(config.venue);
    this.accountId = `${config.venue}-001` as AccountId;
    this.account = new Account_(this.accountId, config.accountType, config.baseCurrency, config.startingBalances, config.leverage ?? 1);
    this.fillModel = new FillModel_(config.fillModel, config.seed ?? 0);
    const part = config.volumeParticipation ?? null;
    if (part !== null && !(part > 0 && part <= 1)) {
      throw new InvalidValueError_(`volumeParticipation ${part} must be in (0, 1] or null (no cap).`);
    }
    this.participation = part;
    this.deferNewToNextBar = config.barFillTiming === 'next-open';
    this.latencyMs = config.latencyMs ?? 0;
    if (!(this.latencyMs >= 0) || !Number.isFinite(this.latencyMs)) {
      throw new InvalidValueError_(`latencyMs ${this.latencyMs} must be a finite number of milliseconds >= 0.`);
    }
    this.omsType = config.omsType ?? OmsType_.NETTING;
    this.dayEndOffsetMs = config.dayEndOffsetMs ?? 0;
    if (!(this.dayEndOffsetMs >= 0 && this.dayEndOffsetMs < DAY_MS)) {
      throw new InvalidValueError_(`dayEndOffsetMs ${this.dayEndOffsetMs} must be in [0, 86_400_000).`);
    }
    this.checkBalance = config.checkBalance ?? true;
    this.leverage = config.leverage ?? 1;
    if (!(this.leverage >= 1)) throw new InvalidValueError_(`leverage ${this.leverage} must be >= 1.`);
    this.prefix = config.idPrefix ?? config.venue;
    this.venueOrderIdPrefix = `${this.prefix}-`;
    this.tradeIdPrefix = `${this.prefix}-T`;
    this.allowLateData = config.allowLateData ?? false;
  }

  addInstrument(instrument: Instrument): OrderMatchingEngine {
    if (instrument.venue !== this.venue) {
      throw new InvalidInstrumentError_(`Instrument ${instrument.id} belongs to venue ${instrument.venue}, not ${this.venue}; add it to that venue's exchange.`);
    }
    if (this.engines.has(instrument.id)) {
      throw new InvalidInstrumentError_(`Instrument ${instrument.id} was already added to ${this.venue}.`);
    }
    const engine = new OrderMatchingEngine_(instrument, this);
    this.engines.set(instrument.id, engine);
    this.engineList.push(engine);
    return engine;
  }

  /** The matching engine of an instrument (hold it to skip the lookup), or undefined. */
  matchingEngine(id: InstrumentId): OrderMatchingEngine | undefined {
    return this.engines.get(id);
  }

  /** Emits the account's current state (call once at start so the Portfolio sees the opening balances). */
  reportAccount(ts: number): void {
    this.refreshLocks();
    this.sink.onAccountState(this.account.toState(ts));
  }

  // ---------------------------------------------------------------- data

  processQuoteTick(tick: QuoteTick): void {
    this.processQuoteTickOn(this.engineFor(tick.instrumentId), tick);
  }

  processTradeTick(tick: TradeTick): void {
    this.processTradeTickOn(this.engineFor(tick.instrumentId), tick);
  }

  processBar(bar: Bar): void {
    this.processBarOn(this.engineFor(bar.barType.instrumentId), bar);
  }

  /**
   * processQuoteTick / processTradeTick / processBar with the instrument's matching engine already in hand (from
   * `matchingEngine(id)` or `addInstrument`): a backtest loop holds it per data source and skips the lookup.
   * The engine must belong to this exchange and be the data's instrument's.
   */
  processQuoteTickOn(engine: OrderMatchingEngine, tick: QuoteTick): void {
    // A few comparisons on the hot path; the descriptive check (string work) only when one fails.
    const ts = tick.tsEvent;
    if (!(tick.bid > 0 && tick.ask >= tick.bid && tick.ask < Infinity && tick.bidSize >= 0 && tick.askSize >= 0
      && tick.bidSize < Infinity && tick.askSize < Infinity && ts > -Infinity && ts < Infinity)) {
      const why = checkQuoteTick_(tick);
      if (why !== null) throw new InvalidMarketDataError_(`${why}; the venue ignored it.`);
    }
    this.beginData(ts);
    engine.onQuote(tick);
    this.endData();
  }

  processTradeTickOn(engine: OrderMatchingEngine, tick: TradeTick): void {
    const why = checkTradeTick_(tick);
    if (why !== null) throw new InvalidMarketDataError_(`${why}; the venue ignored it.`);
    this.beginData(tick.tsEvent);
    engine.onTrade(tick);
    this.endData();
  }

  processBarOn(engine: OrderMatchingEngine, bar: Bar): void {
    const { open, high, low, close, volume, tsEvent } = bar;
    // low > 0 and high bounding everything makes all prices finite and positive (what checkBar requires).
    if (!(low > 0 && high < Infinity && high >= open && high >= close && low <= open && low <= close
      && volume >= 0 && volume < Infinity && tsEvent > -Infinity && tsEvent < Infinity)) {
      const why = checkBar_(bar);
      if (why !== null) throw new InvalidMarketDataError_(`${why}; the venue ignored it.`);
    }
    this.beginData(tsEvent);
    engine.onBar(bar);
    this.endData();
  }

  private engineFor(id: InstrumentId): OrderMatchingEngine {
    if (id === this.lastId) return this.lastEngine!;
    const e = this.engines.get(id);
    if (e === undefined) {
      throw new UnknownInstrumentError_(`Instrument ${id} is not listed on simulated venue ${this.venue}; add it with addInstrument() first.`);
    }
    this.lastId = id;
    this.lastEngine = e;
    return e;
  }

  private beginData(ts: number): void {
    if (ts < this.now && this.allowLateData) ts = this.now;
    if (ts < this.now) {
      throw new InvalidMarketDataError_(
        `Data at ${ts} is older than the venue's time ${this.now} (timestamps going backwards); sort the data by time. The venue ignored it.`,
      );
    }
    this.busy++;
    // Commands that reached the venue before this data see the book as it was then.
    while (this.queue.nextArrival() < ts) {
      const at = this.queue.nextArrival();
      this.advanceTo(at);
      this.handle(this.queue.shift());
    }
    this.advanceTo(ts);
  }

  private endData(): void {
    this.drainDue();
    this.busy--;
    if (this.locksDirty && this.busy === 0) this.flushLocks();
  }

  /** CASH accounts: report the account when open orders changed what is locked (accept, cancel, expire, modify). */
  private flushLocks(): void {
    if (this.refreshLocks()) this.sink.onAccountState(this.account.toState(this.now));
  }

  // ---------------------------------------------------------------- time and commands

  /**
   * Advances the venue to `ts`: runs commands that have arrived (arrival <= ts) in arrival order, each at its
   * arrival time, and expires GTD/DAY orders. A `ts` before the venue's time is treated as now.
   */
  process(ts: number): void {
    this.busy++;
    while (this.queue.nextArrival() <= ts) {
      const at = this.queue.nextArrival();
      this.advanceTo(at);
      this.handle(this.queue.shift());
    }
    this.advanceTo(ts);
    this.busy--;
    if (this.locksDirty && this.busy === 0) this.flushLocks();
  }

  /**
   * Sends a command; it arrives `latencyMs` after max(command.tsInit, now). With zero latency it runs at once
   * (unless the exchange is mid-step, e.g. a strategy reacting to a fill: then right after the step).
   */
  send(command: TradingCommand): void {
    const sent = command.tsInit > this.now ? command.tsInit : this.now;
    const arrival = sent + this.latencyMs;
    this.queue.push(command, arrival);
    if (this.busy === 0 && this.latencyMs === 0) this.process(arrival);
  }

  private drainDue(): void {
    while (this.queue.nextArrival() <= this.now) this.handle(this.queue.shift());
  }

  private advanceTo(ts: number): void {
    if (ts > this.now) this.now = ts;
    // One comparison per step instead of a pass over every instrument's book: `minExpiry` is a lower bound of the
    // engines' nextExpiry (only `add` lowers an engine's, and submit() folds that in).
    if (this.minExpiry > this.now) return;
    const engines = this.engineList;
    let next = Number.POSITIVE_INFINITY;
    for (let i = 0; i < engines.length; i++) {
      const e = engines[i];
      if (e.nextExpiry <= this.now) e.expireDue(this.now);
      if (e.nextExpiry < next) next = e.nextExpiry;
    }
    this.minExpiry = next;
  }

  private handle(cmd: TradingCommand): void {
    switch (cmd.type) {
      case 'SubmitOrder': {
        const engine = this.engines.get(cmd.instrumentId);
        if (engine === undefined) return this.rejectUnknown(cmd.order);
        this.submit(engine, cmd.order);
        engine.runNew();
        return;
      }
      case 'SubmitOrderList': {
        const engine = this.engines.get(cmd.instrumentId);
        if (engine === undefined) {
          for (const o of cmd.orderList.orders) this.rejectUnknown(o);
          return;
        }
        // Accept the whole list first, so children know their parent, then run it.
        for (const o of cmd.orderList.orders) this.submit(engine, o);
        engine.runNew();
        return;
      }
      case 'ModifyOrder': {
        const engine = this.engines.get(cmd.instrumentId);
        const reject = (reason: string): void => {
          this.emitOrderEvent({
            type: 'OrderModifyRejected', strategyId: cmd.strategyId, instrumentId: cmd.instrumentId,
            clientOrderId: cmd.clientOrderId, venueOrderId: cmd.venueOrderId, accountId: this.accountId, reason,
            tsEvent: this.now, tsInit: this.now,
          });
        };
        if (engine === undefined) return reject(`instrument ${cmd.instrumentId} is not listed on ${this.venue}`);
        engine.modify(cmd.clientOrderId, cmd.quantity, cmd.price, cmd.triggerPrice, reject);
        return;
      }
      case 'CancelOrder': {
        const engine = this.engines.get(cmd.instrumentId);
        if (engine === undefined || !engine.cancel(cmd.clientOrderId)) {
          this.emitOrderEvent({
            type: 'OrderCancelRejected', strategyId: cmd.strategyId, instrumentId: cmd.instrumentId,
            clientOrderId: cmd.clientOrderId, venueOrderId: cmd.venueOrderId, accountId: this.accountId,
            reason: engine === undefined
              ? `instrument ${cmd.instrumentId} is not listed on ${this.venue}`
              : `order ${cmd.clientOrderId} is not open at the venue (unknown, filled, canceled or expired)`,
            tsEvent: this.now, tsInit: this.now,
          });
        }
        return;
      }
      case 'CancelAllOrders': {
        const engine = this.engines.get(cmd.instrumentId);
        if (engine !== undefined) engine.cancelAll(cmd.strategyId, cmd.orderSide);
        return;
      }
    }
  }

  private submit(engine: OrderMatchingEngine, order: Order): void {
    const reason = this.checkBalance ? this.balanceProblem(engine, order) : null;
    engine.add(order, reason);
    if (engine.nextExpiry < this.minExpiry) this.minExpiry = engine.nextExpiry;
  }

  private rejectUnknown(order: Order): void {
    this.emitOrderEvent({
      type: 'OrderRejected', strategyId: order.strategyId, instrumentId: order.instrumentId,
      clientOrderId: order.clientOrderId, accountId: this.accountId,
      reason: `instrument ${order.instrumentId} is not listed on simulated venue ${this.venue}`,
      tsEvent: this.now, tsInit: this.now,
    });
  }

  // ---------------------------------------------------------------- account

  /**
   * Why the account cannot carry this order, or null. CASH: a buy needs free quote for qty * price * multiplier
   * plus the taker fee; a sell of a pair needs free base; a sell of an equity needs a long position (no shorting).
   * MARGIN (and derivatives): an order that adds exposure needs free settlement currency for its initial margin.
   * Reduce-only orders, and orders that only reduce the venue position, are never refused for funds.
   */
  private balanceProblem(engine: OrderMatchingEngine, order: Order): string | null {
    if (order.reduceOnly) return null;
    const inst = engine.instrument;
    const buy = order.side === OrderSide_.BUY;
    const pos = engine.signedQty;
    const reducing = buy ? pos < 0 && order.quantity <= -pos : pos > 0 && order.quantity <= pos;
    if (reducing) return null;
    const ref = order.price ?? order.triggerPrice ?? (buy ? engine.buyPx : engine.sellPx);
    if (ref !== ref) return null; // no price known yet (a MARKET order is then rejected for lack of data anyway)
    this.refreshLocks();
    const derivative = inst.kind === InstrumentClass_.PERPETUAL || inst.kind === InstrumentClass_.FUTURE;
    const acct = this.account;
    if (acct.type === AccountType_.CASH && !derivative) {
      if (buy) {
        const need = inst.notional(order.quantity, ref) * (1 + Math.max(inst.takerFee, 0));
        const free = acct.free(inst.quoteCurrency);
        if (need > free) {
          return `insufficient ${inst.quoteCurrency.code}: the order needs ${inst.quoteCurrency.round(need)} and ${free} is free; reduce the quantity`;
        }
      } else if (inst.baseCurrency !== null) {
        const free = acct.free(inst.baseCurrency);
        if (order.quantity > free) {
          return `insufficient ${inst.baseCurrency.code}: selling ${order.quantity} but ${free} is free (a CASH account cannot sell what it does not hold)`;
        }
      } else if (order.quantity > Math.max(pos, 0)) {
        return `a CASH account cannot sell short: selling ${order.quantity} ${inst.id} with a position of ${pos}`;
      }
      return null;
    }
    const need = (inst.notional(order.quantity, ref) * inst.marginInit) / this.leverage;
    const free = acct.free(inst.settlementCurrency);
    if (need > free) {
      return `insufficient margin: the order needs ${inst.settlementCurrency.round(need)} ${inst.settlementCurrency.code} initial margin and ${free} is free`;
    }
    return null;
  }

  /**
   * CASH accounts lock funds for open orders (buys: quote; sells of pairs: base). Margin is for positions only.
   * Returns true when a locked amount changed.
   */
  private refreshLocks(): boolean {
    if (!this.locksDirty) return false;
    this.locksDirty = false;
    if (this.account.type !== AccountType_.CASH) return false;
    // Usually (market orders fill as they arrive) no open order locks anything and nothing was locked before: then
    // the full pass below would only set every currency's lock from 0 to 0.
    if (!this.account.hasOrderLocks() && !this.anyLockingOrder()) return false;
    // Locks per currency, in first-seen order (the account's currencies, then the instruments'), in reused arrays:
    // this runs on every fill.
    const cur = this.lockCur;
    const amt = this.lockAmt;
    cur.length = 0;
    amt.length = 0;
    for (const b of this.account.balanceEntries()) this.addLock(b.currency, 0);
    const engines = this.engineList;
    for (let k = 0; k < engines.length; k++) {
      const e = engines[k];
      const inst = e.instrument;
      if (inst.kind === InstrumentClass_.PERPETUAL || inst.kind === InstrumentClass_.FUTURE) continue;
      const orders = e.orders;
      for (let j = 0; j < orders.length; j++) {
        const vo = orders[j];
        const o = vo.order;
        if (vo.closed || !vo.active || o.reduceOnly) continue;
        if (vo.isBuy) {
          const ref = vo.kind === K_LIMIT_ ? o.price! : (o.triggerPrice ?? e.buyPx);
          if (ref === ref) this.addLock(inst.quoteCurrency, inst.notional(o.leavesQty, ref));
        } else if (inst.baseCurrency !== null) {
          this.addLock(inst.baseCurrency, o.leavesQty);
        }
      }
    }
    let changed = false;
    for (let k = 0; k < cur.length; k++) {
      const c = cur[k];
      const before = this.account.locked(c);
      this.account.setOrderLock(c, amt[k]);
      if (this.account.locked(c) !== before) changed = true;
    }
    return changed;
  }

  /**
   * True when an open order would change something in the lock pass: it locks an amount, or it would add a balance
   * entry for its currency (the pass registers every currency it sees). An order with nothing left (filled, about to
   * be closed: afterFill runs before that) in a currency the account holds changes nothing.
   */
  private anyLockingOrder(): boolean {
    const engines = this.engineList;
    const acct = this.account;
    for (let k = 0; k < engines.length; k++) {
      const e = engines[k];
      const inst = e.instrument;
      if (inst.kind === InstrumentClass_.PERPETUAL || inst.kind === InstrumentClass_.FUTURE) continue;
      const orders = e.orders;
      for (let j = 0; j < orders.length; j++) {
        const vo = orders[j];
        if (vo.closed || !vo.active || vo.order.reduceOnly) continue;
        const c = vo.isBuy ? inst.quoteCurrency : inst.baseCurrency;
        if (c === null) continue;
        if (vo.order.leavesQty > 0 || !acct.hasBalance(c)) return true;
      }
    }
    return false;
  }

  private addLock(c: Currency, amount: number): void {
    const cur = this.lockCur;
    for (let k = 0; k < cur.length; k++) {
      if (cur[k].code === c.code) {
        this.lockAmt[k] += amount;
        return;
      }
    }
    cur.push(c);
    this.lockAmt.push(amount);
  }

  // ---------------------------------------------------------------- MatchingContext

  nextVenueOrderId(): VenueOrderId {
    return (this.venueOrderIdPrefix + ++this.orderCount) as VenueOrderId;
  }

  nextTradeId(): TradeId {
    return (this.tradeIdPrefix + ++this.tradeCount) as TradeId;
  }

  dayEndAfter(ts: number): number {
    return Math.floor((ts - this.dayEndOffsetMs) / DAY_MS) * DAY_MS + DAY_MS + this.dayEndOffsetMs;
  }

  emitOrderEvent(event: OrderEvent): void {
    this.sink.onOrderEvent(event);
  }

  afterFill(engine: OrderMatchingEngine, fill: OrderFilled, realizedPnl: number): void {
    const inst = engine.instrument;
    this.account.applyFill(fill, inst, realizedPnl);
    const derivative = inst.kind === InstrumentClass_.PERPETUAL || inst.kind === InstrumentClass_.FUTURE;
    if (this.account.type === AccountType_.MARGIN || derivative) {
      const pos = engine.position;
      const notional = pos === null || pos.isClosed() ? 0 : Math.abs(pos.signedQty) * pos.avgPxOpen * inst.multiplier;
      this.account.setMargin(inst.id, inst.settlementCurrency, (notional * inst.marginInit) / this.leverage, (notional * inst.marginMaint) / this.leverage);
    }
    this.locksDirty = true;
    this.refreshLocks();
    this.sink.onAccountState(this.account.toState(this.now));
  }

  ordersChanged(): void {
    this.locksDirty = true;
  }
}
