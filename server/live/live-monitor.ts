/**
 * The gateway's monitoring surface over the paper venue: the kill switch (halt the RiskEngine, stop every strategy,
 * cancel every open order), resume, and the summary the Live view and the phone monitor show (PnL today, equity,
 * positions, fills, open orders, strategies).
 *
 * The journal is the source of truth for fills: it is read incrementally (from the last sequence number seen), so a
 * restarted gateway still knows today's fills and whether trading was halted.
 */
import { Endpoints } from '../../shared/engine/events.ts';
import { TradingState, type InstrumentId, type Order } from '../../shared/model/index.ts';
import type { TradingCommand } from '../../shared/model/commands.ts';
import type { KillSwitchResponse, LiveFill, LiveSummary, ResumeResponse, TradingStateWire } from '../../shared/api/live.ts';
import type { Kernel } from '../../shared/engine/kernel.ts';
import type { Journal } from '../journal/journal.ts';
import type { Hub } from '../ws/hub.ts';
import type { LiveStrategyView } from './paper-node.ts';
import type { PaperService } from './paper-service.ts';

/** Another live node the kill switch must halt too: the ccxt or IB venue's, when one was started. */
export interface OtherLiveNode {
  readonly kernel: Kernel;
  /** How its strategies are listed (default 'ccxt'). */
  readonly venueTag?: 'ccxt' | 'ib';
  strategies(): LiveStrategyView[];
  stopStrategy(id: string): LiveStrategyView;
}

const DAY_MS = 86_400_000;
const MAX_FILLS = 50;
const SAMPLE_EVERY_MS = 60_000;
/** Account changes closer together than this replace the last sample instead of adding one. */
const MIN_SAMPLE_GAP_MS = 1_000;
const MAX_SAMPLES = 24 * 60 * 4;
/** Quote currencies counted 1:1 as the summary's unit. */
const CASH = new Set(['USD', 'USDT']);

interface FilledPayload {
  strategyId: string;
  instrumentId: string;
  clientOrderId: string;
  tradeId: string;
  orderSide: string;
  lastQty: number;
  lastPx: number;
  currency: { code: string };
  commission: number;
  commissionCurrency: { code: string };
  tsEvent: number;
}

/** Today's trading in one instrument, average-cost: what was opened today and is still open, and what it realised. */
interface DayBook {
  qty: number; // signed
  avgPx: number;
  realized: number;
  commissions: number;
  currency: string;
}

export const utcMidnight = (t: number): number => Math.floor(t / DAY_MS) * DAY_MS;

export class LiveMonitorService {
  private seenSeq = 0;
  private day = -1;
  private books = new Map<string, DayBook>();
  private fillsToday = 0;
  private recent: LiveFill[] = [];
  private readonly samples: Array<{ time: number; value: number }> = [];
  private timer: unknown;

  constructor(
    private readonly journal: Journal,
    private readonly paper: PaperService,
    private readonly hub: Hub,
    private readonly time: { now(): number; schedule(ms: number, cb: () => void): unknown; cancel(h: unknown): void },
    /** Live nodes besides the paper venue's (the ccxt node): halted, their strategies stopped, their orders canceled. */
    private readonly others: () => OtherLiveNode[] = () => [],
  ) {
    // A halt survives a restart: the last trading-state entry in the journal is applied again.
    this.catchUp(true);
    this.sample();
    this.paper.node.kernel.bus.subscribe('events.account.*', () => this.sample(), -200);
    this.scheduleSample();
  }

  tradingState(): TradingStateWire {
    return this.paper.node.kernel.riskEngine.tradingState;
  }

