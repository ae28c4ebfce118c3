/**
 * Server-side alerts: rules the gateway evaluates on the live feed while no browser is open; a rule that fires is
 * journaled (`alert.triggered`) and published on the WebSocket topic `alerts`.
 *
 * - price:     last trade price of an instrument above / below a value;
 * - indicator: SMA / EMA / RSI (shared/indicators, the same streaming code as backtests) of 1-minute closes built from
 *              the feed's trades, above / below a value; a minute's close counts when the next minute's first trade
 *              arrives (a forming bar never fires an indicator alert);
 * - pnl:       paper account equity (cash in USD/USDT 1:1 plus holdings at the last trade price) minus the equity when
 *              the rule was created, above / below a value.
 * Edge-triggered: a rule fires when its condition becomes true and re-arms once it is false again (no alert storm on
 * every tick). Rules are journaled (`alert.created`, `alert.deleted`) and rebuilt from the journal on start.
 */
import { EMA } from '../../shared/indicators/ema.ts';
import { RSI } from '../../shared/indicators/rsi.ts';
import { SMA } from '../../shared/indicators/sma.ts';
import type { SeriesIndicator } from '../../shared/indicators/types.ts';
import type { Journal } from '../journal/journal.ts';
import type { Hub } from '../ws/hub.ts';

export type AlertCondition =
  | { kind: 'price'; instrument: string; op: 'above' | 'below'; value: number }
  | { kind: 'indicator'; instrument: string; indicator: 'SMA' | 'EMA' | 'RSI'; period: number; op: 'above' | 'below'; value: number }
  | { kind: 'pnl'; op: 'above' | 'below'; value: number };

export interface AlertRule {
  id: string;
  condition: AlertCondition;
  note: string | null;
  createdAt: number;
  /** pnl rules: equity at creation (the PnL baseline). */
  baseline: number | null;
  armed: boolean;
  triggeredCount: number;
  lastTriggeredAt: number | null;
}

export interface AlertEvent {
  id: string;
  condition: AlertCondition;
  note: string | null;
  /** The value that crossed the threshold (price, indicator value or PnL). */
  observed: number;
  time: number;
}

/** What the service needs of the paper account. */
export interface EquitySource {
  balances(): Array<{ currency: string; total: number }>;
}

const CASH = new Set(['USD', 'USDT']);
const MINUTE = 60_000;

function makeIndicator(c: Extract<AlertCondition, { kind: 'indicator' }>): SeriesIndicator {
  return c.indicator === 'SMA' ? new SMA(c.period) : c.indicator === 'EMA' ? new EMA(c.period) : new RSI(c.period);
}

export class AlertError extends Error {
  override name = 'AlertError';
  constructor(
    readonly code: 'NOT_FOUND' | 'VALIDATION',
    message: string,
  ) {
    super(message);
  }
}

export class AlertService {
  private readonly rules = new Map<string, AlertRule>();
  private readonly indicators = new Map<string, { ind: SeriesIndicator; value: number | undefined }>();
  private readonly last = new Map<string, number>();
  private readonly minute = new Map<string, { start: number; close: number }>();
  private seq = 0;

  constructor(
    private readonly journal: Journal,
    private readonly hub: Hub,
    private readonly account: EquitySource,
    private readonly instruments: () => string[],
    private readonly now: () => number,
  ) {
    for (const e of journal.entries(1, Number.MAX_SAFE_INTEGER)) {
      if (e.kind === 'alert.created') {
        const r = JSON.parse(e.payload) as AlertRule;
        this.rules.set(r.id, r);
        this.seq = Math.max(this.seq, Number(r.id.replace(/^A-/, '')) || 0);
        if (r.condition.kind === 'indicator') this.indicators.set(r.id, { ind: makeIndicator(r.condition), value: undefined });
      } else if (e.kind === 'alert.deleted') this.rules.delete((JSON.parse(e.payload) as { id: string }).id);
      else if (e.kind === 'alert.triggered') {
        const ev = JSON.parse(e.payload) as AlertEvent;
        const r = this.rules.get(ev.id);
        if (r) {
          r.triggeredCount++;
          r.lastTriggeredAt = ev.time;
          r.armed = false;
        }
      }
    }
  }

