/**
 * The paper venue on the gateway: the shared Kernel (LiveClock) with the simulated exchange as its execution venue,
 * fed live by the replay feed of the SYNTHETIC instruments. Orders go the same way as in a backtest and as they will
 * on a real venue: submit -> RiskEngine -> ExecutionEngine -> venue -> events back on the bus.
 *
 * Orders are placed by a built-in MANUAL strategy (the API's order entry). Idempotency: the caller's `clientOrderId`
 * is a key; submitting it again returns the order already placed and sends nothing.
 *
 * Live strategies: a StrategySpec compiles to the same Strategy class a backtest runs; its bars (external bars of the
 * spec's timeframe) are built here from the feed's trades, closed on the clock at each boundary.
 *
 * Not yet: rebuilding paper state from the journal after a restart (the paper account starts fresh on each start),
 * warming a deployed strategy's indicators with history (it warms up live), ccxt and Interactive Brokers venues.
 */
import {
  AccountType, AggregationSource, AggressorSide, Bar, OrderSide, QuoteTick, TradeTick, USD, USDT, currency, ensureInstrumentId,
  equity, fxPair, spotPair, venue as toVenue, type AccountState, type BarType, type Instrument, type InstrumentId, type Order,
  type OrderEvent, type TradeId,
} from '../../shared/model/index.ts';
import type { DataCommand } from '../../shared/engine/data-commands.ts';
import type { DataClient, DataEngine } from '../../shared/engine/data-engine.ts';
import type { Clock } from '../../shared/engine/clock.ts';
import { TimeBarAggregator } from '../../shared/engine/bar-aggregator.ts';
import { SpecCompileError, compileSpec } from '../../shared/strategy/compile.ts';
import { Kernel, LIVE_ORDER_PURGE } from '../../shared/engine/kernel.ts';
import { LiveClock, type TimeSource } from '../../shared/engine/clock.ts';
import type { PositionEvent } from '../../shared/engine/events.ts';
import { Strategy } from '../../shared/strategy/strategy.ts';
import { SimulatedExchange } from '../../shared/venues/sim/exchange.ts';
import { BacktestExecutionClient } from '../../shared/backtest/backtest-execution-client.ts';
import type { SyntheticQuoteTick, SyntheticTradeTick } from '../../shared/data/synthetic.ts';

/** Order entry of the API: a strategy with no logic of its own. */
class ManualStrategy extends Strategy {
  constructor(id: string) {
    super({ id });
  }
}

/**
 * The paper venue's market-data client: external time bars (what a compiled spec subscribes to) built from the feed's
 * trades with the kernel's own TimeBarAggregator, each bar closed by a clock alert at its boundary.
 */
class PaperDataClient implements DataClient {
  readonly venue = toVenue('SIM');
  private readonly aggs = new Map<string, { agg: TimeBarAggregator; barType: BarType; refs: number }>();

  constructor(
    private readonly de: DataEngine,
    private readonly clock: Clock,
  ) {}

  subscribe(cmd: DataCommand): void {
    if (cmd.type !== 'SubscribeBars' || cmd.barType.source !== AggregationSource.EXTERNAL) return; // ticks always flow
    const bt = cmd.barType;
    const have = this.aggs.get(bt.key);
    if (have) {
      have.refs++;
      return;
    }
    const rec = this.de.barRecord(bt);
    const name = `paper-bar:${bt.key}`;
    const agg: TimeBarAggregator = new TimeBarAggregator(
      bt.spec.durationMs(),
      (o, h, l, c, v, ts) => this.de.processBar(new Bar(bt, o, h, l, c, v, ts, ts), rec),
      (closeAt) => this.clock.setTimeAlert(name, closeAt, (e) => agg.onTime(e.ts)),
    );
    this.aggs.set(bt.key, { agg, barType: bt, refs: 1 });
  }

  unsubscribe(cmd: DataCommand): void {
    if (cmd.type !== 'UnsubscribeBars') return;
    const a = this.aggs.get(cmd.barType.key);
    if (a && --a.refs === 0) {
      this.aggs.delete(cmd.barType.key);
      this.clock.cancelTimer(`paper-bar:${cmd.barType.key}`);
    }
  }

