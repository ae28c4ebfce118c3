/**
 * Dukascopy historical tick files (".bi5"): one file per instrument and UTC hour, LZMA-compressed, holding 20-byte
 * big-endian records: uint32 ms since the hour, uint32 ask, uint32 bid (prices in points: divide by the instrument's
 * scale, e.g. 1e5 for EURUSD, 1e3 for USDJPY), float32 ask volume, float32 bid volume (in millions).
 * A 0-byte file means "no ticks that hour" (weekends, holidays).
 */
import type { QuoteColumns } from './columns.ts';
import { DataFormatError } from './errors.ts';
import { LzmaError, lzmaDecompress } from './lzma.ts';

const RECORD = 20;

/** Price scale (points per unit) by Dukascopy symbol; JPY-quoted pairs and metals use 1e3. */
export const DUKASCOPY_SCALES: Record<string, number> = {
  EURUSD: 1e5, GBPUSD: 1e5, AUDUSD: 1e5, NZDUSD: 1e5, USDCAD: 1e5, USDCHF: 1e5, EURGBP: 1e5, EURCHF: 1e5, EURAUD: 1e5,
  EURCAD: 1e5, GBPCHF: 1e5, AUDCAD: 1e5, AUDNZD: 1e5,
  USDJPY: 1e3, EURJPY: 1e3, GBPJPY: 1e3, AUDJPY: 1e3, CHFJPY: 1e3, CADJPY: 1e3, NZDJPY: 1e3,
  XAUUSD: 1e3, XAGUSD: 1e5,
};

export function dukascopyScale(symbol: string): number {
  const s = symbol.toUpperCase();
  return DUKASCOPY_SCALES[s] ?? (s.endsWith('JPY') ? 1e3 : 1e5);
}

/** https://datafeed.dukascopy.com/datafeed/EURUSD/2024/00/15/13h_ticks.bi5 — the month is 0-based. */
export function bi5Path(symbol: string, hourStartMs: number): string {
  const d = new Date(hourStartMs);
  const p2 = (n: number): string => String(n).padStart(2, '0');
  return `${symbol.toUpperCase()}/${d.getUTCFullYear()}/${p2(d.getUTCMonth())}/${p2(d.getUTCDate())}/${p2(d.getUTCHours())}h_ticks.bi5`;
}

export const DUKASCOPY_BASE_URL = 'https://datafeed.dukascopy.com/datafeed';

export interface Bi5Options {
  /** UTC epoch ms of the hour the file covers. */
  hourStart: number;
  /** Points per price unit (see dukascopyScale). */
  scale: number;
  /** Name for error messages. */
  file?: string;
}

/** Decodes one hour file (compressed as downloaded, or already decompressed with `compressed: false`). */
export function parseBi5(bytes: Uint8Array, opts: Bi5Options & { compressed?: boolean }): QuoteColumns {
  const file = opts.file ?? 'bi5';
  let raw = bytes;
  if (bytes.length > 0 && opts.compressed !== false) {
    try {
      raw = lzmaDecompress(bytes);
    } catch (e) {
      if (e instanceof LzmaError) throw new DataFormatError([{ file, line: 0, reason: `not a valid LZMA file: ${e.message}` }]);
      throw e;
    }
  }
  if (raw.length % RECORD !== 0)
    throw new DataFormatError([{ file, line: Math.floor(raw.length / RECORD) + 1, reason: `${raw.length} bytes is not a whole number of 20-byte tick records (last record truncated)` }]);
  const n = raw.length / RECORD;
  const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out: QuoteColumns = { time: new Float64Array(n), bid: new Float64Array(n), ask: new Float64Array(n), bidSize: new Float64Array(n), askSize: new Float64Array(n) };
  const { scale, hourStart } = opts;
  let prev = -1;
  const issues = [];
  for (let i = 0; i < n; i++) {
    const o = i * RECORD;
    const ms = dv.getUint32(o);
    if (ms >= 3_600_000) issues.push({ file, line: i + 1, reason: `time offset ${ms} ms is outside the hour` });
    if (ms < prev) issues.push({ file, line: i + 1, reason: `time offset ${ms} ms goes back from ${prev} ms` });
    prev = ms;
    out.time[i] = hourStart + ms;
    out.ask[i] = dv.getUint32(o + 4) / scale;
    out.bid[i] = dv.getUint32(o + 8) / scale;
    out.askSize[i] = Math.fround(dv.getFloat32(o + 12));
    out.bidSize[i] = Math.fround(dv.getFloat32(o + 16));
  }
  if (issues.length) throw new DataFormatError(issues.slice(0, 100));
  return out;
}
