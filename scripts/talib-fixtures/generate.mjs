#!/usr/bin/env node
// Generates TA-Lib reference fixtures for shared/indicators/*.test.ts.
//
//   node scripts/talib-fixtures/generate.mjs [--cache DIR]
//
// TA-Lib itself is NOT a dependency of the project. The npm package `talib@2.0.5` ships prebuilt object files that
// fail to link here ("archive has no index; run ranlib"), so this script installs it with --ignore-scripts into a
// cache directory (default: $TMPDIR/aio-talib-2.0.5), removes the shipped objects (`clean`), rebuilds TA-Lib's C
// sources with make, and builds the Node binding with node-gyp against the local Node headers (--nodedir, so no
// download). Then it computes every TA-Lib-covered indicator on the real S&P 500 daily bars (data/) and on edge
// cases (constant prices, gaps, a series shorter than the period, a NaN in the input) and writes compact JSON to
// shared/indicators/fixtures/. Indicators TA-Lib lacks but that are compositions of TA-Lib functions (HMA, VWMA,
// Keltner, z-score, Ichimoku lines, TradingView's Stoch RSI) are composed here from TA-Lib outputs.
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const outDir = join(root, 'shared', 'indicators', 'fixtures');
const args = process.argv.slice(2);
const cache = args.includes('--cache') ? resolve(args[args.indexOf('--cache') + 1]) : join(tmpdir(), 'aio-talib-2.0.5');
const TALIB = 'talib@2.0.5';