  onTrade(t: TradeTick): void {
    for (const a of this.aggs.values()) if (a.barType.instrumentId === t.instrumentId) a.agg.handle(t.price, t.size, t.tsEvent);
  }
}

export interface LiveStrategyView {
  id: string;
  name: string;
  instrument: string;
  timeframe: string;
  /** FAULTED: a handler of the strategy threw (a bug): it gets no more data or events; its working orders stay. */
  status: 'RUNNING' | 'STOPPED' | 'FAULTED';
  startedAt: number;
  stoppedAt: number | null;
  /** FAULTED: `<handler>: <message>`. */
  error?: string;
}

/** Marks a live strategy's view FAULTED (the kernel's onStrategyError); returns a copy, or undefined if unknown. */
export function faultView(view: LiveStrategyView | undefined, error: unknown, where: string, now: number): LiveStrategyView | undefined {
  if (!view || view.status !== 'RUNNING') return undefined;
  view.status = 'FAULTED';
  view.stoppedAt = now;
  view.error = `${where}: ${error instanceof Error ? error.message : String(error)}`;
  return { ...view };
}

export interface PaperOrderRequest {
  /** Caller's idempotency key; a repeat returns the existing order. */
  clientOrderId?: string;
  instrument: string;
  side: 'BUY' | 'SELL';
  type: 'MARKET' | 'LIMIT';
  quantity: number;
  price?: number;
}

export interface PaperOrderView {
  clientOrderId: string | null;
  orderId: string;
  instrument: string;
  side: string;
  type: string;
  quantity: number;
  price: number | null;
  status: string;
  filledQty: number;
  avgPx: number | null;
}

export class PaperOrderError extends Error {
  override name = 'PaperOrderError';
  constructor(
    readonly code: 'UNKNOWN_INSTRUMENT' | 'VALIDATION' | 'NOT_FOUND',
    message: string,
  ) {
    super(message);
  }
}

export interface PaperNodeOptions {
  time: TimeSource;
  /** Gateway run number (from the journal): from run 2 on, order and strategy ids carry `-R<run>` so none repeats. */
  run?: number;
  /** Opening balances (a restart resumes from the journal's last account state). Default 100,000 USD and USDT. */
  balances?: ReadonlyArray<{ currency: string; total: number }>;
  /** Every kernel event (order, position, account), with its topic: the gateway journals and streams them. */
  onEvent: (topic: string, event: OrderEvent | PositionEvent | AccountState) => void;
  /** A deployed strategy faulted (a handler threw): the gateway journals and streams it; the node goes on. */
  onStrategyFault?: (view: LiveStrategyView) => void;
  /** How long closed orders stay in memory (default LIVE_ORDER_PURGE: an hour); the journal keeps them all. */
  orderPurge?: { everyMs: number; keepMs: number };
}

function instrumentsOfTheSample(): Instrument[] {
  return [
    spotPair({ id: ensureInstrumentId('BTCUSDT.SIM'), baseCurrency: currency('BTC'), quoteCurrency: USDT, priceIncrement: 0.01, sizeIncrement: 0.00001, takerFee: 0.001, makerFee: 0.001 }),
    fxPair({ id: ensureInstrumentId('EURUSD.SIM'), baseCurrency: currency('EUR'), quoteCurrency: USD, priceIncrement: 0.00001, sizeIncrement: 1 }),
    equity({ id: ensureInstrumentId('ACME.SIM'), quoteCurrency: USD, priceIncrement: 0.01, sizeIncrement: 1 }),
  ];
}

export class PaperNode {
  readonly kernel: Kernel;
  readonly exchange: SimulatedExchange;
  private readonly manual: ManualStrategy;
  private readonly idSuffix: string;
  private readonly instruments = new Map<string, Instrument>();
  private readonly byKey = new Map<string, Order>();
  private readonly keyOf = new Map<string, string>();
  private readonly recs = new Map<string, ReturnType<Kernel['dataEngine']['record']>>();
  private readonly dataClient: PaperDataClient;
  private readonly live = new Map<string, { view: LiveStrategyView; strategy: { stop(): void } }>();
  private deployCount = 0;
  private readonly clock: LiveClock;

