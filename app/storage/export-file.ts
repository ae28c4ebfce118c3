import type { StoredResult, StoredStrategy } from './records.ts';

// The JSON file a user exports and imports. Importing is parsing untrusted input: everything is checked before
// anything touches the database, and each problem is reported with where it is.

export const EXPORT_FORMAT = 'aio-workspace';
export const EXPORT_VERSION = 1;
/** An export far above this is not something this app wrote; refuse it before parsing. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

export interface ExportFile {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: number;
  strategies: StoredStrategy[];
  results: StoredResult[];
}

export function buildExportFile(strategies: StoredStrategy[], results: StoredResult[], now: number): ExportFile {
  return { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: now, strategies, results };
}

export type ParseResult = { ok: true; file: ExportFile } | { ok: false; error: string };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function checkStrategy(s: unknown, i: number): string | undefined {
  const at = `strategies[${i}]`;
  if (!isObj(s)) return `${at} is not an object`;
  if (!isStr(s.id)) return `${at}.id must be a non-empty string`;
  if (typeof s.name !== 'string') return `${at}.name must be a string`;
  if (!('spec' in s) || s.spec === undefined) return `${at}.spec is missing`;
  if (!isTime(s.createdAt) || !isTime(s.updatedAt)) return `${at}.createdAt/updatedAt must be epoch milliseconds`;
  return undefined;
}

function checkResult(r: unknown, i: number, strategyIds: Set<string>): string | undefined {
  const at = `results[${i}]`;
  if (!isObj(r)) return `${at} is not an object`;
  if (!isStr(r.id)) return `${at}.id must be a non-empty string`;
  if (!isStr(r.strategyId)) return `${at}.strategyId must be a non-empty string`;
  if (!strategyIds.has(r.strategyId)) return `${at}.strategyId '${r.strategyId}' names no strategy in the file`;
  if (typeof r.name !== 'string') return `${at}.name must be a string`;
  if (!isTime(r.createdAt)) return `${at}.createdAt must be epoch milliseconds`;
  if (!isObj(r.dataset) || !isStr(r.dataset.instrument) || !isStr(r.dataset.timeframe))
    return `${at}.dataset needs instrument and timeframe`;
  if (!isObj(r.metrics)) return `${at}.metrics must be an object of numbers`;
  for (const [k, v] of Object.entries(r.metrics)) {
    if (typeof v !== 'number') return `${at}.metrics.${k} must be a number`;
  }
  if (r.equity !== undefined) {
    const e = r.equity;
    if (!isObj(e) || !Array.isArray(e.time) || !Array.isArray(e.value) || e.time.length !== e.value.length)
      return `${at}.equity must have time[] and value[] of the same length`;
  }
  return undefined;
}

export function parseExportFile(text: string): ParseResult {
  if (text.length > MAX_IMPORT_BYTES) {
    return { ok: false, error: `The file is ${(text.length / 1e6).toFixed(1)} MB; exports of this app stay under ${MAX_IMPORT_BYTES / 1e6} MB.` };
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `The file is not valid JSON (${err instanceof Error ? err.message : String(err)}).` };
  }
  if (!isObj(v) || v.format !== EXPORT_FORMAT) {
    return { ok: false, error: `This is not an AI Indicator Optimizer export (expected "format": "${EXPORT_FORMAT}").` };
  }
  if (v.version !== EXPORT_VERSION) {
    return { ok: false, error: `Export version ${String(v.version)} is not supported; this app reads version ${EXPORT_VERSION}.` };
  }
  if (!Array.isArray(v.strategies) || !Array.isArray(v.results)) {
    return { ok: false, error: 'The export must contain "strategies" and "results" arrays.' };
  }
  const ids = new Set<string>();
  for (let i = 0; i < v.strategies.length; i++) {
    const err = checkStrategy(v.strategies[i], i);
    if (err) return { ok: false, error: err };
    const id = (v.strategies[i] as StoredStrategy).id;
    if (ids.has(id)) return { ok: false, error: `strategies[${i}].id '${id}' appears twice` };
    ids.add(id);
  }
  const rids = new Set<string>();
  for (let i = 0; i < v.results.length; i++) {
    const err = checkResult(v.results[i], i, ids);
    if (err) return { ok: false, error: err };
    const id = (v.results[i] as StoredResult).id;
    if (rids.has(id)) return { ok: false, error: `results[${i}].id '${id}' appears twice` };
    rids.add(id);
  }
  return {
    ok: true,
    file: {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      exportedAt: isTime(v.exportedAt) ? v.exportedAt : 0,
      strategies: v.strategies as StoredStrategy[],
      results: v.results as StoredResult[],
    },
  };
}

/** File name for a download: aio-workspace-2026-11-25.json */
export function exportFileName(now: number): string {
  return `${EXPORT_FORMAT}-${new Date(now).toISOString().slice(0, 10)}.json`;
}
