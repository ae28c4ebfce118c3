/**
 * `npm run bench:indicators`: this library's batch CPU path vs three JS peers on the same bars, one run.
 *
 * Data: BENCH_BARS (default 1,000,000) synthetic daily-like bars from a seeded random walk (sfc32-free LCG so the
 * numbers are the same on every machine). Each indicator runs with the same parameters everywhere. Peers:
 * - trading-signals 8 (its classes take plain numbers — v8 has no separate Faster* classes, the number-only
 *   classes ARE the fast path), fed one pre-built candle object per bar;
 * - technicalindicators 3 (`X.calculate({...})` over plain arrays);
 * - @ixjb94/indicators 1.2 (`IndicatorsSync`, plain arrays).
 * Inputs for peers are converted to their native shapes before timing. Time = best of BENCH_REPS (default 5) interleaved
 * runs after up to ten warm-up runs (2 s cap), in ms of CPU time. ratio = fastest peer time / our time (>= 2 is the target).
 * stdout: ONE JSON line {"bench":"indicators", ...}; a readable table goes to stderr.
 */
import { cpus } from 'node:os';
import * as TS from 'trading-signals';
import * as TI from 'technicalindicators';
import { IndicatorsSync } from '@ixjb94/indicators';
import { computeBatch, INDICATORS } from '../shared/indicators/index.ts';
import type { BarColumns } from '../shared/indicators/index.ts';

const N = Number(process.env.BENCH_BARS ?? 1_000_000);
const REPS = Number(process.env.BENCH_REPS ?? 5);
const ONLY = process.env.BENCH_ONLY?.split(',');

// ---------- data ----------
function makeBars(n: number): BarColumns {
  let s = 12345 >>> 0;
  const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
  const open = new Float64Array(n), high = new Float64Array(n), low = new Float64Array(n), close = new Float64Array(n), volume = new Float64Array(n), time = new Float64Array(n);
  let c = 1000;
  for (let i = 0; i < n; i++) {
    const o = c * (1 + (rnd() - 0.5) * 0.004);
    c = o * (1 + (rnd() - 0.5) * 0.02);
    open[i] = o;
    close[i] = c;
    high[i] = Math.max(o, c) * (1 + rnd() * 0.005);
    low[i] = Math.min(o, c) * (1 - rnd() * 0.005);
    volume[i] = Math.round(1e5 + rnd() * 1e6);
    time[i] = Date.UTC(2000, 0, 1) + i * 3_600_000; // hourly bars: 24 per session for VWAP
  }
  return { open, high, low, close, volume, time };
}

const cols = makeBars(N);
const A = { open: Array.from(cols.open!), high: Array.from(cols.high!), low: Array.from(cols.low!), close: Array.from(cols.close), volume: Array.from(cols.volume!) };
type Candle = { open: number; high: number; low: number; close: number; volume: number };
/**
 * trading-signals takes one candle object per bar. A million of them in the heap make every major GC slow, and
 * typed-array outputs (ours) trigger major GCs through external-memory pressure, so the candles exist only in a
 * second phase that times the candle-fed trading-signals cases; everything else runs (interleaved) without them.
 */
let candles: Candle[] = [];
const ix = new IndicatorsSync();

/** Feeds every bar to a trading-signals indicator (update(x, false)); returns the last result to keep it live. */
function tsRun<T>(ind: { update(x: T, replace: boolean): unknown }, inputs: readonly T[]): unknown {
  let r: unknown;
  for (let i = 0; i < inputs.length; i++) r = ind.update(inputs[i], false);
  return r;
}

type Peers = Partial<Record<'trading-signals' | 'technicalindicators' | '@ixjb94/indicators', () => unknown>>;
const usesCandles = (fn: () => unknown): boolean => fn.toString().includes('candles');

/**
 * Same parameters for everyone: ours via the registry; peers where they have the indicator. `notes` says where a
 * peer computes less than ours (fewer outputs or inputs); it is reported in the JSON as peer_notes, and the ratio is
 * still fastest peer time / ours as measured (not adjusted for the peer's smaller job).
 */