  list(): AlertRule[] {
    return [...this.rules.values()].map((r) => ({ ...r }));
  }

  create(condition: AlertCondition, note?: string): AlertRule {
    if (condition.kind !== 'pnl' && !this.instruments().includes(condition.instrument)) {
      throw new AlertError('VALIDATION', `Alerts watch the live feed of ${this.instruments().join(', ')}; '${condition.instrument}' is not one of them.`);
    }
    const r: AlertRule = {
      id: `A-${++this.seq}`, condition, note: note ?? null, createdAt: this.now(), baseline: condition.kind === 'pnl' ? this.equity() : null,
      armed: true, triggeredCount: 0, lastTriggeredAt: null,
    };
    // A rule already true when created fires on the next tick that confirms it (armed), as a trader expects.
    this.rules.set(r.id, r);
    if (condition.kind === 'indicator') this.indicators.set(r.id, { ind: makeIndicator(condition), value: undefined });
    this.journal.append('alert.created', r, r.createdAt);
    return { ...r };
  }

  delete(id: string): AlertRule {
    const r = this.rules.get(id);
    if (!r) throw new AlertError('NOT_FOUND', `No alert '${id}'. GET /api/alerts lists them.`);
    this.rules.delete(id);
    this.indicators.delete(id);
    this.journal.append('alert.deleted', { id }, this.now());
    return { ...r };
  }

  /** A trade from the live feed. */
  onTrade(instrument: string, price: number, ts: number): void {
    this.last.set(instrument, price);
    const start = Math.floor(ts / MINUTE) * MINUTE;
    const m = this.minute.get(instrument);
    if (m && start > m.start) this.onMinuteClose(instrument, m.close);
    if (!m || start >= m.start) this.minute.set(instrument, { start, close: price });
    for (const r of this.rules.values()) {
      const c = r.condition;
      if (c.kind === 'price' && c.instrument === instrument) this.check(r, price);
      else if (c.kind === 'pnl') this.check(r, this.equity() - (r.baseline ?? 0));
    }
  }

  private onMinuteClose(instrument: string, close: number): void {
    for (const r of this.rules.values()) {
      const c = r.condition;
      if (c.kind !== 'indicator' || c.instrument !== instrument) continue;
      const s = this.indicators.get(r.id)!;
      s.value = s.ind.push(close);
      if (s.value !== undefined && Number.isFinite(s.value)) this.check(r, s.value);
    }
  }

  /** Cash (USD, USDT at 1:1) plus each holding at the last trade price of its USD/USDT pair. */
  equity(): number {
    let eq = 0;
    for (const b of this.account.balances()) {
      if (CASH.has(b.currency)) eq += b.total;
      else {
        const px = this.last.get(`${b.currency}USDT.SIM`) ?? this.last.get(`${b.currency}USD.SIM`) ?? this.last.get(`${b.currency}.SIM`);
        if (px !== undefined) eq += b.total * px;
      }
    }
    return eq;
  }

  private check(r: AlertRule, observed: number): void {
    const c = r.condition;
    const hit = c.op === 'above' ? observed > c.value : observed < c.value;
    if (!hit) {
      r.armed = true;
      return;
    }
    if (!r.armed) return;
    r.armed = false;
    r.triggeredCount++;
    r.lastTriggeredAt = this.now();
    const ev: AlertEvent = { id: r.id, condition: c, note: r.note, observed, time: r.lastTriggeredAt };
    this.journal.append('alert.triggered', ev, ev.time);
    this.hub.publish('alerts', ev);
  }
}
