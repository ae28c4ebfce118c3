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

export type FileFormat = 'csv' | 'json' | 'parquet';

export function detectFormat(name: string, bytes: Uint8Array): FileFormat {
  if (isParquet(bytes) || /\.parquet$/i.test(name)) return 'parquet';
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
