/**
 * The detectors. Each takes columns and returns findings by input row; none modifies data.
 * Policies are applied by run-quality.ts.
 */
import type { Columns, DataKind } from '../columns.ts';
import { missingSlots, type SessionCalendar } from '../calendar/sessions.ts';
import type { Finding } from './types.ts';

const iso = (t: number): string => (Number.isFinite(t) ? new Date(t).toISOString().replace('.000Z', 'Z') : String(t));

export function findOutOfOrder(time: Float64Array): Finding[] {
  const out: Finding[] = [];
  let max = -Infinity;
  for (let i = 0; i < time.length; i++) {
    if (time[i] < max) out.push({ row: i, time: time[i], message: `${iso(time[i])} comes after ${iso(max)}` });
    else max = time[i];
  }
  return out;
}

/**
 * Same timestamp as the previous in-order row. Identical rows and conflicting rows are told apart.
 * With `identicalOnly` (ticks: several quotes in one millisecond are normal) only exact repeats count.
 */
export function findDuplicates(cols: Columns, skip: Set<number>, identicalOnly = false): Finding[] {
  const out: Finding[] = [];
  const time = cols.time;
  const keys = Object.keys(cols);
  let prev = -1;
  for (let i = 0; i < time.length; i++) {
    if (skip.has(i)) continue;
    if (prev >= 0 && time[i] === time[prev]) {
      const same = keys.every((k) => Object.is(cols[k][i], cols[k][prev]));
      if (identicalOnly && !same) {
        prev = i;
        continue;
      }
      out.push({ row: i, time: time[i], message: `duplicate of row ${prev + 1} at ${iso(time[i])}${same ? ' (identical)' : ' (values differ)'}` });
      continue;
    }
    prev = i;
  }
  return out;
}

const PRICE_FIELDS: Record<DataKind, string[]> = { bars: ['open', 'high', 'low', 'close'], quotes: ['bid', 'ask'], trades: ['price'] };
const SIZE_FIELDS: Record<DataKind, string[]> = { bars: ['volume'], quotes: ['bidSize', 'askSize'], trades: ['size'] };

export function findNonPositive(kind: DataKind, cols: Columns): Finding[] {
  const out: Finding[] = [];
  const n = cols.time.length;
  for (let i = 0; i < n; i++) {
    for (const f of PRICE_FIELDS[kind]) {
      const v = cols[f][i];
      if (!(v > 0) || !Number.isFinite(v)) {
        out.push({ row: i, time: cols.time[i], message: `${f} is ${v}` });
        break;
      }
    }
    for (const f of SIZE_FIELDS[kind]) {
      const v = cols[f][i];
      if (v < 0 || Number.isNaN(v)) {
        out.push({ row: i, time: cols.time[i], message: `${f} is ${v}` });
        break;
      }
    }
  }
  return dedupeRows(out);
}

function dedupeRows(f: Finding[]): Finding[] {
  const seen = new Set<number>();
  return f.filter((x) => (seen.has(x.row) ? false : (seen.add(x.row), true)));
}

export function findOhlc(cols: Columns): Finding[] {
  const out: Finding[] = [];
  const { open, high, low, close, time } = cols;
  for (let i = 0; i < time.length; i++) {
    const o = open[i];
    const h = high[i];
    const l = low[i];
    const c = close[i];
    if (h < l) out.push({ row: i, time: time[i], message: `high ${h} is below low ${l}` });
    else if (h < Math.max(o, c)) out.push({ row: i, time: time[i], message: `high ${h} is below ${o > c ? `open ${o}` : `close ${c}`}` });
    else if (l > Math.min(o, c)) out.push({ row: i, time: time[i], message: `low ${l} is above ${o < c ? `open ${o}` : `close ${c}`}` });
  }
  return out;
}

export function findCrossed(cols: Columns): Finding[] {
  const out: Finding[] = [];
  const { bid, ask, time } = cols;
  for (let i = 0; i < time.length; i++) if (bid[i] > ask[i]) out.push({ row: i, time: time[i], message: `bid ${bid[i]} is above ask ${ask[i]}` });
  return out;
}

/** The series a spike/stale check looks at: close, mid or trade price. */
export function priceSeries(kind: DataKind, cols: Columns): Float64Array {
  if (kind === 'bars') return cols.close;
  if (kind === 'trades') return cols.price;
  const mid = new Float64Array(cols.time.length);
  for (let i = 0; i < mid.length; i++) mid[i] = (cols.bid[i] + cols.ask[i]) / 2;
  return mid;
}

/** Median by quickselect (Hoare), O(n) on a scratch copy: the spike check takes thousands of window medians. */
function median(a: Float64Array, inPlace = false): number {
  const n = a.length;
  if (n === 0) return NaN;
  const w = inPlace ? a : a.slice();
  const kth = (k: number): number => {
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const pivot = w[(lo + hi) >> 1];
      let i = lo;
      let j = hi;
      while (i <= j) {
        while (w[i] < pivot) i++;
        while (w[j] > pivot) j--;
        if (i <= j) {
          const t = w[i];
          w[i] = w[j];
          w[j] = t;
          i++;
          j--;
        }
      }
      if (k <= j) hi = j;
      else if (k >= i) lo = i;
      else return w[k];
    }
    return w[k];
  };
  if (n % 2) return kth((n - 1) / 2);
  const a1 = kth(n / 2 - 1);
  const a2 = kth(n / 2);
  return (a1 + a2) / 2;
}

/**
 * A spike is a price that jumps away and straight back: the return into row i and the return out of it are both
 * extreme and of opposite sign. Extreme = robust z-score 0.6745 (r - median) / MAD above `z`, with median and MAD
 * taken over the ~250 returns around the row (a local scale: a volatile month such as March 2020 raises the bar,
 * a calm one lowers it). A level shift (a real crash that stays down) is not a spike. Rows are considered in
 * `order` (indexes of rows still kept).
 */
