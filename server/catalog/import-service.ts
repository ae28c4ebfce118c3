/**
 * File -> quality checks -> catalog, all or nothing: a file with one malformed row, or data a 'reject' policy
 * refuses, writes nothing; otherwise the cleaned rows land in one transaction. Used by `aio import` and the
 * gateway's import route.
 */
import { parseFile, type ImportOptions } from '../../shared/data/import.ts';
import { calendarFor } from '../../shared/data/calendar/sessions.ts';
import { runQuality, type Policy, type QualityReport, type CheckId } from '../../shared/data/quality/index.ts';
import type { DataKind } from '../../shared/data/columns.ts';
import { seriesLabel, timeframeMs, type AppendResult, type DataCatalog, type OverlapPolicy, type SeriesKey } from './catalog.ts';

export interface ImportRequest extends ImportOptions {
  instrument: string;
  /** Bar timeframe; inferred from the data's spacing when omitted. */
  timeframe?: string;
  policies?: Partial<Record<CheckId, Policy>>;
  onOverlap?: OverlapPolicy;
}

export interface ImportOutcome {
  series: SeriesKey;
  rowsRead: number;
  result: AppendResult;
  report: QualityReport;
  warnings: string[];
}

export class QualityRejectedError extends Error {
  override name = 'QualityRejectedError';
  constructor(readonly report: QualityReport) {
    const failed = report.checks.filter((c) => c.action === 'rejected dataset').map((c) => `${c.id} (${c.count})`);
    super(`${report.dataset}: rejected by quality checks: ${failed.join(', ')}. Nothing was imported. Fix the data or choose another policy, e.g. --policy ${report.checks.find((c) => c.action === 'rejected dataset')?.id ?? 'ohlc'}=drop`);
  }
}

const TF: [number, string][] = [
  [604_800_000, 'w'],
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'm'],
  [1000, 's'],
];

/** 3_600_000 -> '1h'; undefined when not a whole number of seconds. */
export function timeframeOf(ms: number): string | undefined {
  for (const [unit, s] of TF) if (ms >= unit && ms % unit === 0) return `${ms / unit}${s}`;
  return undefined;
}

export async function importBytes(catalog: DataCatalog, name: string, bytes: Uint8Array, req: ImportRequest): Promise<ImportOutcome> {
  const parsed = await parseFile(name, bytes, req);
  const kind: DataKind = parsed.kind;
  let step: number | undefined = req.timeframe ? timeframeMs(req.timeframe) : undefined;
  const q = runQuality(kind, parsed.columns, { dataset: name, calendar: calendarFor(req.instrument), timeframeMs: step, policies: req.policies });
  if (q.report.rejected) throw new QualityRejectedError(q.report);
  step ??= q.report.timeframeMs;
  let timeframe = '';
  if (kind === 'bars') {
    const tf = req.timeframe ?? timeframeOf(step);
    if (!tf) throw new RangeError(`${name}: cannot name the bar interval (${step} ms); pass --timeframe (e.g. 1m, 1h, 1d)`);
    timeframe = tf;
  }
  const series: SeriesKey = { instrument: req.instrument, kind, timeframe };
  const result = catalog.append(series, q.columns, req.onOverlap ?? 'reject');
  return { series, rowsRead: parsed.rows, result, report: q.report, warnings: parsed.warnings };
}

export function describeImport(o: ImportOutcome): string {
  const r = o.result;
  return `${seriesLabel(o.series)}: read ${o.rowsRead} rows, stored ${r.appended}${r.skipped ? `, skipped ${r.skipped} already stored` : ''}${r.replaced ? `, replaced ${r.replaced}` : ''}`;
}