const CASES: { id: string; params: Record<string, number>; peers: Peers; notes?: string }[] = [
  { id: 'sma', params: { period: 20 }, peers: { 'trading-signals': () => tsRun(new TS.SMA(20), A.close), technicalindicators: () => TI.SMA.calculate({ period: 20, values: A.close }), '@ixjb94/indicators': () => ix.sma(A.close, 20) } },
  { id: 'ema', params: { period: 20 }, peers: { 'trading-signals': () => tsRun(new TS.EMA(20), A.close), technicalindicators: () => TI.EMA.calculate({ period: 20, values: A.close }), '@ixjb94/indicators': () => ix.ema(A.close, 20) } },
  { id: 'wma', params: { period: 20 }, peers: { 'trading-signals': () => tsRun(new TS.WMA(20), A.close), technicalindicators: () => TI.WMA.calculate({ period: 20, values: A.close }), '@ixjb94/indicators': () => ix.wma(A.close, 20) } },
  { id: 'dema', params: { period: 20 }, peers: { 'trading-signals': () => tsRun(new TS.DEMA(20), A.close), '@ixjb94/indicators': () => ix.dema(A.close, 20) } },
  { id: 'tema', params: { period: 20 }, peers: { 'trading-signals': () => tsRun(new TS.TEMA(20), A.close), '@ixjb94/indicators': () => ix.tema(A.close, 20) } },
  { id: 'hma', params: { period: 16 }, peers: { 'trading-signals': () => tsRun(new TS.HMA(16), A.close), '@ixjb94/indicators': () => ix.hma(A.close, 16) } },
  { id: 'kama', params: { period: 10 }, peers: { 'trading-signals': () => tsRun(new TS.KAMA(10), A.close), '@ixjb94/indicators': () => ix.kama(A.close, 10) } },
  { id: 'vwma', params: { period: 20 }, peers: { 'trading-signals': () => tsRun(new TS.VWMA(20), candles), '@ixjb94/indicators': () => ix.vwma(A.close, A.volume, 20) } },
  { id: 'rsi', params: { period: 14 }, peers: { 'trading-signals': () => tsRun(new TS.RSI(14), A.close), technicalindicators: () => TI.RSI.calculate({ period: 14, values: A.close }), '@ixjb94/indicators': () => ix.rsi(A.close, 14) } },
  {
    id: 'stoch', params: { kPeriod: 14, kSmooth: 3, dPeriod: 3 },
    peers: {
      'trading-signals': () => tsRun(new TS.StochasticOscillator({ kPeriod: 14, kSlowingPeriod: 3, dPeriod: 3 }), candles),
      technicalindicators: () => TI.Stochastic.calculate({ high: A.high, low: A.low, close: A.close, period: 14, signalPeriod: 3 }),
      '@ixjb94/indicators': () => ix.stoch(A.high, A.low, A.close, 14, 3, 3),
    },
  },
  {
    id: 'stochrsi', params: { rsiPeriod: 14, stochPeriod: 14, kSmooth: 3, dSmooth: 3 },
    peers: {
      'trading-signals': () => tsRun(new TS.StochasticRSI(14), A.close),
      technicalindicators: () => TI.StochasticRSI.calculate({ values: A.close, rsiPeriod: 14, stochasticPeriod: 14, kPeriod: 3, dPeriod: 3 }),
      '@ixjb94/indicators': () => ix.stochrsi(A.close, 14),
    },
    notes: '@ixjb94/indicators stochrsi returns only the unsmoothed raw %K (one output, no %K or %D SMA); ours and the other peers compute raw %K, %K = SMA(3) and %D = SMA(3)',
  },
  {
    id: 'macd', params: { fast: 12, slow: 26, signal: 9 },
    peers: {
      'trading-signals': () => tsRun(new TS.MACD(new TS.EMA(12), new TS.EMA(26), new TS.EMA(9)), A.close),
      technicalindicators: () => TI.MACD.calculate({ values: A.close, fastPeriod: 12, slowPeriod: 26, signalPeriod: 9, SimpleMAOscillator: false, SimpleMASignal: false }),
      '@ixjb94/indicators': () => ix.macd(A.close, 12, 26, 9),
    },
  },
  { id: 'bbands', params: { period: 20, mult: 2 }, peers: { 'trading-signals': () => tsRun(new TS.BollingerBands(20, 2), A.close), technicalindicators: () => TI.BollingerBands.calculate({ period: 20, stdDev: 2, values: A.close }), '@ixjb94/indicators': () => ix.bbands(A.close, 20, 2) } },
  {
    id: 'keltner', params: { period: 20, mult: 2, atrPeriod: 10 },
    peers: {
      'trading-signals': () => tsRun(new TS.KeltnerChannels({ emaInterval: 20, atrInterval: 10, multiplier: 2 }), candles),
      technicalindicators: () => TI.KeltnerChannels.calculate({ high: A.high, low: A.low, close: A.close, maPeriod: 20, atrPeriod: 10, useSMA: false, multiplier: 2 }),
      '@ixjb94/indicators': () => ix.kc(A.high, A.low, A.close, 20, 2),
    },
  },
  { id: 'donchian', params: { period: 20 }, peers: { 'trading-signals': () => tsRun(new TS.DonchianChannels(20), candles), '@ixjb94/indicators': () => ix.dc(A.high, A.low, 20) } },
  { id: 'atr', params: { period: 14 }, peers: { 'trading-signals': () => tsRun(new TS.ATR(14), candles), technicalindicators: () => TI.ATR.calculate({ high: A.high, low: A.low, close: A.close, period: 14 }), '@ixjb94/indicators': () => ix.atr(A.high, A.low, A.close, 14) } },
  { id: 'natr', params: { period: 14 }, peers: { 'trading-signals': () => tsRun(new TS.NATR(14), candles), '@ixjb94/indicators': () => ix.natr(A.high, A.low, A.close, 14) } },
  {
    id: 'adx', params: { period: 14 }, peers: { 'trading-signals': () => tsRun(new TS.ADX(14), candles), technicalindicators: () => TI.ADX.calculate({ high: A.high, low: A.low, close: A.close, period: 14 }), '@ixjb94/indicators': () => ix.adx(A.high, A.low, 14) },
    notes: 'ours is TA-Lib ADX: the ADX column only (like @ixjb94/indicators adx and trading-signals ADX), still reading the close for the true range TA-Lib tests for ~0; @ixjb94/indicators reads only high and low; technicalindicators also returns +DI and -DI. Three columns are the dmi case',
  },
  {
    id: 'dmi', params: { period: 14 }, peers: {
      'trading-signals': () => tsRun(new TS.ADX(14), candles),
      technicalindicators: () => TI.ADX.calculate({ high: A.high, low: A.low, close: A.close, period: 14 }),
      '@ixjb94/indicators': () => [ix.di(A.high, A.low, A.close, 14), ix.adx(A.high, A.low, 14)],
    },
    notes: 'ours writes +DI, -DI and ADX (TA-Lib PLUS_DI, MINUS_DI, ADX); technicalindicators returns all three; trading-signals ADX computes +DI/-DI on every update but returns only the ADX (the DIs are getters of the last bar); @ixjb94/indicators is its di (+DI, -DI) plus its adx',
  },
  { id: 'cci', params: { period: 20 }, peers: { 'trading-signals': () => tsRun(new TS.CCI(20), candles), technicalindicators: () => TI.CCI.calculate({ high: A.high, low: A.low, close: A.close, period: 20 }), '@ixjb94/indicators': () => ix.cci(A.high, A.low, A.close, 20)  }, notes: 'same outputs everywhere (@ixjb94/indicators starts at bar 2*period-2 instead of period-1: 19 of 1M bars, negligible)' },
  { id: 'mfi', params: { period: 14 }, peers: { 'trading-signals': () => tsRun(new TS.MFI(14), candles), technicalindicators: () => TI.MFI.calculate({ high: A.high, low: A.low, close: A.close, volume: A.volume, period: 14 }), '@ixjb94/indicators': () => ix.mfi(A.high, A.low, A.close, A.volume, 14) } },
  { id: 'obv', params: {}, peers: { 'trading-signals': () => tsRun(new TS.OBV(2), candles), technicalindicators: () => TI.OBV.calculate({ close: A.close, volume: A.volume }), '@ixjb94/indicators': () => ix.obv(A.close, A.volume) } },
  { id: 'vwap', params: { anchor: 3 }, peers: { 'trading-signals': () => tsRun(new TS.VWAP(), candles), technicalindicators: () => TI.VWAP.calculate({ high: A.high, low: A.low, close: A.close, volume: A.volume }) } },
  { id: 'willr', params: { period: 14 }, peers: { 'trading-signals': () => tsRun(new TS.WilliamsR(14), candles), technicalindicators: () => TI.WilliamsR.calculate({ high: A.high, low: A.low, close: A.close, period: 14 }), '@ixjb94/indicators': () => ix.willr(A.high, A.low, A.close, 14) } },
  { id: 'roc', params: { period: 10 }, peers: { 'trading-signals': () => tsRun(new TS.ROC(10), A.close), technicalindicators: () => TI.ROC.calculate({ period: 10, values: A.close }), '@ixjb94/indicators': () => ix.roc(A.close, 10) } },
  { id: 'mom', params: { period: 10 }, peers: { 'trading-signals': () => tsRun(new TS.MOM(10), A.close), '@ixjb94/indicators': () => ix.mom(A.close, 10) } },
  { id: 'aroon', params: { period: 14 }, peers: { 'trading-signals': () => tsRun(new TS.Aroon(14), candles), '@ixjb94/indicators': () => ix.aroon(A.high, A.low, 14)  }, notes: '@ixjb94/indicators aroon returns up and down only (no oscillator column); ours also writes osc = up - down' },
  { id: 'psar', params: { step: 0.02, max: 0.2 }, peers: { 'trading-signals': () => tsRun(new TS.PSAR({ accelerationStep: 0.02, accelerationMax: 0.2 }), candles), technicalindicators: () => TI.PSAR.calculate({ high: A.high, low: A.low, step: 0.02, max: 0.2 }), '@ixjb94/indicators': () => ix.psar(A.high, A.low, 0.02, 0.2) } },
  {
    id: 'ichimoku', params: { tenkan: 9, kijun: 26, senkouB: 52, displacement: 26 },
    peers: {
      'trading-signals': () => tsRun(new TS.IchimokuCloud({ conversionInterval: 9, baseInterval: 26, spanBInterval: 52 }), candles),
      technicalindicators: () => TI.IchimokuCloud.calculate({ high: A.high, low: A.low, conversionPeriod: 9, basePeriod: 26, spanPeriod: 52, displacement: 26 }),
    },
  },
  { id: 'supertrend', params: { atrPeriod: 10, factor: 3 }, peers: { 'trading-signals': () => tsRun(new TS.SuperTrend({ interval: 10, multiplier: 3 }), candles) } },
  { id: 'stddev', params: { period: 20 }, peers: { technicalindicators: () => TI.SD.calculate({ period: 20, values: A.close }), '@ixjb94/indicators': () => ix.stddev(A.close, 20) } },
  { id: 'zscore', params: { period: 20 }, peers: {} },
  { id: 'linregslope', params: { period: 14 }, peers: { '@ixjb94/indicators': () => ix.linregslope(A.close, 14) } },
];

