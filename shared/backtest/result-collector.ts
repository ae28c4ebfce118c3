/**
 * Collects what a backtest returns while it runs — fills and closed trades (from position events), account snapshots
 * (from account reports), the equity curve, data errors — and assembles the BacktestResult at the end.
 */
import { performanceReport } from '../analytics/index.ts';
import { Bar, type AccountId, type AccountState, type Currency, type OrderFilled, type Position, type PositionId, type Venue } from '../model/index.ts';
import { Topics, type DataError, type DataErrorCode, type PositionEvent } from '../engine/events.ts';
import type { Kernel } from '../engine/kernel.ts';
import type { Topic } from '../engine/message-bus.ts';
import { orderReport, positionReport, round, tradeOf, type MarketData } from './reports.ts';
import type { AccountSnapshot, BacktestResult, DataErrorReport, EquityPoint, FillReport, TradeRecord } from './results.ts';

// Module-level aliases of imported bindings: under tsx (esbuild, CJS interop) every read of an imported name is a
// getter call; a const is a plain slot read (hot paths).
const performanceReport_ = performanceReport;
const Bar_ = Bar;
const Topics_ = Topics;
const positionReport_ = positionReport;
const round_ = round;
const tradeOf_ = tradeOf;

/** Fills as (event, position id) pairs; the FillReports are built by `reports()` (at the end of the run). */
class FillLog {
  private readonly events: OrderFilled[] = [];
  private readonly positions: PositionId[] = [];

  push(f: OrderFilled, positionId: PositionId): void {
    this.events.push(f);
    this.positions.push(positionId);
  }

  reports(): FillReport[] {
    const out: FillReport[] = new Array(this.events.length);
    for (let i = 0; i < out.length; i++) {
      const f = this.events[i];
      out[i] = {
        ts: f.tsEvent, clientOrderId: f.clientOrderId, venueOrderId: f.venueOrderId, tradeId: f.tradeId, strategyId: f.strategyId,
        instrumentId: f.instrumentId, positionId: this.positions[i], side: f.orderSide, qty: f.lastQty, price: f.lastPx,
        commission: f.commission, commissionCurrency: f.commissionCurrency.code, liquiditySide: f.liquiditySide,
      };
    }
    return out;
  }
}

/**
 * Account snapshots in columns (numbers in double arrays, strings by reference): one report per fill adds up over a
 * long run, and a column entry costs a few slots instead of three objects. `reports()` builds the AccountSnapshots.
 */
class SnapshotLog {
  private readonly ts: number[] = [];
  private readonly accountId: string[] = [];
  private readonly type: string[] = [];
  private readonly baseCurrency: (string | null)[] = [];
  private readonly marginUsed: number[] = [];
  private readonly equity: number[] = [];
  /** End (exclusive) of each snapshot's balances in the balance columns. */
  private readonly balEnd: number[] = [];
  private readonly balCurrency: string[] = [];
  private readonly balTotal: number[] = [];
  private readonly balLocked: number[] = [];
  private readonly balFree: number[] = [];

  push(s: AccountState, marginUsed: number, equity: number): void {
    this.ts.push(s.tsEvent);
    this.accountId.push(s.accountId);
    this.type.push(s.accountType);
    this.baseCurrency.push(s.baseCurrency?.code ?? null);
    this.marginUsed.push(marginUsed);
    this.equity.push(equity);
    const bs = s.balances;
    for (let i = 0; i < bs.length; i++) {
      const b = bs[i];
      this.balCurrency.push(b.currency.code);
      this.balTotal.push(b.total);
      this.balLocked.push(b.locked);
      this.balFree.push(b.free);
    }
    this.balEnd.push(this.balCurrency.length);
  }

  reports(): AccountSnapshot[] {
    const out: AccountSnapshot[] = new Array(this.ts.length);
    let j = 0;
    for (let i = 0; i < out.length; i++) {
      const end = this.balEnd[i];
      const balances: AccountSnapshot['balances'] = new Array(end - j);
      for (let k = 0; j < end; j++, k++) {
        balances[k] = { currency: this.balCurrency[j], total: this.balTotal[j], locked: this.balLocked[j], free: this.balFree[j] };
      }
      out[i] = {
        ts: this.ts[i], accountId: this.accountId[i], type: this.type[i], baseCurrency: this.baseCurrency[i],
        balances,
        marginUsed: this.marginUsed[i],
        equity: this.equity[i],
      };
    }
    return out;
  }
}

export interface CollectedVenue {
  readonly venue: Venue;
  readonly accountId: AccountId;
  /** Currency the venue's equity is measured in. */
  readonly equityCurrency: Currency | undefined;
}