  constructor(opts: PaperNodeOptions) {
    const clock = new LiveClock(opts.time);
    this.clock = clock;
    this.idSuffix = (opts.run ?? 1) > 1 ? `-R${opts.run}` : '';
    this.manual = new ManualStrategy(`MANUAL${this.idSuffix}`);
    this.kernel = new Kernel({
      clock,
      traderId: 'PAPER-001',
      purgeClosedOrders: opts.orderPurge ?? LIVE_ORDER_PURGE,
      // A strategy that throws faults alone; without this the exception would escape into the feed and the gateway.
      onStrategyError: (id, e, where) => {
        const v = faultView(this.live.get(id)?.view, e, where, clock.now());
        if (v) opts.onStrategyFault?.(v);
      },
    });
    this.dataClient = new PaperDataClient(this.kernel.dataEngine, clock);
    this.kernel.addDataClient(this.dataClient);
    const bus = this.kernel.bus;
    this.exchange = new SimulatedExchange(
      {
        venue: 'SIM',
        accountType: AccountType.CASH,
        baseCurrency: null,
        startingBalances: opts.balances
          ? opts.balances.map((b) => ({ currency: currency(b.currency), total: b.total }))
          : [{ currency: USD, total: 100_000 }, { currency: USDT, total: 100_000 }],
      },
      BacktestExecutionClient.sink(bus),
    );
    this.kernel.addExecutionClient(new BacktestExecutionClient(this.exchange, this.exchange.venue, undefined, bus, clock));
    for (const i of instrumentsOfTheSample()) {
      this.instruments.set(i.id, i);
      this.kernel.addInstrument(i);
      this.exchange.addInstrument(i);
      this.recs.set(i.id, this.kernel.dataEngine.record(i.id));
    }
    bus.subscribe<OrderEvent>('events.order.*', (e) => opts.onEvent(`orders.${e.type}`, e), -100);
    bus.subscribe<PositionEvent>('events.position.*', (e) => opts.onEvent(`positions.${e.type}`, e), -100);
    bus.subscribe<AccountState>('events.account.*', (e) => opts.onEvent('account.state', e), -100);
    this.kernel.addStrategy(this.manual);
    this.kernel.start();
    this.exchange.reportAccount(opts.time.now());
  }

  instrumentIds(): string[] {
    return [...this.instruments.keys()];
  }

  /** A quote from the feed: the venue matches resting orders against it, then strategies see it. */
  onQuote(id: string, q: SyntheticQuoteTick): void {
    const rec = this.recs.get(id);
    if (!rec) return;
    const tick = new QuoteTick(id as InstrumentId, q.bid, q.ask, q.bidSize, q.askSize, q.ts, q.ts);
    if (q.ts < this.exchange.now) return; // the venue's clock only moves forward
    this.exchange.processQuoteTick(tick);
    this.kernel.dataEngine.processQuote(tick, rec);
    this.exchange.process(q.ts);
  }

  onTrade(id: string, t: SyntheticTradeTick): void {
    const rec = this.recs.get(id);
    if (!rec || t.ts < this.exchange.now) return;
    const side = t.aggressor === 'buy' ? AggressorSide.BUYER : AggressorSide.SELLER;
    const tick = new TradeTick(id as InstrumentId, t.price, t.size, side, t.tradeId as TradeId, t.ts, t.ts);
    this.exchange.processTradeTick(tick);
    this.kernel.dataEngine.processTrade(tick, rec);
    this.dataClient.onTrade(tick);
    this.exchange.process(t.ts);
  }

  /** Compiles a StrategySpec and starts it on `instrument` (the same Strategy class a backtest runs). */
  deploy(spec: unknown, instrument: string): LiveStrategyView {
    if (!this.instruments.has(instrument)) {
      throw new PaperOrderError('UNKNOWN_INSTRUMENT', `The paper venue trades ${this.instrumentIds().join(', ')}; '${instrument}' is not one of them.`);
    }
    const id = `LIVE${this.idSuffix}-${++this.deployCount}`;
    let strategy;
    try {
      strategy = compileSpec(spec, { id, instruments: [instrument] });
    } catch (e) {
      this.deployCount--;
      if (e instanceof SpecCompileError) throw new PaperOrderError('VALIDATION', e.message);
      throw new PaperOrderError('VALIDATION', e instanceof Error ? e.message : String(e));
    }
    this.kernel.addStrategy(strategy); // the trader is running: the strategy starts now and subscribes its bars
    const s = spec as { name: string; timeframe: string };
    const view: LiveStrategyView = { id, name: s.name, instrument, timeframe: s.timeframe, status: 'RUNNING', startedAt: this.clock.now(), stoppedAt: null };
    this.live.set(id, { view, strategy });
    return { ...view };
  }

