/**
 * Streaming vs batch agreement for every registered indicator: the same bars through `update` one at a time and
 * through the batch function must give the same numbers (abs 1e-12, relative 1e-14 for large values such as OBV),
 * including warm-up (undefined <-> NaN) and the restart after a NaN bar. Also checks reset() and the O(1) contract's
 * observable part: isReady/value track update's result.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INDICATORS, resolveParams } from './registry.ts';
import type { BarColumns, BarLike } from './types.ts';

const root = join(import.meta.dirname, '..', '..');
const lines = readFileSync(join(root, 'data', 'sp500-daily-2000-2020.csv'), 'utf8').trim().split(/\r?\n/);
const head = lines[0].split(',');
const rows = lines.slice(1, 1601).map((l) => l.split(','));
const col = (name: string) => Float64Array.from(rows, (r) => Number(r[head.indexOf(name)]));
const time = Float64Array.from(rows, (r) => Date.parse(`${r[0]}T00:00:00Z`));
const base: BarColumns = { open: col('open'), high: col('high'), low: col('low'), close: col('close'), volume: col('volume'), time };

// The same bars with a NaN gap at 700 (all columns), to exercise the restart policy on both paths.
const gapped: BarColumns = Object.fromEntries(
  Object.entries(base).map(([k, v]) => {
    const a = Float64Array.from(v as Float64Array);
    if (k !== 'time') a[700] = NaN;
    return [k, a];
  }),
) as unknown as BarColumns;

/** The bars with NaN in single cells — edge rows the fast paths do not read in their main loop. */
function withNaN(cells: [keyof BarColumns, number][]): BarColumns {
  const c = Object.fromEntries(Object.entries(base).map(([k, v]) => [k, Float64Array.from(v as Float64Array)])) as unknown as Record<string, Float64Array>;
  for (const [k, i] of cells) c[k][i < 0 ? c[k].length + i : i] = NaN;
  return c as unknown as BarColumns;
}
const edgeNaN = withNaN([['high', 0], ['low', 1], ['close', -1], ['volume', 300], ['open', 5]]);

function bars(c: BarColumns): BarLike[] {
  return Array.from(c.close, (close, i) => ({ open: c.open![i], high: c.high![i], low: c.low![i], close, volume: c.volume![i], time: c.time![i] }));
}

function close(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  return Math.abs(a - b) <= Math.max(1e-12, 1e-14 * Math.abs(b));
}

describe('streaming and batch agree', () => {
  for (const def of INDICATORS) {
    for (const [label, cols] of [['sp500 1600 bars', base], ['with a NaN bar at 700', gapped], ['NaN in single cells: high[0], low[1], last close, volume[300]', edgeNaN]] as const) {
      it(`${def.id} (${label})`, () => {
        const p = resolveParams(def, {});
        const batch = def.batch(cols, p);
        const ind = def.create(p);
        const bs = bars(cols);
        let firstReady = -1;
        for (let i = 0; i < bs.length; i++) {
          const v = ind.update(bs[i]);
          expect(ind.isReady).toBe(v !== undefined);
          expect(ind.value).toBe(v);
          if (v !== undefined && firstReady < 0) firstReady = i;
          for (const o of def.outputs) {
            const s = v === undefined ? NaN : typeof v === 'number' ? v : v[o];
            const b = batch[o][i];
            // Streaming yields nothing until every output is ready; batch may fill some outputs earlier (e.g. the MACD line).
            if (v === undefined && !Number.isNaN(b)) continue;
            if (!close(s, b)) expect.fail(`${def.id}.${o} at ${i}: streaming ${s} vs batch ${b}`);
          }
        }
        if (cols === edgeNaN) return; // warm-up restarts after the NaN cells: the checks below assume clean early bars
        expect(firstReady).toBe(def.lookback(p));
        if (cols === base) {
          // Each batch output is NaN exactly before its own first bar, and defined from there on (no holes).
          const starts = def.outputLookbacks?.(p) ?? def.outputs.map(() => def.lookback(p));
          def.outputs.forEach((o, k) => {
            const col = batch[o];
            for (let i = 0; i < col.length; i++) {
              if (Number.isNaN(col[i]) !== i < starts[k]) expect.fail(`${def.id}.${o} at ${i}: ${col[i]} (first value expected at ${starts[k]})`);
            }
          });
        }
        ind.reset();
        expect(ind.isReady).toBe(false);
        expect(ind.value).toBeUndefined();
        // After reset the same bars give the same first values.
        for (let i = 0; i <= def.lookback(p); i++) ind.update(bs[i]);
        const again = ind.value;
        const first = def.outputs.map((o) => batch[o][def.lookback(p)]);
        const got = def.outputs.map((o) => (typeof again === 'number' ? again : again?.[o] ?? NaN));
        got.forEach((g, k) => expect(close(g, first[k])).toBe(true));
      });
    }
  }
});