export class ResultCollector {
  private readonly fills = new FillLog();
  /**
   * Positions in the order they closed; their TradeRecords are built by `results()`. A closed Position never changes
   * again (Position.apply refuses fills once flat), so the record built at the end equals one built at the close.
   */
  private readonly closed: Position[] = [];
  private readonly snapshots = new SnapshotLog();
  private readonly equity: EquityPoint[] = [];
  private readonly dataErrors: DataErrorReport[] = [];
  private rejectedData = 0;
  private readonly dataErrorTopic: Topic<DataError>;

  constructor(
    private readonly kernel: Kernel,
    /** The engine's venue list (read live: venues are added after the collector is built). */
    private readonly venues: readonly CollectedVenue[],
    private readonly config: { maxDataErrors?: number; periodsPerYear?: number; riskFreeRate?: number },
  ) {
    const bus = kernel.bus;
    this.dataErrorTopic = bus.topic<DataError>(Topics_.DATA_ERROR);
    // Low priority: strategies and the Portfolio have seen the event before it is recorded.
    bus.subscribe<PositionEvent>('events.position.*', (e) => this.onPositionEvent(e), -100);
    bus.subscribe<AccountState>('events.account.*', (s) => this.onAccountState(s), -100);
  }

  dataError(code: DataErrorCode, message: string, item: MarketData | null): void {
    this.rejectedData++;
    const ts = item != null && Number.isFinite(item.tsEvent) ? item.tsEvent : null;
    const id = item == null ? null : item instanceof Bar_ ? item.barType.instrumentId : ((item as { instrumentId?: string }).instrumentId ?? null);
    if (this.dataErrors.length < (this.config.maxDataErrors ?? 1000)) this.dataErrors.push({ code, message, ts, instrumentId: id });
    this.dataErrorTopic.publish({ type: 'DataError', code, message, ts, instrumentId: id });
  }

  /** Total equity over venues, in the first venue's equity currency. */
  private totalEquity(): { equity: number; gross: number } {
    const p = this.kernel.portfolio;
    const ccy = this.venues[0]?.equityCurrency;
    let e = 0;
    let g = 0;
    for (const v of this.venues) {
      e += p.equity(v.venue, ccy);
      g += p.grossExposure(v.venue, ccy);
    }
    return { equity: e, gross: g };
  }

  sampleEquity(ts: number): void {
    if (!Number.isFinite(ts) || this.venues.length === 0) return;
    const last = this.equity[this.equity.length - 1];
    const { equity, gross } = this.totalEquity();
    const pt: EquityPoint = { ts, equity: round_(equity), grossExposure: round_(gross) };
    if (last !== undefined && last.ts === ts) this.equity[this.equity.length - 1] = pt;
    else this.equity.push(pt);
  }

  private onPositionEvent(e: PositionEvent): void {
    // The fill event itself is immutable and (by default) held by its order anyway: keep a reference and build the
    // report at the end, instead of a copy per fill for the whole run.
    this.fills.push(e.fill, e.position.id);
    if (e.type === 'PositionClosed') this.closed.push(e.position);
  }

  private onAccountState(s: AccountState): void {
    let vs: CollectedVenue | undefined;
    for (let i = 0; i < this.venues.length; i++) {
      if (this.venues[i].accountId === s.accountId) {
        vs = this.venues[i];
        break;
      }
    }
    const ccy = vs?.equityCurrency;
    let margin = 0;
    for (const m of s.margins) margin += m.initial;
    this.snapshots.push(
      s, round_(margin), vs === undefined ? NaN : round_(this.kernel.portfolio.equity(vs.venue, ccy)),
    );
  }

  results(events: number, timeEvents: number, cancelled: boolean): BacktestResult {
    const cache = this.kernel.cache;
    const orders = cache.orders().map(orderReport);
    const positions = cache.positions().map((p) => positionReport_(p, cache.price(p.instrumentId)));
    const trades: TradeRecord[] = new Array(this.closed.length);
    for (let i = 0; i < trades.length; i++) trades[i] = tradeOf_(this.closed[i]);
    const report = performanceReport_(this.equity, trades, { periodsPerYear: this.config.periodsPerYear, riskFreeRate: this.config.riskFreeRate });
    const fills = this.kernel.execEngine.fills;
    return {
      startTs: this.equity.length > 0 ? this.equity[0].ts : null,
      endTs: this.equity.length > 0 ? this.equity[this.equity.length - 1].ts : null,
      stats: {
        dataEvents: events,
        timeEvents,
        orders: orders.length,
        fills,
        denied: this.kernel.riskEngine.denied,
        rejectedData: this.rejectedData,
        cancelled,
      },
      orders,
      fills: this.fills.reports(),
      positions,
      trades,
      accountSnapshots: this.snapshots.reports(),
      equityCurve: this.equity,
      report,
      dataErrors: this.dataErrors,
    };
  }
}
