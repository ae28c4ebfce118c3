/**
 * The kernel's in-memory state: instruments, orders, positions, accounts and the latest market data.
 * Written by the engines (DataEngine: market data; ExecutionEngine: orders, positions; Portfolio: accounts),
 * read by everyone (strategies through `this.cache`). Reads are Map lookups; no copies are made.
 */
import type {
  Account, Bar, BarType, ClientOrderId, Instrument, InstrumentId, Order, OrderSide, Position, PositionId, QuoteTick,
  StrategyId, TradeTick, Venue,
} from '../model/index.ts';

/**
 * The latest market data of one instrument. The DataEngine holds the slot of each instrument and writes fields
 * directly (one property store per tick instead of a Map write).
 */
export class MarketSlot {
  quote: QuoteTick | undefined = undefined;
  trade: TradeTick | undefined = undefined;
  /** The latest bar of any bar type of the instrument. */
  bar: Bar | undefined = undefined;
}

/** The latest bar of one bar type. */
export class BarSlot {
  bar: Bar | undefined = undefined;
  constructor(readonly market: MarketSlot) {}
}

export class Cache {
  private readonly instrumentMap = new Map<InstrumentId, Instrument>();
  private readonly orderMap = new Map<ClientOrderId, Order>();
  /** Orders not closed (and past INITIALIZED), in submission order. */
  private readonly openOrderSet = new Set<Order>();
  private readonly positionMap = new Map<PositionId, Position>();
  private readonly openPositionSet = new Set<Position>();
  private readonly accountMap = new Map<Venue, Account>();
  private readonly slots = new Map<InstrumentId, MarketSlot>();
  private readonly barSlots = new Map<string, BarSlot>();
  /** Which position an order's fills went to, for orders not in this cache (those in it keep it on the Order). */
  private readonly orderPositions = new Map<ClientOrderId, PositionId>();

  // --- instruments
  addInstrument(i: Instrument): void {
    this.instrumentMap.set(i.id, i);
  }
  instrument(id: InstrumentId): Instrument | undefined {
    return this.instrumentMap.get(id);
  }
  instruments(venue?: Venue): Instrument[] {
    const all = [...this.instrumentMap.values()];
    return venue === undefined ? all : all.filter((i) => i.venue === venue);
  }

  // --- market data
  /** The market-data slot of an instrument (created on first use). */
  slot(id: InstrumentId): MarketSlot {
    let s = this.slots.get(id);
    if (s === undefined) {
      s = new MarketSlot();
      this.slots.set(id, s);
    }
    return s;
  }
  addQuote(q: QuoteTick): void {
    this.slot(q.instrumentId).quote = q;
  }
  addTrade(t: TradeTick): void {
    this.slot(t.instrumentId).trade = t;
  }
  /** The slot of a bar type (created on first use). */
  barSlot(barType: BarType): BarSlot {
    let s = this.barSlots.get(barType.key);
    if (s === undefined) {
      s = new BarSlot(this.slot(barType.instrumentId));
      this.barSlots.set(barType.key, s);
    }
    return s;
  }
  addBar(b: Bar): void {
    const s = this.barSlot(b.barType);
    s.bar = b;
    if (s.market.bar === undefined || b.tsEvent >= s.market.bar.tsEvent) s.market.bar = b;
  }
  quote(id: InstrumentId): QuoteTick | undefined {
    return this.slots.get(id)?.quote;
  }
  trade(id: InstrumentId): TradeTick | undefined {
    return this.slots.get(id)?.trade;
  }
  bar(barType: BarType | string): Bar | undefined {
    return this.barSlots.get(typeof barType === 'string' ? barType : barType.key)?.bar;
  }
  /**
   * The best current price of an instrument for marking and risk: the quote's mid (or the bid for a SELL /
   * the ask for a BUY when `side` is given), else the last trade, else the close of the latest bar of any bar type.
   */
  price(id: InstrumentId, side?: OrderSide): number | undefined {
    const slot = this.slots.get(id);
    const q = slot?.quote;
    if (q !== undefined) return side === 'BUY' ? q.ask : side === 'SELL' ? q.bid : (q.bid + q.ask) / 2;
    const t = slot?.trade;
    if (t !== undefined) return t.price;
    return slot?.bar?.close;
  }

