/**
 * Detects how a CSV file is laid out — delimiter, header, decimal comma, which column is which, the timestamp
 * format — from its first lines. The result is shown to the user as a preview they can correct (column mapping),
 * then passed back to `parseCsv` unchanged, so what was previewed is what is imported.
 */
import type { DataKind } from '../columns.ts';
import { kindOf, mapHeaders, ROLES, type Role, type RoleMap } from '../column-roles.ts';
import { detectTimeFormat, type TimeFormat } from '../time-parse.ts';
import { ensureTimeZone } from '../time-zone.ts';
import { headLines, splitLine } from './csv-split.ts';

export interface CsvOptions {
  /** Source name for error messages. */
  file?: string;
  delimiter?: string;
  hasHeader?: boolean;
  /** Role -> header name or 0-based column index; overrides detection (the app's column mapping). */
  mapping?: Partial<Record<Role, string | number>>;
  timeFormat?: TimeFormat;
  /** IANA zone or fixed offset for timestamps without one. Default UTC. */
  timeZone?: string;
  /** Force the kind when the columns allow more than one. */
  kind?: DataKind;
  decimalComma?: boolean;
  /**
   * Return a layout even when the columns or timestamps cannot be identified (for a preview the user then maps);
   * `unresolved` says what is missing and parseCsv refuses such a layout.
   */
  lenient?: boolean;
  /** Use `mapping` as the complete mapping (the app's column picker), without header-name detection. */
  exactMapping?: boolean;
}

export interface CsvLayout {
  delimiter: string;
  hasHeader: boolean;
  headers: string[];
  decimalComma: boolean;
  map: RoleMap;
  kind: DataKind;
  timeFormat: TimeFormat;
  timeZone: string;
  /** Things the user should confirm (ambiguous dates, missing volume...). */
  warnings: string[];
  /** Up to 10 data rows, split, for the preview table. */
  preview: string[][];
  /** Line number of the first data row. */
  firstDataLine: number;
  /** Lenient detection only: what still needs the user's mapping. */
  unresolved?: string;
}

const DELIMS = [',', ';', '\t', '|'];

