/**
 * The paper venue on the gateway: the shared Kernel (LiveClock) with the simulated exchange as its execution venue,
 * fed live by the replay feed of the SYNTHETIC instruments. Orders go the same way as in a backtest and as they will
 * on a real venue: submit -> RiskEngine -> ExecutionEngine -> venue -> events back on the bus.
 *
 * Orders are placed by a built-in MANUAL strategy (the API's order entry). Idempotency: the caller's `clientOrderId`
 * is a key; submitting it again returns the order already placed and sends nothing.
 *
 * Not yet: deploying a StrategySpec here, rebuilding paper state from the journal after a restart (the paper account
 * starts fresh on each start), ccxt and Interactive Brokers venues.
 */
import {
  AccountType, AggressorSide, OrderSide, QuoteTick, TradeTick, USD, USDT, currency, ensureInstrumentId, equity, fxPair,
  spotPair, type AccountState, type Instrument, type InstrumentId, type Order, type OrderEvent, type TradeId,
} from '../../shared/model/index.ts';
import { Kernel } from '../../shared/engine/kernel.ts';
import { LiveClock, type TimeSource } from '../../shared/engine/clock.ts';
import type { PositionEvent } from '../../shared/engine/events.ts';
import { Strategy } from '../../shared/strategy/strategy.ts';
import { SimulatedExchange } from '../../shared/venues/sim/exchange.ts';
import { BacktestExecutionClient } from '../../shared/backtest/backtest-execution-client.ts';
import type { SyntheticQuoteTick, SyntheticTradeTick } from '../../shared/data/synthetic.ts';

/** Order entry of the API: a strategy with no logic of its own. */
class ManualStrategy extends Strategy {
  constructor() {
    super({ id: 'MANUAL' });
  }
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
  /** Every kernel event (order, position, account), with its topic: the gateway journals and streams them. */
  onEvent: (topic: string, event: OrderEvent | PositionEvent | AccountState) => void;
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
  private readonly manual = new ManualStrategy();
  private readonly instruments = new Map<string, Instrument>();
  private readonly byKey = new Map<string, Order>();
  private readonly keyOf = new Map<string, string>();
  private readonly recs = new Map<string, ReturnType<Kernel['dataEngine']['record']>>();

  constructor(opts: PaperNodeOptions) {
    const clock = new LiveClock(opts.time);
    this.kernel = new Kernel({ clock, traderId: 'PAPER-001' });
    const bus = this.kernel.bus;
    this.exchange = new SimulatedExchange(
      {
        venue: 'SIM',
        accountType: AccountType.CASH,
        baseCurrency: null,
        startingBalances: [{ currency: USD, total: 100_000 }, { currency: USDT, total: 100_000 }],
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
    this.exchange.process(t.ts);
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
    if (!o) throw new PaperOrderError('NOT_FOUND', `No paper order '${orderId}'. GET /api/paper/orders lists them.`);
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
