import type { MonthlyReturnsTable, PerformanceReport, TradeRecord } from '../../shared/analytics/index.ts';
import type { StoredResult } from '../storage/index.ts';
import type { RunRecord } from './backtest-runner.svelte.ts';
import type { BacktestSummary } from './run-spec.ts';

// A finished run as IndexedDB keeps it, and back. Storage treats `extra` as opaque; this file owns its shape.
// The summary is already bounded by run-spec.ts (MAX_EQUITY_POINTS, MAX_TRADES), so a stored report is too.
// Records come from old versions of the app and from imported files (untrusted), so reopening checks the shape
// and says what is missing instead of letting the report crash on it. The check runs on read, not as a Dexie
// upgrade, because an imported file can bring old records long after the database was migrated.

export const SAVED_REPORT_KIND = 'aio-report';
export const SAVED_REPORT_VERSION = 2;

/** What `StoredResult.extra` holds since version 2: the summary minus the equity columns kept beside it. */
export interface SavedReportExtra {
  kind: typeof SAVED_REPORT_KIND;
  version: typeof SAVED_REPORT_VERSION;
  elapsedMs: number;
  /** Drawdown per point of `StoredResult.equity` (fraction below the running peak, <= 0). */
  drawdown: number[];
  summary: Omit<BacktestSummary, 'equity'>;
}

export type ReopenResult = { ok: true; run: RunRecord } | { ok: false; error: string };

export function toStoredResult(rec: RunRecord, strategyId: string): StoredResult {
  const s = rec.summary;
  const metrics: Record<string, number> = {};
  for (const [k, v] of Object.entries(s.report)) if (typeof v === 'number' && Number.isFinite(v)) metrics[k] = v;
  const { equity, ...rest } = s;
  const extra: SavedReportExtra = { kind: SAVED_REPORT_KIND, version: SAVED_REPORT_VERSION, elapsedMs: rec.elapsedMs, drawdown: equity.drawdown, summary: rest };
  return {
    id: rec.id,
    strategyId,
    name: rec.name,
    createdAt: rec.createdAt,
    dataset: { instrument: s.instrumentId, timeframe: s.timeframe, synthetic: s.synthetic },
    metrics,
    equity: { time: equity.time, value: equity.value },
    extra,
  };
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumArr = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number');

const OLD_RECORD =
  'was saved by an earlier version of the app, which kept only its metrics and equity curve, not the full report. ' +
  'Run the strategy again to get a report that can be reopened.';

/** Turns a stored result back into the run the report shows, or says why it cannot. */
export function reopenStoredResult(r: StoredResult): ReopenResult {
  const what = `The saved run "${r.name}"`;
  const x = r.extra;
  if (!isObj(x) || x.kind !== SAVED_REPORT_KIND) return { ok: false, error: `${what} ${OLD_RECORD}` };
  if (x.version !== SAVED_REPORT_VERSION) {
    return { ok: false, error: `${what} has report format ${String(x.version)}; this app reads format ${SAVED_REPORT_VERSION}. Run the strategy again.` };
  }
  const bad = (field: string): ReopenResult => ({ ok: false, error: `${what} cannot be shown: ${field} is missing or malformed (was the file edited?).` });
  const e = r.equity;
  if (!e || !isNumArr(e.time) || !isNumArr(e.value) || e.time.length !== e.value.length) return bad('the equity curve');
  if (!isNumArr(x.drawdown) || x.drawdown.length !== e.time.length) return bad('the drawdown series');
  const s = x.summary;
  if (!isObj(s)) return bad('the report');
  if (!isObj(s.report) || typeof (s.report as Partial<PerformanceReport>).tradeCount !== 'number') return bad('the metrics');
  if (!isObj(s.monthly) || !Array.isArray(s.monthly.months) || !Array.isArray(s.monthly.years)) return bad('the monthly returns');
  if (!Array.isArray(s.trades) || !s.trades.every((t) => isObj(t) && typeof t.entryTs === 'number' && typeof t.exitTs === 'number'))
    return bad('the trade list');
  if (!isObj(s.spec) || typeof s.instrumentId !== 'string' || typeof s.timeframe !== 'string' || typeof s.barCount !== 'number')
    return bad('the strategy or dataset');
  const summary: BacktestSummary = {
    spec: s.spec as unknown as BacktestSummary['spec'],
    instrumentId: s.instrumentId,
    timeframe: s.timeframe,
    synthetic: s.synthetic === true,
    barCount: s.barCount,
    report: s.report as unknown as PerformanceReport,
    stats: (isObj(s.stats) ? s.stats : {}) as unknown as BacktestSummary['stats'],
    equity: { time: e.time, value: e.value, drawdown: x.drawdown },
    monthly: s.monthly as unknown as MonthlyReturnsTable,
    trades: s.trades as TradeRecord[],
    tradesTruncated: s.tradesTruncated === true,
    warnings: isStrArr(s.warnings) ? s.warnings : [],
    notes: isStrArr(s.notes) ? s.notes : [],
  };
  const elapsedMs = typeof x.elapsedMs === 'number' && Number.isFinite(x.elapsedMs) ? x.elapsedMs : 0;
  return { ok: true, run: { id: r.id, name: r.name, createdAt: r.createdAt, summary, elapsedMs } };
}

function isStrArr(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}