  /**
   * Halt first (so no strategy can place an order while the rest is torn down), then stop every running strategy,
   * then cancel every open order of every strategy through the RiskEngine (cancels are allowed while HALTED).
   * Positions are left as they are: flattening them is a trading decision, taken with orders after a resume.
   */
  killSwitch(reason: string | undefined): KillSwitchResponse {
    const now = this.time.now();
    const cmd = this.journal.append('command.kill_switch', { reason: reason ?? null }, now);
    const others = this.others();
    this.setState(TradingState.HALTED, 'kill switch', others);
    const strategiesStopped: string[] = [];
    for (const s of this.paper.node.strategies()) {
      if (s.status !== 'RUNNING') continue;
      this.paper.stopStrategy(s.id);
      strategiesStopped.push(s.id);
    }
    for (const n of others) {
      for (const s of n.strategies()) {
        if (s.status !== 'RUNNING') continue;
        this.journal.append('command.stop_strategy', { id: s.id }, this.time.now());
        this.journal.append('strategy.stopped', n.stopStrategy(s.id), this.time.now());
        strategiesStopped.push(s.id);
      }
    }
    // Cancels go through each node's RiskEngine (allowed while HALTED). The paper venue answers at once; a real
    // venue answers later, so its orders may still show as open here (ordersStillOpen) until the venue confirms.
    const open: Order[] = [];
    for (const k of [this.paper.node.kernel, ...others.map((n) => n.kernel)]) {
      const orders = k.cache.ordersOpen();
      for (const o of orders) k.bus.send<TradingCommand>(Endpoints.RISK_EXECUTE, cancelOf(o, this.time.now()));
      open.push(...orders);
    }
    this.paper.flush();
    const ordersCanceled = open.filter((o) => !o.isOpen()).map((o) => o.clientOrderId as string);
    const ordersStillOpen = open.filter((o) => o.isOpen()).map((o) => o.clientOrderId as string);
    const result = {
      tradingState: this.tradingState(),
      strategiesStopped,
      ordersCanceled,
      ordersStillOpen,
      positionsLeftOpen: this.paper.node.kernel.cache.positionsOpenCount() + others.reduce((a, n) => a + n.kernel.cache.positionsOpenCount(), 0),
      journalSeq: cmd.seq,
    };
    this.journal.append('live.kill_switch_done', result, this.time.now());
    return result;
  }

  resume(): ResumeResponse {
    const cmd = this.journal.append('command.resume_trading', {}, this.time.now());
    this.setState(TradingState.ACTIVE, 'resume', this.others());
    return { tradingState: this.tradingState(), journalSeq: cmd.seq };
  }

  summary(): LiveSummary {
    this.catchUp();
    const now = this.time.now();
    const node = this.paper.node;
    const since = utcMidnight(now);
    if (this.day !== since) this.resetDay(since); // no fill yet today
    let realized = 0;
    let unrealized = 0;
    let commissions = 0;
    for (const [id, b] of this.books) {
      realized += b.realized;
      commissions += b.commissions;
      const mark = this.mark(id);
      if (b.qty !== 0 && mark !== undefined) unrealized += b.qty * (mark - b.avgPx);
    }
    const eq = this.equity();
    const positions = node.positions().map((p) => {
      const mark = this.mark(p.instrument) ?? null;
      const sign = p.side === 'SHORT' ? -1 : 1;
      const inst = node.kernel.cache.instrument(p.instrument as InstrumentId);
      return {
        ...p,
        mark,
        unrealizedPnl: mark === null ? null : sign * p.quantity * (mark - p.avgPxOpen),
        currency: inst?.quoteCurrency.code ?? '',
      };
    });
    return {
      venue: 'paper',
      synthetic: true,
      time: now,
      tradingState: this.tradingState(),
      currency: 'USD',
      pnlToday: { since, total: realized + unrealized - commissions, realized, unrealized, commissions, fills: this.fillsToday },
      equity: { now: eq.value, unpriced: eq.unpriced, series: [...this.samples.filter((s) => s.time < now), { time: now, value: eq.value }] },
      balances: node.balances(),
      positions,
      fills: [...this.recent].reverse(),
      openOrders: node.kernel.cache.ordersOpen().map((o) => node.view(o)),
      strategies: [...node.strategies().map((s) => ({ ...s, venue: 'paper' as const })), ...this.others().flatMap((n) => n.strategies().map((s) => ({ ...s, venue: n.venueTag ?? ('ccxt' as const) })))],
    };
  }

  dispose(): void {
    if (this.timer !== undefined) this.time.cancel(this.timer);
    this.timer = undefined;
  }

  private setState(state: TradingState, why: string, others: OtherLiveNode[]): void {
    const risk = this.paper.node.kernel.riskEngine;
    const from = risk.tradingState;
    risk.setTradingState(state);
    for (const n of others) n.kernel.riskEngine.setTradingState(state);
    const payload = { from, to: state, why };
    this.journal.append('risk.trading_state', payload, this.time.now());
    this.hub.publish('risk.trading_state', payload);
  }

  /** Reads journal entries appended since the last call: fills (today's books, the last 50) and trading-state changes. */
  private catchUp(onStart = false): void {
    for (;;) {
      const batch = this.journal.entries(this.seenSeq + 1, 5_000);
      if (batch.length === 0) return;
      for (const e of batch) {
        this.seenSeq = e.seq;
        if (e.kind === 'order.filled') this.onFill(JSON.parse(e.payload) as FilledPayload);
        // Replayed on start only: live changes were applied by setState when they were journaled.
        else if (onStart && e.kind === 'risk.trading_state') this.paper.node.kernel.riskEngine.setTradingState((JSON.parse(e.payload) as { to: TradingState }).to);
      }
    }
  }

