/**
 * Data layer benchmark: CSV import, quality checks, catalog range reads, k-way merge. Prints ONE JSON line {"bench":"data", ...}.
 * Targets (issue 5): import 1M CSV rows < 2 s; read 1M bars from the catalog < 200 ms.
 *
 *   npm run bench:data                 full size (1M rows)
 *   BENCH_ROWS=100000 npm run bench:data   smaller, for development
 *   BENCH_COMPARE=1 npm run bench:data     also time the storage alternatives of docs/data.md (slow)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parquetReadObjects, parquetRead } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { parseCsv } from '../shared/data/csv/index.ts';
import { kWayMerge } from '../shared/data/merge.ts';
import { runQuality } from '../shared/data/quality/index.ts';
import { DataCatalog } from '../server/catalog/catalog.ts';
import { SeededRandom } from '../shared/util/random.ts';

const N = Number(process.env.BENCH_ROWS ?? 1_000_000);
const COMPARE = process.env.BENCH_COMPARE === '1';
const log = (s: string): void => void process.stderr.write(`[data] ${s}\n`);

function best(runs: number, fn: () => void): number {
  let b = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    b = Math.min(b, performance.now() - t);
  }
  return b;
}

// Synthetic 1-minute bars (seeded), as CSV text with ISO timestamps: the common layout of exported data.
const rnd = new SeededRandom(42);
const T0 = Date.UTC(2020, 0, 1);
const bars = { time: new Float64Array(N), open: new Float64Array(N), high: new Float64Array(N), low: new Float64Array(N), close: new Float64Array(N), volume: new Float64Array(N) };
let p = 100;
for (let i = 0; i < N; i++) {
  const o = p;
  p = Math.max(1, p * (1 + (rnd.nextUint32() / 2 ** 32 - 0.5) * 0.002));
  bars.time[i] = T0 + i * 60_000;
  bars.open[i] = Math.round(o * 100) / 100;
  bars.close[i] = Math.round(p * 100) / 100;
  bars.high[i] = Math.max(bars.open[i], bars.close[i]) + 0.01;
  bars.low[i] = Math.min(bars.open[i], bars.close[i]) - 0.01;
  bars.volume[i] = 1 + (rnd.nextUint32() % 1000);
}
function csvText(): string {
  const lines = ['timestamp,open,high,low,close,volume'];
  for (let i = 0; i < N; i++) lines.push(`${new Date(bars.time[i]).toISOString().slice(0, 19).replace('T', ' ')},${bars.open[i]},${bars.high[i]},${bars.low[i]},${bars.close[i]},${bars.volume[i]}`);
  return lines.join('\n');
}

// In a function so the 55 MB text and its parse results are garbage before the catalog is timed.
function benchCsv(): number {
  const csv = csvText();
  log(`CSV: ${N} rows, ${(csv.length / 1e6).toFixed(1)} MB`);
  let parsedRows = 0;
  const ms = best(3, () => {
    const r = parseCsv(csv, { file: 'bench.csv' });
    if (r.issueCount) throw new Error(r.issues[0].reason);
    parsedRows = r.rows;
  });
  if (parsedRows !== N) throw new Error(`parsed ${parsedRows} rows, expected ${N}`);
  return ms;
}
const csvMs = benchCsv();
log(`CSV import: ${csvMs.toFixed(0)} ms`);

// Quality checks on the same bars (what `aio import` runs between parsing and storing).
const qualityMs = best(2, () => runQuality('bars', bars));
log(`quality checks: ${qualityMs.toFixed(0)} ms`);

// Catalog: append N bars (file-backed, WAL), then read them all and a 10% window.
const dir = mkdtempSync(join(tmpdir(), 'bench-data-'));
const cat = new DataCatalog(join(dir, 'catalog.sqlite'));
const key = { instrument: 'BENCH.SIM', kind: 'bars' as const, timeframe: '1m' };
const appendStart = performance.now();
cat.append(key, bars);
const appendMs = performance.now() - appendStart;
let readRows = 0;
const readMs = best(5, () => {
  readRows = cat.read(key).time.length;
});
if (readRows !== N) throw new Error(`read ${readRows} rows, expected ${N}`);
const mid = T0 + Math.floor(N / 2) * 60_000;
const windowMs = best(5, () => cat.read(key, mid, mid + Math.floor(N / 10) * 60_000));
log(`catalog: append ${appendMs.toFixed(0)} ms, read all ${readMs.toFixed(1)} ms, read 10% window ${windowMs.toFixed(2)} ms`);

// k-way merge of 10 streams of N/10 events each (jittered timestamps, many ties).
const streams = Array.from({ length: 10 }, (_, s) => {
  const t = new Float64Array(N / 10);
  let x = T0 + s;
  for (let i = 0; i < t.length; i++) t[i] = x += 1 + (rnd.nextUint32() % 20);
  return t;
});
const mergeMs = best(3, () => kWayMerge(streams));
log(`k-way merge 10 streams: ${mergeMs.toFixed(0)} ms`);

const result: Record<string, unknown> = {
  bench: 'data',
  rows: N,
  csvImportMs: Math.round(csvMs),
  csvRowsPerSec: Math.round(N / (csvMs / 1000)),
  qualityMs: Math.round(qualityMs),
  catalogAppendMs: Math.round(appendMs),
  catalogReadAllMs: Math.round(readMs * 10) / 10,
  catalogReadRowsPerSec: Math.round(N / (readMs / 1000)),
  catalogRead10pctMs: Math.round(windowMs * 100) / 100,
  merge10StreamsMs: Math.round(mergeMs),
  mergeEventsPerSec: Math.round(N / (mergeMs / 1000)),
};

if (COMPARE) {
  // Alternative 1: one SQLite row per bar (what a naive design does).
  const db = new Database(join(dir, 'rows.sqlite'));
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE bars (t REAL PRIMARY KEY, o REAL, h REAL, l REAL, c REAL, v REAL) WITHOUT ROWID');
  const ins = db.prepare('INSERT INTO bars VALUES (?, ?, ?, ?, ?, ?)');
  const t1 = performance.now();
  db.transaction(() => {
    for (let i = 0; i < N; i++) ins.run(bars.time[i], bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i]);
  })();
  result.cmpRowsAppendMs = Math.round(performance.now() - t1);
  const sel = db.prepare('SELECT t, o, h, l, c, v FROM bars WHERE t BETWEEN ? AND ?').raw(true);
  result.cmpRowsReadAllMs = Math.round(
    best(2, () => {
      const rows = sel.all(-Infinity, Infinity) as number[][];
      const out = new Float64Array(rows.length);
      for (let i = 0; i < rows.length; i++) out[i] = rows[i][4];
    }),
  );
  db.close();
  // Alternative 2: a Parquet file per series through hyparquet (Nautilus's catalog format).
  const t2 = performance.now();
  const pq = parquetWriteBuffer({ columnData: ['time', 'open', 'high', 'low', 'close', 'volume'].map((name) => ({ name, data: (bars as Record<string, Float64Array>)[name], type: 'DOUBLE' as const })) });
  result.cmpParquetWriteMs = Math.round(performance.now() - t2);
  result.cmpParquetBytes = pq.byteLength;
  const t3 = performance.now();
  let got = 0;
  await parquetRead({ file: pq, onChunk: (c) => void (got += c.columnName === 'time' ? c.columnData.length : 0) });
  result.cmpParquetReadAllMs = Math.round(performance.now() - t3);
  void parquetReadObjects;
  log(`compare: sqlite rows read ${result.cmpRowsReadAllMs} ms, parquet read ${result.cmpParquetReadAllMs} ms (${got} rows)`);
}
cat.close();
rmSync(dir, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify(result)}\n`);
