/**
 * Parquet import through hyparquet (pure JS, runs in browser and Node). Columns are read whole; INT64 arrives as
 * bigint, TIMESTAMP columns as Date — both handled by recordsToColumns. Errors name the row (1-based).
 */
import { parquetMetadata, parquetRead, parquetSchema } from 'hyparquet';
import { DataFormatError } from './errors.ts';
import { recordsToColumns, type RecordOptions } from './records.ts';
import type { ParsedData } from './csv/csv-parse.ts';

export function isParquet(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && bytes[0] === 0x50 && bytes[1] === 0x41 && bytes[2] === 0x52 && bytes[3] === 0x31; // 'PAR1'
}

export async function parseParquet(bytes: Uint8Array, opts: RecordOptions = {}): Promise<ParsedData> {
  const file = opts.file ?? 'input';
  if (!isParquet(bytes)) throw new DataFormatError([{ file, line: 0, reason: "not a Parquet file (missing 'PAR1' magic)" }]);
  const ab = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : (bytes.slice().buffer as ArrayBuffer);
  let metadata;
  try {
    metadata = parquetMetadata(ab);
  } catch (e) {
    throw new DataFormatError([{ file, line: 0, reason: `unreadable Parquet footer: ${(e as Error).message}` }]);
  }
  const headers = parquetSchema(metadata).children.map((c) => c.element.name);
  const rows = Number(metadata.num_rows);
  const cols: unknown[][] = headers.map(() => new Array(rows));
  try {
    await parquetRead({
      file: ab,
      metadata,
      onChunk: (chunk) => {
        const ci = headers.indexOf(chunk.columnName);
        if (ci < 0) return;
        const dst = cols[ci];
        const data = chunk.columnData as ArrayLike<unknown>;
        for (let i = 0; i < data.length && chunk.rowStart + i < rows; i++) dst[chunk.rowStart + i] = data[i];
      },
    });
  } catch (e) {
    throw new DataFormatError([{ file, line: 0, reason: `cannot decode Parquet data: ${(e as Error).message}` }]);
  }
  return recordsToColumns({ headers, rows, lineOf: (r) => r + 1, get: (c, r) => cols[c]?.[r] }, opts);
}
