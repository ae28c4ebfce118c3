/**
 * Collects what a backtest returns while it runs — fills and closed trades (from position events), account snapshots
 * (from account reports), the equity curve, data errors — and assembles the BacktestResult at the end.
 */
import { performanceReport } from '../analytics/index.ts';
import { Bar, type AccountId, type AccountState, type Currency, type Venue } from '../model/index.ts';
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

function balanceReports(s: AccountState): AccountSnapshot['balances'] {
  const bs = s.balances;
  const out: AccountSnapshot['balances'][number][] = new Array(bs.length);
  for (let i = 0; i < bs.length; i++) {
    const b = bs[i];
    out[i] = { currency: b.currency.code, total: b.total, locked: b.locked, free: b.free };
  }
  return out;
}

export interface CollectedVenue {
  readonly venue: Venue;
  readonly accountId: AccountId;
  /** Currency the venue's equity is measured in. */
  readonly equityCurrency: Currency | undefined;
}

export class ResultCollector {
  private readonly fills: FillReport[] = [];
  private readonly trades: TradeRecord[] = [];
  private readonly snapshots: AccountSnapshot[] = [];
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
    const f = e.fill;
    this.fills.push({
      ts: f.tsEvent, clientOrderId: f.clientOrderId, venueOrderId: f.venueOrderId, tradeId: f.tradeId, strategyId: f.strategyId,
      instrumentId: f.instrumentId, positionId: e.position.id, side: f.orderSide, qty: f.lastQty, price: f.lastPx,
      commission: f.commission, commissionCurrency: f.commissionCurrency.code, liquiditySide: f.liquiditySide,
    });
    if (e.type === 'PositionClosed') this.trades.push(tradeOf_(e.position));
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
    this.snapshots.push({
      ts: s.tsEvent, accountId: s.accountId, type: s.accountType, baseCurrency: s.baseCurrency?.code ?? null,
      balances: balanceReports(s),
      marginUsed: round_(margin),
      equity: vs === undefined ? NaN : round_(this.kernel.portfolio.equity(vs.venue, ccy)),
    });
  }

  results(events: number, timeEvents: number, cancelled: boolean): BacktestResult {
    const cache = this.kernel.cache;
    const orders = cache.orders().map(orderReport);
    const positions = cache.positions().map((p) => positionReport_(p, cache.price(p.instrumentId)));
    const report = performanceReport_(this.equity, this.trades, { periodsPerYear: this.config.periodsPerYear, riskFreeRate: this.config.riskFreeRate });
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
      fills: this.fills,
      positions,
      trades: this.trades,
      accountSnapshots: this.snapshots,
      equityCurve: this.equity,
      report,
      dataErrors: this.dataErrors,
    };
  }
}