  private resetDay(since: number): void {
    this.day = since;
    this.books = new Map();
    this.fillsToday = 0;
  }

  private onFill(f: FilledPayload): void {
    const fill: LiveFill = {
      orderId: f.clientOrderId,
      tradeId: f.tradeId,
      strategyId: f.strategyId,
      instrument: f.instrumentId,
      side: f.orderSide,
      quantity: f.lastQty,
      price: f.lastPx,
      commission: f.commission,
      currency: f.currency.code,
      ts: f.tsEvent,
    };
    this.recent.push(fill);
    if (this.recent.length > MAX_FILLS) this.recent.shift();
    const day = utcMidnight(f.tsEvent);
    if (day < this.day) return; // late entry from before midnight: not today's
    if (day > this.day) this.resetDay(day);
    this.fillsToday++;
    let b = this.books.get(f.instrumentId);
    if (!b) this.books.set(f.instrumentId, (b = { qty: 0, avgPx: 0, realized: 0, commissions: 0, currency: f.currency.code }));
    // A commission charged in the base currency (not the paper venue's case) is valued at the fill price.
    b.commissions += f.commissionCurrency.code === f.currency.code ? f.commission : f.commission * f.lastPx;
    const signed = f.orderSide === 'SELL' ? -f.lastQty : f.lastQty;
    if (b.qty === 0 || Math.sign(b.qty) === Math.sign(signed)) {
      b.avgPx = (b.avgPx * Math.abs(b.qty) + f.lastPx * Math.abs(signed)) / (Math.abs(b.qty) + Math.abs(signed));
      b.qty += signed;
      return;
    }
    const closing = Math.min(Math.abs(signed), Math.abs(b.qty));
    b.realized += closing * (f.lastPx - b.avgPx) * Math.sign(b.qty);
    const rest = Math.abs(signed) - closing;
    b.qty += Math.sign(signed) * closing;
    if (Math.abs(b.qty) < 1e-12) b.qty = 0;
    if (rest > 0) {
      b.qty = Math.sign(signed) * rest;
      b.avgPx = f.lastPx;
    }
  }

  private mark(id: string): number | undefined {
    return this.paper.node.kernel.cache.price(id as InstrumentId);
  }

  /** Cash (USD, USDT) + other balances at the mid of an instrument that prices them + positions of unbacked instruments. */
  private equity(): { value: number; unpriced: string[] } {
    const node = this.paper.node;
    const instruments = node.kernel.cache.instruments();
    let value = 0;
    const unpriced: string[] = [];
    for (const b of node.balances()) {
      if (CASH.has(b.currency)) {
        value += b.total;
        continue;
      }
      if (b.total === 0) continue;
      const inst = instruments.find((i) => i.baseCurrency?.code === b.currency && CASH.has(i.quoteCurrency.code));
      const px = inst ? this.mark(inst.id) : undefined;
      if (px === undefined) unpriced.push(b.currency);
      else value += b.total * px;
    }
    // Instruments without a base currency (the equity) are not in the balances: their positions count at the mark.
    for (const p of node.kernel.cache.positionsOpen()) {
      const inst = node.kernel.cache.instrument(p.instrumentId);
      if (!inst || inst.baseCurrency !== null) continue;
      const px = this.mark(p.instrumentId);
      if (px === undefined) unpriced.push(p.instrumentId);
      else value += p.signedQty * px * inst.multiplier;
    }
    return { value, unpriced };
  }

  private sample(): void {
    const now = this.time.now();
    const { value } = this.equity();
    const last = this.samples[this.samples.length - 1];
    if (last && now - last.time < MIN_SAMPLE_GAP_MS) last.value = value;
    else this.samples.push({ time: now, value });
    if (this.samples.length > MAX_SAMPLES) this.samples.shift();
  }

  private scheduleSample(): void {
    this.timer = this.time.schedule(SAMPLE_EVERY_MS, () => {
      this.sample();
      this.scheduleSample();
    });
  }
}

function cancelOf(o: Order, ts: number): TradingCommand {
  return { type: 'CancelOrder', strategyId: o.strategyId, instrumentId: o.instrumentId, tsInit: ts, clientOrderId: o.clientOrderId, venueOrderId: o.venueOrderId };
}