/**
 * The machine is shared (2 cores, other processes running), so time is the process's CPU time (user + system,
 * process.cpuUsage) rather than wall time, which mostly counts waiting for a core; contestants run interleaved —
 * every round runs ours and every peer, in a rotating order — and each keeps its best over the rounds.
 */
function timeAll(fns: Record<string, () => unknown>, reps: number): Record<string, number> {
  const best: Record<string, number> = {};
  for (const [k, fn] of Object.entries(fns)) {
    try {
      // Warm-up: up to ten runs (at most ~2 s), so the optimising compiler — a background thread, slow to get a core
      // on a loaded machine, and sometimes re-optimising after a deopt — is done before timing; the same for everyone.
      const t0 = performance.now();
      for (let w = 0; w < 10 && performance.now() - t0 < 2000; w++) fn();
      best[k] = Infinity;
    } catch (e) {
      best[k] = NaN;
      process.stderr.write(`[bench] ${k} failed: ${(e as Error).message}\n`);
    }
  }
  const entries = Object.entries(fns);
  for (let r = 0; r < reps; r++) {
    // Rotate the order each round: a GC triggered by one contestant's allocation also collects the garbage of those
    // before it, so no one is always the one who pays; each keeps its best round.
    const order = entries.slice(r % entries.length).concat(entries.slice(0, r % entries.length));
    for (const [k, fn] of order) {
      if (Number.isNaN(best[k])) continue;
      const t0 = process.cpuUsage();
      fn();
      const d = process.cpuUsage(t0);
      best[k] = Math.min(best[k], (d.user + d.system) / 1000);
    }
  }
  return best;
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const results: Record<string, unknown>[] = [];
const missing = INDICATORS.map((d) => d.id).filter((id) => !CASES.some((c) => c.id === id));
if (missing.length) throw new Error(`bench has no case for: ${missing.join(', ')}`);

const selected = CASES.filter((c) => !ONLY || ONLY.includes(c.id));
const times = new Map<string, Record<string, number>>();
// Phase 1: ours and every peer that takes arrays or numbers, interleaved.
for (const c of selected) {
  const fns: Record<string, () => unknown> = { ours: () => computeBatch(c.id, cols, c.params) };
  for (const [name, fn] of Object.entries(c.peers)) if (!usesCandles(fn)) fns[name] = fn;
  times.set(c.id, timeAll(fns, REPS));
}
// Phase 2: the candle-fed trading-signals cases.
candles = A.close.map((close, i) => ({ open: A.open[i], high: A.high[i], low: A.low[i], close, volume: A.volume[i] }));
for (const c of selected) {
  const fns: Record<string, () => unknown> = {};
  for (const [name, fn] of Object.entries(c.peers)) if (usesCandles(fn)) fns[name] = fn;
  if (Object.keys(fns).length) Object.assign(times.get(c.id)!, timeAll(fns, REPS));
}
candles = [];

for (const c of selected) {
  const t = times.get(c.id)!;
  const ours = t.ours;
  const peers: Record<string, number> = {};
  for (const name of Object.keys(c.peers)) peers[name] = round(t[name]);
  const entries = Object.entries(peers).filter(([, v]) => Number.isFinite(v));
  const fastest = entries.sort((a, b) => a[1] - b[1])[0];
  const ratio = fastest ? round(fastest[1] / ours) : null;
  results.push({ id: c.id, params: c.params, ours_ms: round(ours), peers_ms: peers, fastest_peer: fastest?.[0] ?? null, ratio, ...(c.notes ? { peer_notes: c.notes } : {}) });
  process.stderr.write(`${c.id.padEnd(12)} ours ${round(ours).toFixed(2).padStart(8)} ms  ${Object.entries(peers).map(([k, v]) => `${k} ${v}`).join('  ')}  ratio ${ratio ?? '-'}\n`);
}

const ratios = results.map((r) => r.ratio).filter((r): r is number => typeof r === 'number');
console.log(
  JSON.stringify({
    bench: 'indicators',
    bars: N,
    reps: REPS,
    timing: 'best process CPU time (user+system) of interleaved runs, ms; trading-signals candle cases in a second phase',
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    min_ratio: ratios.length ? Math.min(...ratios) : null,
    all_at_least_2x: ratios.every((r) => r >= 2),
    results,
  }),
);
