/**
 * A chunk is up to CHUNK_ROWS rows of one series, stored column-major as little-endian float64:
 * [time x n][field1 x n]... Reading copies whole column runs with one memcpy each, which is what makes a
 * million-bar range read take tens of milliseconds instead of the seconds a row-per-bar table needs.
 */
import type { Columns } from '../../shared/data/columns.ts';

export const CHUNK_ROWS = 4096;

export function encodeChunk(cols: Columns, fields: readonly string[], from: number, to: number): Buffer {
  const n = to - from;
  const buf = Buffer.allocUnsafe(n * 8 * fields.length);
  fields.forEach((f, k) => {
    const src = cols[f].subarray(from, to);
    buf.set(new Uint8Array(src.buffer, src.byteOffset, n * 8), k * n * 8);
  });
  return buf;
}

/** Reads `time` of a chunk into an aligned array (Buffers from SQLite are not 8-byte aligned). */
export function chunkTime(blob: Uint8Array, n: number): Float64Array {
  const t = new Float64Array(n);
  new Uint8Array(t.buffer).set(blob.subarray(0, n * 8));
  return t;
}

/** Copies rows [a, b) of every field of a chunk into `out` starting at row `at`. */
export function copyChunkRows(blob: Uint8Array, n: number, fields: readonly string[], a: number, b: number, out: Columns, at: number): void {
  const len = (b - a) * 8;
  fields.forEach((f, k) => {
    const dst = out[f];
    new Uint8Array(dst.buffer, dst.byteOffset + at * 8, len).set(blob.subarray(k * n * 8 + a * 8, k * n * 8 + a * 8 + len));
  });
}

export function decodeChunk(blob: Uint8Array, n: number, fields: readonly string[]): Columns {
  const out: Columns = {};
  for (const f of fields) out[f] = new Float64Array(n);
  copyChunkRows(blob, n, fields, 0, n, out, 0);
  return out;
}