function sh(cmd, cwd) {
  console.error(`[talib-fixtures] ${cwd}$ ${cmd}`);
  execSync(cmd, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
}

function loadTalib() {
  const pkgDir = join(cache, 'node_modules', 'talib');
  const binding = join(pkgDir, 'build', 'Release', 'talib.node');
  if (!existsSync(binding)) {
    mkdirSync(cache, { recursive: true });
    if (!existsSync(join(cache, 'package.json'))) writeFileSync(join(cache, 'package.json'), '{"name":"talib-cache","private":true}\n');
    sh(`npm install --no-audit --no-fund --ignore-scripts ${TALIB}`, cache);
    sh('rm -rf build', pkgDir);
    sh('node src/lib/clean.js', pkgDir); // removes the shipped .o/.a files that break the link
    sh('node src/lib/build.js', pkgDir); // make: TA-Lib's C library
    const gyp = join(execSync('npm root -g').toString().trim(), 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
    const gypCmd = existsSync(gyp) ? `node ${gyp}` : 'npx --yes node-gyp';
    // Local headers (/usr/include/node) so node-gyp does not try to download them.
    const nodedir = existsSync('/usr/include/node/common.gypi') ? ' --nodedir=/usr' : '';
    sh(`${gypCmd} configure${nodedir}`, pkgDir);
    sh(`${gypCmd} build${nodedir}`, pkgDir);
  }
  return createRequire(join(cache, 'package.json'))('talib');
}

const talib = loadTalib();

// ---------- data sets ----------
function readCsv(path) {
  const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const head = lines[0].split(',');
  const col = (name) => head.indexOf(name);
  const cols = { open: [], high: [], low: [], close: [], volume: [] };
  for (const line of lines.slice(1)) {
    const f = line.split(',');
    for (const k of Object.keys(cols)) cols[k].push(Number(f[col(k)]));
  }
  return cols;
}

/** Deterministic LCG so the synthetic edge-case data is reproducible. */
function lcg(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

function synthetic(n, seed, gapEvery = 0) {
  const r = lcg(seed);
  const d = { open: [], high: [], low: [], close: [], volume: [] };
  let c = 100;
  for (let i = 0; i < n; i++) {
    let o = c + (r() - 0.5) * 1;
    if (gapEvery && i > 0 && i % gapEvery === 0) o = c * (r() < 0.5 ? 0.8 : 1.25); // a price gap
    const cl = o + (r() - 0.5) * 4;
    const hi = Math.max(o, cl) + r() * 2;
    const lo = Math.min(o, cl) - r() * 2;
    const round = (x) => Math.round(x * 100) / 100;
    d.open.push(round(o));
    d.high.push(round(hi));
    d.low.push(round(lo));
    d.close.push(round(cl));
    d.volume.push(Math.round(1000 + r() * 9000));
    c = round(cl);
  }
  return d;
}

function constant(n) {
  return { open: Array(n).fill(100), high: Array(n).fill(100), low: Array(n).fill(100), close: Array(n).fill(100), volume: Array(n).fill(1000) };
}

const sp500 = readCsv(join(root, 'data', 'sp500-daily-2000-2020.csv'));
const gapsData = synthetic(160, 7, 25);
const nanData = synthetic(160, 11);
const NAN_AT = 80;
for (const k of ['open', 'high', 'low', 'close', 'volume']) nanData[k][NAN_AT] = NaN;
const shortData = synthetic(6, 3);
const constData = constant(80);

// ---------- TA-Lib calls ----------
function ta(name, data, opt, inputs = 'close') {
  const io = { name, startIdx: 0, endIdx: data.close.length - 1, ...opt };
  if (inputs === 'close') io.inReal = data.close;
  else if (inputs.series) io.inReal = inputs.series; // an explicit series
  else {
    for (const k of inputs) io[k] = data[k];
    if (name === 'OBV') io.inReal = data.close;
  }
  const r = talib.execute(io);
  if (r.error) throw new Error(`${name}: ${r.error}`);
  return r;
}

/** Places TA-Lib's compact output into a full-length array with NaN before begIndex. */
function full(r, out, n) {
  const a = new Array(n).fill(NaN);
  const v = r.result[out];
  for (let i = 0; i < r.nbElement; i++) a[r.begIndex + i] = v[i];
  return a;
}

const HLC = ['high', 'low', 'close'];
const HL = ['high', 'low'];

/**
 * Every case: a name, a description of the TA-Lib call(s), and a function from a data set (arrays) to full-length
 * output arrays (NaN where TA-Lib gives nothing).
 */
const cases = [
  { id: 'SMA_20', talib: 'SMA(close, timeperiod=20)', run: (d) => ({ value: full(ta('SMA', d, { optInTimePeriod: 20 }), 'outReal', d.close.length) }) },
  { id: 'SMA_3', talib: 'SMA(close, timeperiod=3)', run: (d) => ({ value: full(ta('SMA', d, { optInTimePeriod: 3 }), 'outReal', d.close.length) }) },
  { id: 'EMA_12', talib: 'EMA(close, timeperiod=12)', run: (d) => ({ value: full(ta('EMA', d, { optInTimePeriod: 12 }), 'outReal', d.close.length) }) },
  { id: 'WMA_20', talib: 'WMA(close, timeperiod=20)', run: (d) => ({ value: full(ta('WMA', d, { optInTimePeriod: 20 }), 'outReal', d.close.length) }) },
  { id: 'DEMA_10', talib: 'DEMA(close, timeperiod=10)', run: (d) => ({ value: full(ta('DEMA', d, { optInTimePeriod: 10 }), 'outReal', d.close.length) }) },
  { id: 'TEMA_10', talib: 'TEMA(close, timeperiod=10)', run: (d) => ({ value: full(ta('TEMA', d, { optInTimePeriod: 10 }), 'outReal', d.close.length) }) },
  { id: 'KAMA_10', talib: 'KAMA(close, timeperiod=10)', run: (d) => ({ value: full(ta('KAMA', d, { optInTimePeriod: 10 }), 'outReal', d.close.length) }) },
  { id: 'RSI_14', talib: 'RSI(close, timeperiod=14)', run: (d) => ({ value: full(ta('RSI', d, { optInTimePeriod: 14 }), 'outReal', d.close.length) }) },
  {
    id: 'STOCH_14_3_3', talib: 'STOCH(high, low, close, fastk_period=14, slowk_period=3, slowk_matype=SMA, slowd_period=3, slowd_matype=SMA)',
    run: (d) => {
      const r = ta('STOCH', d, { optInFastK_Period: 14, optInSlowK_Period: 3, optInSlowK_MAType: 0, optInSlowD_Period: 3, optInSlowD_MAType: 0 }, HLC);
      return { k: full(r, 'outSlowK', d.close.length), d: full(r, 'outSlowD', d.close.length) };
    },
  },
  {
    id: 'STOCHF_14_3', talib: 'STOCHF(high, low, close, fastk_period=14, fastd_period=3, fastd_matype=SMA)',
    run: (d) => {
      const r = ta('STOCHF', d, { optInFastK_Period: 14, optInFastD_Period: 3, optInFastD_MAType: 0 }, HLC);
      return { k: full(r, 'outFastK', d.close.length), d: full(r, 'outFastD', d.close.length) };
    },
  },
  {
    id: 'STOCHRSI_14_14_3', talib: 'STOCHRSI(close, timeperiod=14, fastk_period=14, fastd_period=3, fastd_matype=SMA)',
    run: (d) => {
      const r = ta('STOCHRSI', d, { optInTimePeriod: 14, optInFastK_Period: 14, optInFastD_Period: 3, optInFastD_MAType: 0 });
      return { k: full(r, 'outFastK', d.close.length), d: full(r, 'outFastD', d.close.length) };
    },
  },
  {
    id: 'STOCHRSI_TV_14_14_3_3',
    talib: "TradingView's Stoch RSI composed from TA-Lib: r = RSI(close, 14); STOCH(r, r, r, fastk_period=14, slowk_period=3, slowk_matype=SMA, slowd_period=3, slowd_matype=SMA)",
    run: (d) => {
      const n = d.close.length;
      const r = ta('RSI', d, { optInTimePeriod: 14 });
      const k = new Array(n).fill(NaN);
      const dd = new Array(n).fill(NaN);
      if (r.nbElement > 0) {
        const s = r.result.outReal;
        const st = talib.execute({ name: 'STOCH', startIdx: 0, endIdx: s.length - 1, high: s, low: s, close: s, optInFastK_Period: 14, optInSlowK_Period: 3, optInSlowK_MAType: 0, optInSlowD_Period: 3, optInSlowD_MAType: 0 });
        for (let i = 0; i < st.nbElement; i++) {
          k[r.begIndex + st.begIndex + i] = st.result.outSlowK[i];
          dd[r.begIndex + st.begIndex + i] = st.result.outSlowD[i];
        }
      }
      return { k, d: dd };
    },
  },
  {
    id: 'MACD_12_26_9', talib: 'MACD(close, fastperiod=12, slowperiod=26, signalperiod=9)',
    run: (d) => {
      const r = ta('MACD', d, { optInFastPeriod: 12, optInSlowPeriod: 26, optInSignalPeriod: 9 });
      const n = d.close.length;
      return { macd: full(r, 'outMACD', n), signal: full(r, 'outMACDSignal', n), histogram: full(r, 'outMACDHist', n) };
    },
  },
  {
    id: 'BBANDS_20_2', talib: 'BBANDS(close, timeperiod=20, nbdevup=2, nbdevdn=2, matype=SMA)',
    run: (d) => {
      const r = ta('BBANDS', d, { optInTimePeriod: 20, optInNbDevUp: 2, optInNbDevDn: 2, optInMAType: 0 });
      const n = d.close.length;
      return { upper: full(r, 'outRealUpperBand', n), middle: full(r, 'outRealMiddleBand', n), lower: full(r, 'outRealLowerBand', n) };
    },
  },
  { id: 'ATR_14', talib: 'ATR(high, low, close, timeperiod=14)', run: (d) => ({ value: full(ta('ATR', d, { optInTimePeriod: 14 }, HLC), 'outReal', d.close.length) }) },
  { id: 'NATR_14', talib: 'NATR(high, low, close, timeperiod=14)', run: (d) => ({ value: full(ta('NATR', d, { optInTimePeriod: 14 }, HLC), 'outReal', d.close.length) }) },
  {
    id: 'ADX_14', talib: 'ADX, PLUS_DI, MINUS_DI (high, low, close, timeperiod=14)',
    run: (d) => {
      const n = d.close.length;
      return {
        adx: full(ta('ADX', d, { optInTimePeriod: 14 }, HLC), 'outReal', n),
        plusDI: full(ta('PLUS_DI', d, { optInTimePeriod: 14 }, HLC), 'outReal', n),
        minusDI: full(ta('MINUS_DI', d, { optInTimePeriod: 14 }, HLC), 'outReal', n),
      };
    },
  },
  { id: 'CCI_20', talib: 'CCI(high, low, close, timeperiod=20)', run: (d) => ({ value: full(ta('CCI', d, { optInTimePeriod: 20 }, HLC), 'outReal', d.close.length) }) },
  { id: 'MFI_14', talib: 'MFI(high, low, close, volume, timeperiod=14)', run: (d) => ({ value: full(ta('MFI', d, { optInTimePeriod: 14 }, [...HLC, 'volume']), 'outReal', d.close.length) }) },
  { id: 'OBV', talib: 'OBV(close, volume)', run: (d) => ({ value: full(ta('OBV', d, {}, ['close', 'volume']), 'outReal', d.close.length) }) },
  { id: 'WILLR_14', talib: 'WILLR(high, low, close, timeperiod=14)', run: (d) => ({ value: full(ta('WILLR', d, { optInTimePeriod: 14 }, HLC), 'outReal', d.close.length) }) },
  { id: 'ROC_10', talib: 'ROC(close, timeperiod=10)', run: (d) => ({ value: full(ta('ROC', d, { optInTimePeriod: 10 }), 'outReal', d.close.length) }) },
  { id: 'MOM_10', talib: 'MOM(close, timeperiod=10)', run: (d) => ({ value: full(ta('MOM', d, { optInTimePeriod: 10 }), 'outReal', d.close.length) }) },
  {
    id: 'AROON_14', talib: 'AROON(high, low, timeperiod=14) and AROONOSC(high, low, timeperiod=14)',
    run: (d) => {
      const n = d.close.length;
      const r = ta('AROON', d, { optInTimePeriod: 14 }, HL);
      return { up: full(r, 'outAroonUp', n), down: full(r, 'outAroonDown', n), osc: full(ta('AROONOSC', d, { optInTimePeriod: 14 }, HL), 'outReal', n) };
    },
  },
  { id: 'SAR_0.02_0.2', talib: 'SAR(high, low, acceleration=0.02, maximum=0.2)', run: (d) => ({ value: full(ta('SAR', d, { optInAcceleration: 0.02, optInMaximum: 0.2 }, HL), 'outReal', d.close.length) }) },
  { id: 'STDDEV_20', talib: 'STDDEV(close, timeperiod=20, nbdev=1)', run: (d) => ({ value: full(ta('STDDEV', d, { optInTimePeriod: 20, optInNbDev: 1 }), 'outReal', d.close.length) }) },
  { id: 'LINEARREG_SLOPE_14', talib: 'LINEARREG_SLOPE(close, timeperiod=14)', run: (d) => ({ value: full(ta('LINEARREG_SLOPE', d, { optInTimePeriod: 14 }), 'outReal', d.close.length) }) },
  {
    id: 'DONCHIAN_20', talib: 'Donchian channel from TA-Lib: upper = MAX(high, 20), lower = MIN(low, 20), middle = MIDPRICE(high, low, 20)',
    run: (d) => {
      const n = d.close.length;
      return {
        upper: full(ta('MAX', d, { optInTimePeriod: 20 }, { series: d.high }), 'outReal', n),
        lower: full(ta('MIN', d, { optInTimePeriod: 20 }, { series: d.low }), 'outReal', n),
        middle: full(ta('MIDPRICE', d, { optInTimePeriod: 20 }, HL), 'outReal', n),
      };
    },
  },
  {
    id: 'HMA_16', talib: 'Hull MA composed from TA-Lib: raw = 2*WMA(close, 8) - WMA(close, 16); WMA(raw, 4)',
    run: (d) => {
      const n = d.close.length;
      const a = full(ta('WMA', d, { optInTimePeriod: 8 }), 'outReal', n);
      const b = full(ta('WMA', d, { optInTimePeriod: 16 }), 'outReal', n);
      const raw = [];
      for (let i = 15; i < n; i++) raw.push(2 * a[i] - b[i]);
      const out = new Array(n).fill(NaN);
      if (raw.length >= 4) {
        const r = talib.execute({ name: 'WMA', startIdx: 0, endIdx: raw.length - 1, inReal: raw, optInTimePeriod: 4 });
        for (let i = 0; i < r.nbElement; i++) out[15 + r.begIndex + i] = r.result.outReal[i];
      }
      return { value: out };
    },
  },
  {
    id: 'VWMA_20', talib: 'VWMA composed from TA-Lib: SUM(close*volume, 20) / SUM(volume, 20)',
    run: (d) => {
      const n = d.close.length;
      const pv = d.close.map((c, i) => c * d.volume[i]);
      const a = full(ta('SUM', d, { optInTimePeriod: 20 }, { series: pv }), 'outReal', n);
      const b = full(ta('SUM', d, { optInTimePeriod: 20 }, { series: d.volume }), 'outReal', n);
      return { value: a.map((x, i) => x / b[i]) };
    },
  },
  {
    id: 'KELTNER_20_10_2', talib: 'Keltner channel composed from TA-Lib: middle = EMA(close, 20), upper/lower = middle +/- 2*ATR(high, low, close, 10)',
    run: (d) => {
      const n = d.close.length;
      const m = full(ta('EMA', d, { optInTimePeriod: 20 }), 'outReal', n);
      const a = full(ta('ATR', d, { optInTimePeriod: 10 }, HLC), 'outReal', n);
      return { upper: m.map((x, i) => x + 2 * a[i]), middle: m, lower: m.map((x, i) => x - 2 * a[i]) };
    },
  },
  {
    id: 'ZSCORE_20', talib: 'z-score composed from TA-Lib: (close - SMA(close, 20)) / STDDEV(close, 20, 1)',
    run: (d) => {
      const n = d.close.length;
      const m = full(ta('SMA', d, { optInTimePeriod: 20 }), 'outReal', n);
      const s = full(ta('STDDEV', d, { optInTimePeriod: 20, optInNbDev: 1 }), 'outReal', n);
      return { value: d.close.map((c, i) => (s[i] > 0 ? (c - m[i]) / s[i] : Number.isNaN(s[i]) ? NaN : 0)) };
    },
  },
  {
    id: 'ICHIMOKU_9_26_52', talib: 'Ichimoku lines from TA-Lib MIDPRICE: tenkan = MIDPRICE(9), kijun = MIDPRICE(26), leadA = (tenkan+kijun)/2, leadB = MIDPRICE(52)',
    run: (d) => {
      const n = d.close.length;
      const t = full(ta('MIDPRICE', d, { optInTimePeriod: 9 }, HL), 'outReal', n);
      const k = full(ta('MIDPRICE', d, { optInTimePeriod: 26 }, HL), 'outReal', n);
      const b = full(ta('MIDPRICE', d, { optInTimePeriod: 52 }, HL), 'outReal', n);
      return { tenkan: t, kijun: k, leadA: t.map((x, i) => (x + k[i]) / 2), leadB: b };
    },
  },
];

// ---------- storage ----------
const num = (x) => (Number.isFinite(x) ? x : null);

/** Full aligned arrays (null = no value) for small data sets. */
function storeFull(outputs) {
  const o = {};
  for (const [k, v] of Object.entries(outputs)) o[k] = [{ from: 0, values: v.map(num) }];
  return o;
}

/** For the long series: the first HEAD values after warm-up and the last TAIL values. */
const HEAD = 300;
const TAIL = 400;
function storeWindows(outputs) {
  const o = {};
  for (const [k, v] of Object.entries(outputs)) {
    const first = v.findIndex((x) => Number.isFinite(x));
    const segs = [];
    if (first >= 0) {
      const headEnd = Math.min(v.length, first + HEAD);
      segs.push({ from: first, values: v.slice(first, headEnd).map(num) });
      const tailFrom = Math.max(headEnd, v.length - TAIL);
      if (tailFrom < v.length) segs.push({ from: tailFrom, values: v.slice(tailFrom).map(num) });
    }
    o[k] = segs;
  }
  return o;
}

/** TA-Lib propagates NaN; the library's policy is to restart after a NaN, i.e. TA-Lib on each piece. */
function piecewise(run, d, at) {
  const n = d.close.length;
  const slice = (a, b) => Object.fromEntries(Object.entries(d).map(([k, v]) => [k, v.slice(a, b)]));
  const a = run(slice(0, at));
  const b = run(slice(at + 1, n));
  const o = {};
  for (const k of Object.keys(a)) o[k] = [...a[k], NaN, ...b[k]];
  return o;
}

const datasets = [
  { name: 'sp500', file: 'talib-sp500.json', note: 'data/sp500-daily-2000-2020.csv (5,105 real daily bars); values stored for the first 300 bars after warm-up and the last 400', data: sp500, store: (c) => storeWindows(c.run(sp500)), inline: false },
  { name: 'constant', note: '80 bars, every price 100, volume 1000', data: constData, store: (c) => storeFull(c.run(constData)), inline: true },
  { name: 'gaps', note: '160 synthetic bars (seeded LCG) with a 20% down or 25% up opening gap every 25 bars', data: gapsData, store: (c) => storeFull(c.run(gapsData)), inline: true },
  { name: 'short', note: '6 bars: shorter than every default period', data: shortData, store: (c) => storeFull(c.run(shortData)), inline: true },
  { name: 'nan', note: `160 synthetic bars with NaN in every column at index ${NAN_AT}; expected = TA-Lib on each side of the NaN (the library restarts after a NaN)`, data: nanData, store: (c) => storeFull(piecewise(c.run, nanData, NAN_AT)), inline: true },
];

mkdirSync(outDir, { recursive: true });
const meta = { generator: 'scripts/talib-fixtures/generate.mjs', talib: `npm ${TALIB} (TA-Lib C ${talibVersion()})`, format: 'outputs[name] = segments [{from: bar index, values: (number|null)[]}]; null = TA-Lib gives no value' };
const sp = datasets[0];
writeFileSync(join(outDir, sp.file), JSON.stringify({ ...meta, dataset: sp.name, note: sp.note, cases: cases.map((c) => ({ id: c.id, talib: c.talib, outputs: sp.store(c) })) }));
const edge = datasets.slice(1).map((ds) => ({
  dataset: ds.name,
  note: ds.note,
  bars: { open: ds.data.open.map(num), high: ds.data.high.map(num), low: ds.data.low.map(num), close: ds.data.close.map(num), volume: ds.data.volume.map(num) },
  cases: cases.map((c) => ({ id: c.id, talib: c.talib, outputs: ds.store(c) })),
}));
writeFileSync(join(outDir, 'talib-edge.json'), JSON.stringify({ ...meta, datasets: edge }));
console.error(`[talib-fixtures] wrote ${cases.length} cases to ${outDir}`);

function talibVersion() {
  try {
    const src = readFileSync(join(cache, 'node_modules', 'talib', 'src', 'lib', 'src', 'ta_common', 'ta_version.c'), 'utf8');
    const g = (k) => (src.match(new RegExp(`#define ${k}\\s+"([^"]*)"`)) || [])[1];
    return [g('MAJOR'), g('MINOR'), g('BUILD')].filter(Boolean).join('.') || 'unknown';
  } catch {
    return 'unknown';
  }
}