function detectDelimiter(lines: string[]): string {
  let best = ',';
  let bestScore = -1;
  for (const d of DELIMS) {
    const counts = lines.map((l) => splitLine(l, d).length - 1);
    if (counts[0] === 0) continue;
    const consistent = counts.filter((c) => c === counts[0]).length;
    const score = consistent * 100 + counts[0];
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  if (bestScore < 0 && lines.every((l) => /\S\s+\S/.test(l.trim()))) return ' ';
  return best;
}

function isNumeric(s: string, decimalComma: boolean): boolean {
  const v = decimalComma ? s.trim().replace(',', '.') : s.trim();
  return v !== '' && Number.isFinite(Number(v));
}

export class CsvLayoutError extends Error {
  override name = 'CsvLayoutError';
}

/** Detects the layout; throws CsvLayoutError with an actionable message when it cannot. */
export function detectCsvLayout(text: string, opts: CsvOptions = {}): CsvLayout {
  const file = opts.file ?? 'input';
  const head = headLines(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, 60);
  if (head.length === 0) throw new CsvLayoutError(`${file}: the file is empty`);
  const rawLines = head.map((h) => h.line);
  let delimiter = opts.delimiter ?? detectDelimiter(rawLines);
  if (delimiter === '\\t' || delimiter === 'tab') delimiter = '\t';
  const split = (l: string): string[] => (delimiter === ' ' ? l.trim().split(/\s+/) : splitLine(l, delimiter).map((f) => f.trim()));
  const rows = rawLines.map(split);
  const first = rows[0];
  // A decimal comma only makes sense when the delimiter is not a comma.
  const decimalComma =
    opts.decimalComma ?? (delimiter !== ',' && rows.slice(1, 20).some((r) => r.some((f) => /^-?\d+,\d+$/.test(f))) && !rows.slice(1, 20).some((r) => r.some((f) => /^-?\d+\.\d+$/.test(f))));
  const hasHeader =
    opts.hasHeader ??
    (first.some((f) => /[a-z]/i.test(f) && !isNumeric(f, decimalComma) && detectTimeFormat([f]) === undefined) ||
      (rows.length > 1 && first.filter((f) => isNumeric(f, decimalComma)).length < (rows[1] ?? []).filter((f) => isNumeric(f, decimalComma)).length));
  const data = hasHeader ? rows.slice(1) : rows;
  const ncol = Math.max(...rows.map((r) => r.length));
  const headers = hasHeader ? first : Array.from({ length: ncol }, (_, i) => `column${i + 1}`);
  const warnings: string[] = [];

  let map: RoleMap;
  if (opts.exactMapping && opts.mapping) {
    map = {};
    for (const [r, v] of Object.entries(opts.mapping) as [Role, string | number][]) {
      const idx = typeof v === 'number' ? v : headers.indexOf(v);
      if (idx >= 0) map[r] = idx;
    }
  } else if (hasHeader) map = mapHeaders(headers, opts.mapping ?? {});
  else map = guessHeaderless(data, decimalComma, opts.mapping ?? {}, headers);

  let unresolved: string | undefined;
  const fail = (msg: string): void => {
    if (!opts.lenient) throw new CsvLayoutError(msg);
    unresolved ??= msg;
  };
  const kind = opts.kind ?? kindOf(map) ?? 'bars';
  if (!opts.kind && !kindOf(map))
    fail(`${file}: cannot tell which columns hold the time and prices (columns: ${headers.join(', ')}). Map them explicitly, e.g. --map time=Date --map close=Price.`);
  if (kind === 'bars' && map.volume === undefined) warnings.push('no volume column: volume is set to 0');
  if (kind === 'bars' && map.open === undefined) warnings.push('close-only data: open, high and low are set to the close');

  // Timestamp format from samples of the time column (date + clock joined with a space).
  const timeSamples = data.slice(0, 50).map((r) => timeText(r, map));
  let timeFormat = opts.timeFormat;
  if (!timeFormat) {
    const g = unresolved ? undefined : detectTimeFormat(timeSamples);
    if (!g) {
      if (!unresolved) fail(`${file}: cannot read the timestamps (e.g. '${timeSamples[0] ?? ''}'); give the format explicitly`);
      timeFormat = { kind: 'text', order: 'YMD' };
    } else {
      timeFormat = g.format;
      if (g.ambiguity) warnings.push(g.ambiguity);
    }
  }
  const timeZone = ensureTimeZone(opts.timeZone ?? 'UTC');
  const firstDataLine = hasHeader ? (head[1]?.lineNo ?? head[0].lineNo + 1) : head[0].lineNo;
  const layout: CsvLayout = { delimiter, hasHeader, headers, decimalComma, map, kind, timeFormat, timeZone, warnings, preview: data.slice(0, 10), firstDataLine };
  if (unresolved) layout.unresolved = unresolved;
  return layout;
}

export function timeText(row: string[], map: RoleMap): string {
  if (map.time !== undefined) return row[map.time] ?? '';
  return `${row[map.date ?? -1] ?? ''} ${row[map.clock ?? -1] ?? ''}`;
}

/**
 * Without a header: the timestamp leads (possibly split into date and time, as MetaTrader exports), then
 * open, high, low, close and an optional volume — the order every OHLC export we know uses.
 */
function guessHeaderless(data: string[][], decimalComma: boolean, overrides: Partial<Record<Role, string | number>>, headers: string[]): RoleMap {
  const sample = data[0] ?? [];
  const map: RoleMap = {};
  let k = 0;
  const firstIsDateOnly = sample.length > 1 && /^\d{4}[.\-/]\d{1,2}[.\-/]\d{1,2}$|^\d{1,2}[.\-/]\d{1,2}[.\-/]\d{2,4}$|^\d{8}$/.test(sample[0]) && /^\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(sample[1]);
  if (firstIsDateOnly) {
    map.date = 0;
    map.clock = 1;
    k = 2;
  } else {
    map.time = 0;
    k = 1;
  }
  const numeric = sample.slice(k).filter((f) => isNumeric(f, decimalComma)).length;
  if (numeric >= 4) {
    map.open = k;
    map.high = k + 1;
    map.low = k + 2;
    map.close = k + 3;
    if (numeric >= 5) map.volume = k + 4;
  } else if (numeric >= 1) map.close = k;
  for (const [role, v] of Object.entries(overrides) as [Role, string | number][]) {
    const idx = typeof v === 'number' ? v : headers.indexOf(v);
    if (idx < 0) throw new CsvLayoutError(`column '${v}' for ${role} not found (the file has no header; use a 0-based index)`);
    for (const r of ROLES) if (map[r] === idx) delete map[r];
    map[role] = idx;
  }
  return map;
}