  stopStrategy(id: string): LiveStrategyView {
    const l = this.live.get(id);
    if (!l) throw new PaperOrderError('NOT_FOUND', `No live strategy '${id}'. GET /api/live/strategies lists them.`);
    if (l.view.status === 'RUNNING') {
      l.strategy.stop();
      l.view.status = 'STOPPED';
      l.view.stoppedAt = this.clock.now();
    }
    return { ...l.view };
  }

  strategies(): LiveStrategyView[] {
    return [...this.live.values()].map((l) => ({ ...l.view }));
  }

  /** Places an order (or returns the one already placed under the same clientOrderId). */
  submit(req: PaperOrderRequest): { order: PaperOrderView; duplicate: boolean } {
    if (req.clientOrderId !== undefined) {
      const existing = this.byKey.get(req.clientOrderId);
      if (existing) return { order: this.view(existing), duplicate: true };
    }
    const inst = this.instruments.get(req.instrument);
    if (!inst) {
      throw new PaperOrderError('UNKNOWN_INSTRUMENT', `The paper venue trades ${this.instrumentIds().join(', ')}; '${req.instrument}' is not one of them.`);
    }
    if (req.type === 'LIMIT' && req.price === undefined) throw new PaperOrderError('VALIDATION', 'A LIMIT order needs a price.');
    if (req.type === 'MARKET' && req.price !== undefined) throw new PaperOrderError('VALIDATION', 'A MARKET order takes no price; use type LIMIT to set one.');
    const params = { instrumentId: inst.id, side: req.side === 'BUY' ? OrderSide.BUY : OrderSide.SELL, quantity: req.quantity };
    let order: Order;
    try {
      order = req.type === 'MARKET' ? this.manual.orderFactory.market(params) : this.manual.orderFactory.limit({ ...params, price: req.price! });
    } catch (e) {
      throw new PaperOrderError('VALIDATION', e instanceof Error ? e.message : String(e));
    }
    if (req.clientOrderId !== undefined) {
      this.byKey.set(req.clientOrderId, order);
      this.keyOf.set(order.clientOrderId, req.clientOrderId);
    }
    // Risk denials and venue rejections come back as events (OrderDenied / OrderRejected), never as exceptions.
    this.manual.submitOrder(order);
    return { order: this.view(order), duplicate: false };
  }

  cancel(orderId: string): PaperOrderView {
    const o = this.manual.order(orderId as Order['clientOrderId']);
    if (!o) {
      throw new PaperOrderError(
        'NOT_FOUND',
        `No paper order '${orderId}' in memory. GET /api/paper/orders lists the open ones and those closed within the last hour; older ones are in the journal (GET /api/audit).`,
      );
    }
    if (o.isOpen()) this.manual.cancelOrder(o);
    return this.view(o);
  }

  orders(): PaperOrderView[] {
    return this.kernel.cache.orders().map((o) => this.view(o));
  }

  positions(): Array<{ instrument: string; side: string; quantity: number; avgPxOpen: number; realizedPnl: number }> {
    return this.kernel.cache.positionsOpen().map((p) => ({
      instrument: p.instrumentId,
      side: p.side,
      quantity: p.quantity,
      avgPxOpen: p.avgPxOpen,
      realizedPnl: p.realizedPnl,
    }));
  }

  balances(): Array<{ currency: string; total: number; free: number; locked: number }> {
    return this.exchange.account.balances().map((b) => ({ currency: b.currency.code, total: b.total, free: b.free, locked: b.locked }));
  }

  view(o: Order): PaperOrderView {
    return {
      clientOrderId: this.keyOf.get(o.clientOrderId) ?? null,
      orderId: o.clientOrderId,
      instrument: o.instrumentId,
      side: o.side,
      type: o.orderType,
      quantity: o.quantity,
      price: o.price,
      status: o.status,
      filledQty: o.filledQty,
      avgPx: Number.isFinite(o.avgPx) ? o.avgPx : null,
    };
  }

  dispose(): void {
    this.kernel.dispose();
  }
}