export function findSpikes(price: Float64Array, time: Float64Array, order: number[], z: number, window = 250): Finding[] {
  const m = order.length;
  if (m < 10) return [];
  const r = new Float64Array(m - 1);
  for (let k = 1; k < m; k++) r[k - 1] = Math.log(price[order[k]] / price[order[k - 1]]);
  let nf = 0;
  const finite = new Float64Array(r.length);
  for (let i = 0; i < r.length; i++) if (Number.isFinite(r[i])) finite[nf++] = r[i];
  const fin = finite.subarray(0, nf);
  const globalMed = median(fin);
  const globalScale = robustScale(fin, globalMed);
  if (!(globalScale > 0)) return [];
  // Local median/scale per block of 125 returns, from the `window` returns centred on the block.
  const BLOCK = 125;
  const nb = Math.ceil(r.length / BLOCK);
  const med = new Float64Array(nb);
  const scale = new Float64Array(nb);
  const scratch = new Float64Array(window);
  for (let b = 0; b < nb; b++) {
    const c = b * BLOCK + BLOCK / 2;
    const lo = Math.max(0, Math.min(r.length - window, Math.floor(c - window / 2)));
    const hi = Math.min(r.length, lo + window);
    let n = 0;
    for (let i = lo; i < hi; i++) if (Number.isFinite(r[i])) scratch[n++] = r[i];
    const w = scratch.subarray(0, n);
    med[b] = n >= 20 ? median(w) : globalMed;
    // Floor at 1/20 of the global scale: a perfectly flat stretch must not turn every tick into a spike.
    scale[b] = Math.max(n >= 20 ? robustScale(w, med[b]) : globalScale, globalScale / 20);
  }
  const out: Finding[] = [];
  for (let k = 1; k < m - 1; k++) {
    const b1 = Math.floor((k - 1) / BLOCK);
    const b2 = Math.floor(k / BLOCK);
    const zin = (r[k - 1] - med[b1]) / scale[b1];
    const zout = (r[k] - med[b2]) / scale[b2];
    if (Math.abs(zin) > z && Math.abs(zout) > z && Math.sign(zin) !== Math.sign(zout)) {
      const i = order[k];
      out.push({ row: i, time: time[i], message: `price ${price[i]} jumps from ${price[order[k - 1]]} and back to ${price[order[k + 1]]} (robust z ${zin.toFixed(1)})` });
    }
  }
  return out;
}

/** MAD / 0.6745 (the normal-consistent scale); the mean absolute deviation when MAD is 0 (mostly flat data). */
function robustScale(a: Float64Array, med: number): number {
  const dev = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) dev[i] = Math.abs(a[i] - med);
  const mad = median(dev, true);
  if (mad > 0) return mad / 0.6745;
  let s = 0;
  for (const x of a) s += Math.abs(x - med);
  return (s / Math.max(1, a.length)) * 1.2533;
}

/** Runs of >= minRun rows where the price fields do not change; the finding points at the run's second row. */
export function findStale(kind: DataKind, cols: Columns, order: number[], minRun: number): Finding[] {
  const fields = kind === 'bars' ? ['open', 'high', 'low', 'close'] : ['bid', 'ask'];
  const out: Finding[] = [];
  const same = (a: number, b: number): boolean => fields.every((f) => cols[f][a] === cols[f][b]) && (kind !== 'bars' || (cols.open[b] === cols.close[b] && cols.high[b] === cols.low[b]));
  let start = 0;
  for (let k = 1; k <= order.length; k++) {
    if (k < order.length && same(order[k - 1], order[k])) continue;
    const len = k - start;
    if (len >= minRun) {
      const i = order[start + 1];
      out.push({ row: i, time: cols.time[i], length: len - 1, message: `price unchanged for ${len} rows from ${iso(cols.time[order[start]])} to ${iso(cols.time[order[k - 1]])}` });
    }
    start = k;
  }
  return out;
}

export function findZeroVolume(cols: Columns, order: number[], minRun: number): Finding[] {
  const v = cols.volume;
  const out: Finding[] = [];
  let start = -1;
  for (let k = 0; k <= order.length; k++) {
    const zero = k < order.length && v[order[k]] === 0;
    if (zero && start < 0) start = k;
    if (!zero && start >= 0) {
      const len = k - start;
      if (len >= minRun) out.push({ row: order[start], time: cols.time[order[start]], length: len, message: `${len} bars with zero volume from ${iso(cols.time[order[start]])}` });
      start = -1;
    }
  }
  return out;
}

export function findGaps(time: Float64Array, order: number[], step: number, cal: SessionCalendar): { findings: Finding[]; slots: number[][] } {
  const findings: Finding[] = [];
  const slots: number[][] = [];
  for (let k = 1; k < order.length; k++) {
    const a = time[order[k - 1]];
    const b = time[order[k]];
    if (b - a <= step) continue;
    const miss = missingSlots(cal, a, b, step);
    if (miss.length === 0) continue;
    findings.push({ row: order[k], time: b, length: miss.length, message: `${miss.length} bar(s) missing between ${iso(a)} and ${iso(b)}` });
    slots.push(miss);
  }
  return { findings, slots };
}

/** Median positive spacing of the timestamps: the bar interval when none is given. */
export function inferStep(time: Float64Array): number {
  const n = Math.min(time.length, 10_001);
  const d: number[] = [];
  for (let i = 1; i < n; i++) {
    const x = time[i] - time[i - 1];
    if (x > 0) d.push(x);
  }
  if (d.length === 0) return 0;
  d.sort((a, b) => a - b);
  return d[Math.floor(d.length / 2)];
}
