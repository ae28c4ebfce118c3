/**
 * One entry point for file imports (CLI, gateway, app drop zone): picks the parser from the name and content,
 * and enforces all-or-nothing — any malformed row fails the whole file with every problem listed
 * (file, line, reason), so nothing half-read ever reaches the catalog.
 */
import { DataFormatError } from './errors.ts';
import { decodeUtf8 } from './text.ts';
import { parseCsv, type CsvOptions, type ParsedData } from './csv/index.ts';
import { parseJson } from './json-import.ts';
import { isParquet, parseParquet } from './parquet-import.ts';
import { dukascopyScale, parseBi5 } from './bi5.ts';

/**
 * A Dukascopy hour file as downloaded: the hour and the symbol come from its path
 * (…/EURUSD/2024/00/15/13h_ticks.bi5, month 0-based).
 */
function parseBi5File(path: string, bytes: Uint8Array): ParsedData {
  const m = /([A-Za-z0-9]+)[\\/](\d{4})[\\/](\d{2})[\\/](\d{2})[\\/](\d{2})h_ticks\.bi5$/i.exec(path);
  if (!m) throw new DataFormatError([{ file: path, line: 0, reason: "a .bi5 file's path must end SYMBOL/YYYY/MM/DD/HHh_ticks.bi5 (month 0-based), as Dukascopy serves it: the hour is not inside the file" }]);
  const hourStart = Date.UTC(Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
  const columns = parseBi5(bytes, { hourStart, scale: dukascopyScale(m[1]), file: path });
  return { kind: 'quotes', columns: columns as unknown as ParsedData['columns'], rows: columns.time.length, issues: [], issueCount: 0, warnings: [] };
}

export type FileFormat = 'csv' | 'json' | 'parquet' | 'bi5';

export function detectFormat(name: string, bytes: Uint8Array): FileFormat {
  if (isParquet(bytes) || /\.parquet$/i.test(name)) return 'parquet';
  if (/\.bi5$/i.test(name)) return 'bi5';
  if (/\.(json|jsonl|ndjson)$/i.test(name)) return 'json';
  if (/\.(csv|tsv|txt)$/i.test(name)) return 'csv';
  let i = 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09 || bytes[i] === 0xef || bytes[i] === 0xbb || bytes[i] === 0xbf)) i++;
  return bytes[i] === 0x5b || bytes[i] === 0x7b ? 'json' : 'csv';
}

export interface ImportOptions extends CsvOptions {
  format?: FileFormat;
}

/** Parses a file; throws DataFormatError listing every problem when any row is malformed. */
export async function parseFile(name: string, bytes: Uint8Array, opts: ImportOptions = {}): Promise<ParsedData & { format: FileFormat }> {
  const format = opts.format ?? detectFormat(name, bytes);
  const o = { ...opts, file: opts.file ?? name };
  let res: ParsedData;
  if (format === 'parquet') res = await parseParquet(bytes, o);
  else if (format === 'bi5') res = parseBi5File(o.file, bytes);
  else {
    const text = decodeUtf8(bytes);
    res = format === 'json' ? parseJson(text, o) : parseCsv(text, o);
  }
  if (res.issueCount > 0) {
    const err = new DataFormatError(res.issues);
    if (res.issueCount > res.issues.length) err.message += ` (${res.issueCount} problems in total)`;
    throw err;
  }
  if (res.rows === 0) throw new DataFormatError([{ file: o.file, line: 0, reason: 'no data rows' }]);
  return { ...res, format };
}
