/**
 * JSON import. Accepted shapes:
 *  - an array of objects: [{"time": ..., "open": ...}, ...] (keys mapped like CSV headers)
 *  - an array of arrays: ccxt/Binance OHLCV [[ms, o, h, l, c, v], ...] (positional: time, open, high, low, close, volume)
 *  - an object wrapping either under "data", "bars", "candles", "result" or "rows"
 *  - JSON Lines (one object or array per line)
 * Errors name the record (1-based) or, for JSON Lines, the line.
 */
import { DataFormatError } from './errors.ts';
import { recordsToColumns, type RecordOptions } from './records.ts';
import type { ParsedData } from './csv/csv-parse.ts';

const WRAPPERS = ['data', 'bars', 'candles', 'klines', 'result', 'rows', 'ticks', 'trades', 'quotes'];

export function parseJson(text: string, opts: RecordOptions = {}): ParsedData {
  const file = opts.file ?? 'input';
  let records: unknown[];
  let jsonLines = false;
  const trimmed = text.trim();
  try {
    const doc: unknown = JSON.parse(trimmed);
    if (Array.isArray(doc)) records = doc;
    else if (doc && typeof doc === 'object') {
      const key = WRAPPERS.find((k) => Array.isArray((doc as Record<string, unknown>)[k]));
      if (!key) throw new DataFormatError([{ file, line: 0, reason: `expected an array of records or an object with one of: ${WRAPPERS.join(', ')}` }]);
      records = (doc as Record<string, unknown[]>)[key];
    } else throw new DataFormatError([{ file, line: 0, reason: 'expected an array of records' }]);
  } catch (e) {
    if (e instanceof DataFormatError) throw e;
    // Not one JSON document: try JSON Lines, reporting the first bad line precisely.
    const lines = text.split('\n');
    records = [];
    jsonLines = true;
    const lineNos: number[] = [];
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i].trim();
      if (l === '') continue;
      try {
        records.push(JSON.parse(l));
        lineNos.push(i + 1);
      } catch (err) {
        if (records.length === 0 && i > 0) break;
        throw new DataFormatError([{ file, line: i + 1, reason: `invalid JSON: ${(err as Error).message}` }]);
      }
    }
    return fromRecords(records, opts, (r) => lineNos[r]);
  }
  return fromRecords(records, opts, (r) => r + 1, jsonLines);
}

function fromRecords(records: unknown[], opts: RecordOptions, lineOf: (r: number) => number, _jsonLines = false): ParsedData {
  const file = opts.file ?? 'input';
  if (records.length === 0) return { kind: opts.kind ?? 'bars', columns: { time: new Float64Array(0) }, rows: 0, issues: [], issueCount: 0, warnings: ['no records'] };
  const first = records[0];
  if (Array.isArray(first)) {
    const width = first.length;
    const headers = ['time', 'open', 'high', 'low', 'close', 'volume'].slice(0, Math.min(6, width));
    return recordsToColumns({ headers, rows: records.length, lineOf, get: (c, r) => (records[r] as unknown[])?.[c] }, opts);
  }
  if (!first || typeof first !== 'object') throw new DataFormatError([{ file, line: lineOf(0), reason: 'a record must be an object or an array' }]);
  const headers = Object.keys(first as object);
  return recordsToColumns({ headers, rows: records.length, lineOf, get: (c, r) => (records[r] as Record<string, unknown> | null)?.[headers[c]] }, opts);
}
