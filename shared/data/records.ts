/**
 * Converts tabular records (JSON objects/arrays, Parquet columns) into typed columns with the same role mapping,
 * defaults and issue reporting as the CSV importer. Values may be numbers, numeric strings, bigints (Parquet INT64),
 * Dates (Parquet TIMESTAMP) or timestamp strings.
 */
import type { DataKind } from './columns.ts';
import { kindOf, mapHeaders, type Role } from './column-roles.ts';
import { IssueLog } from './errors.ts';
import { RowBuilder, parseSide, sourceIndexes } from './row-builder.ts';
import { detectTimeFormat, epochUnitOf, makeTimeParser, type TimeFormat } from './time-parse.ts';
import { ensureTimeZone } from './time-zone.ts';
import type { ParsedData } from './csv/csv-parse.ts';

export interface RecordOptions {
  file?: string;
  mapping?: Partial<Record<Role, string | number>>;
  timeZone?: string;
  timeFormat?: TimeFormat;
  kind?: DataKind;
}

export interface RecordSource {
  headers: string[];
  rows: number;
  get(col: number, row: number): unknown;
  /** The line/record number users see for a row (1-based). */
  lineOf(row: number): number;
}

const SCALE: Record<string, number> = { s: 1000, ms: 1, us: 1e-3, ns: 1e-6 };
const NAMES: Record<DataKind, string[]> = {
  bars: ['time', 'open', 'high', 'low', 'close', 'volume'],
  quotes: ['time', 'bid', 'ask', 'bid size', 'ask size'],
  trades: ['time', 'price', 'size', 'side'],
};

export function recordsToColumns(src: RecordSource, opts: RecordOptions = {}): ParsedData {
  const file = opts.file ?? 'input';
  const log = new IssueLog(file);
  const map = mapHeaders(src.headers, opts.mapping ?? {});
  const kind = opts.kind ?? kindOf(map);
  if (!kind) throw new RangeError(`${file}: cannot tell which fields hold the time and prices (fields: ${src.headers.join(', ')}); map them explicitly`);
  const warnings: string[] = [];
  const idx = sourceIndexes(kind, map);
  if (kind === 'bars' && map.open === undefined) {
    idx[1] = idx[2] = idx[3] = idx[4];
    warnings.push('close-only data: open, high and low are set to the close');
  }
  if (kind === 'bars' && map.volume === undefined) warnings.push('no volume field: volume is set to 0');
  const tz = ensureTimeZone(opts.timeZone ?? 'UTC');

  // Time: numeric -> epoch (unit from the largest magnitude), Date -> ms, string -> detected text format.
  const timeOf = (r: number): unknown => (map.time !== undefined ? src.get(map.time, r) : `${String(src.get(map.date ?? -1, r) ?? '')} ${String(src.get(map.clock ?? -1, r) ?? '')}`);
  let maxNum = 0;
  const strSamples: string[] = [];
  for (let r = 0; r < src.rows && r < 1000; r++) {
    const v = timeOf(r);
    if (typeof v === 'number' || typeof v === 'bigint') maxNum = Math.max(maxNum, Math.abs(Number(v)));
    else if (typeof v === 'string' && strSamples.length < 50) strSamples.push(v);
  }
  const unitScale = SCALE[epochUnitOf(maxNum)];
  let textParser: ((s: string) => number) | undefined;
  if (strSamples.length > 0) {
    const fmt = opts.timeFormat ?? detectTimeFormat(strSamples)?.format;
    if (fmt) textParser = makeTimeParser(fmt, tz);
  }
  const builder = new RowBuilder(kind, src.rows);
  const vals = new Float64Array(idx.length);
  const names = [...NAMES[kind]];
  if (kind === 'bars' && map.open === undefined) names[1] = names[2] = names[3] = 'close';
  rows: for (let r = 0; r < src.rows; r++) {
    const tv = timeOf(r);
    let t = NaN;
    if (typeof tv === 'number') t = Math.round(tv * unitScale);
    else if (typeof tv === 'bigint') t = Math.round(Number(tv) * unitScale);
    else if (tv instanceof Date) t = tv.getTime();
    else if (typeof tv === 'string' && textParser) t = textParser(tv.trim());
    if (!Number.isFinite(t)) {
      log.add(src.lineOf(r), `cannot read the timestamp ${JSON.stringify(tv === undefined ? null : typeof tv === 'bigint' ? String(tv) : tv)}`, 'time');
      continue;
    }
    vals[0] = t;
    for (let f = 1; f < idx.length; f++) {
      const c = idx[f];
      if (c < 0) {
        vals[f] = 0;
        continue;
      }
      const v = src.get(c, r);
      let x: number;
      if (kind === 'trades' && f === 3) x = typeof v === 'number' ? Math.sign(v) : typeof v === 'boolean' ? NaN : parseSide(String(v ?? ''));
      else if (typeof v === 'number') x = v;
      else if (typeof v === 'bigint') x = Number(v);
      else if (typeof v === 'string' && v.trim() !== '') x = Number(v);
      else x = NaN;
      if (Number.isNaN(x)) {
        log.add(src.lineOf(r), v === null || v === undefined || v === '' ? `missing ${names[f]}` : `cannot read ${names[f]} ${JSON.stringify(typeof v === 'bigint' ? String(v) : v)} as a number`, names[f]);
        continue rows;
      }
      vals[f] = x;
    }
    builder.push(vals);
  }
  return { kind, columns: builder.finish(), rows: builder.n, issues: log.issues, issueCount: log.total, warnings };
}