  // --- orders
  addOrder(o: Order): void {
    const prev = this.orderMap.get(o.clientOrderId);
    // Another object under the same id: its recorded position stays known by id.
    if (prev !== undefined && prev !== o && prev.cachedPositionId !== null) this.orderPositions.set(o.clientOrderId, prev.cachedPositionId);
    this.orderMap.set(o.clientOrderId, o);
  }
  order(id: ClientOrderId): Order | undefined {
    return this.orderMap.get(id);
  }
  /** Re-index an order after an event changed its status. */
  updateOrder(o: Order): void {
    if (o.isOpen()) this.openOrderSet.add(o);
    else this.openOrderSet.delete(o);
  }
  orders(filter?: { strategyId?: StrategyId; instrumentId?: InstrumentId }): Order[] {
    return filterBy([...this.orderMap.values()], filter);
  }
  ordersOpen(filter?: { strategyId?: StrategyId; instrumentId?: InstrumentId; side?: OrderSide }): Order[] {
    const list = filterBy([...this.openOrderSet], filter);
    return filter?.side === undefined ? list : list.filter((o) => o.side === filter.side);
  }
  ordersOpenCount(filter?: { strategyId?: StrategyId; instrumentId?: InstrumentId }): number {
    if (filter === undefined) return this.openOrderSet.size;
    return this.ordersOpen(filter).length;
  }
  ordersTotalCount(): number {
    return this.orderMap.size;
  }
  /**
   * Forgets closed orders whose last event is older than `closedBefore` (clock time), as NautilusTrader's
   * `purge_closed_orders` does: a live node that trades for weeks would otherwise keep every order it ever placed
   * (~800 bytes each with its events). Open orders are never touched. Returns how many were removed.
   */
  purgeClosedOrders(closedBefore: number): number {
    let n = 0;
    for (const [id, o] of this.orderMap) {
      if (o.isClosed() && o.tsLast < closedBefore) {
        this.orderMap.delete(id);
        this.orderPositions.delete(id);
        n++;
      }
    }
    return n;
  }

  // --- positions
  addPosition(p: Position): void {
    this.positionMap.set(p.id, p);
    this.updatePosition(p);
  }
  updatePosition(p: Position): void {
    if (p.isOpen()) this.openPositionSet.add(p);
    else this.openPositionSet.delete(p);
  }
  position(id: PositionId): Position | undefined {
    return this.positionMap.get(id);
  }
  positions(filter?: { strategyId?: StrategyId; instrumentId?: InstrumentId }): Position[] {
    return filterBy([...this.positionMap.values()], filter);
  }
  positionsOpen(filter?: { strategyId?: StrategyId; instrumentId?: InstrumentId }): Position[] {
    return filterBy([...this.openPositionSet], filter);
  }
  /** The open positions, live (no copy): iterate, do not keep. */
  openPositions(): ReadonlySet<Position> {
    return this.openPositionSet;
  }
  positionsOpenCount(): number {
    return this.openPositionSet.size;
  }
  /** Signed open quantity of an instrument (+long / -short), over all strategies or one. */
  netQuantity(id: InstrumentId, strategyId?: StrategyId): number {
    let q = 0;
    for (const p of this.openPositionSet) if (p.instrumentId === id && (strategyId === undefined || p.strategyId === strategyId)) q += p.signedQty;
    return q;
  }
  /** Which position an order's fills went to (set by the ExecutionEngine). */
  setOrderPosition(orderId: ClientOrderId, positionId: PositionId): void {
    const o = this.orderMap.get(orderId);
    if (o !== undefined) o.cachedPositionId = positionId;
    else this.orderPositions.set(orderId, positionId);
  }
  orderPosition(orderId: ClientOrderId): PositionId | undefined {
    const o = this.orderMap.get(orderId);
    if (o !== undefined && o.cachedPositionId !== null) return o.cachedPositionId;
    return this.orderPositions.get(orderId);
  }

  // --- accounts
  addAccount(venue: Venue, a: Account): void {
    this.accountMap.set(venue, a);
  }
  account(venue: Venue): Account | undefined {
    return this.accountMap.get(venue);
  }
  accounts(): Account[] {
    return [...this.accountMap.values()];
  }
  accountVenues(): Venue[] {
    return [...this.accountMap.keys()];
  }
}

function filterBy<T extends { strategyId: StrategyId; instrumentId: InstrumentId }>(
  list: T[],
  f?: { strategyId?: StrategyId; instrumentId?: InstrumentId },
): T[] {
  if (f === undefined || (f.strategyId === undefined && f.instrumentId === undefined)) return list;
  return list.filter((x) => (f.strategyId === undefined || x.strategyId === f.strategyId) && (f.instrumentId === undefined || x.instrumentId === f.instrumentId));
}
