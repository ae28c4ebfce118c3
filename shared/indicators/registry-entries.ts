/** The table behind registry.ts. One entry per indicator; helpers keep the entries short. */
import type { BarColumns } from './types.ts';
import type { IndicatorDef, ParamSpec } from './registry-types.ts';
import { sma, SMA } from './sma.ts';
import { ema, EMA } from './ema.ts';
import { wma, WMA } from './wma.ts';
import { dema, DEMA } from './dema.ts';
import { tema, TEMA } from './tema.ts';
import { hma, HMA } from './hma.ts';
import { kama, KAMA } from './kama.ts';
import { vwma, VWMA } from './vwma.ts';
import { rsi, RSI } from './rsi.ts';
import { macd, MACD } from './macd.ts';
import { bbands, BollingerBands } from './bbands.ts';
import { atr, natr, ATR, NATR } from './atr.ts';
import { stddev, StdDev } from './stddev.ts';

const int = (name: string, label: string, def: number, min = 1, max = 1000): ParamSpec => ({ name, label, default: def, min, max, integer: true });
const real = (name: string, label: string, def: number, min: number, max: number): ParamSpec => ({ name, label, default: def, min, max, integer: false });
const period = (def: number, min = 1): ParamSpec => int('period', 'Period', def, min);

// Columns are checked by computeBatch before these run; the `!` records that contract.
const H = (c: BarColumns): Float64Array => c.high!;
const L = (c: BarColumns): Float64Array => c.low!;
const V = (c: BarColumns): Float64Array => c.volume!;

export const ENTRIES: IndicatorDef[] = [
  {
    id: 'sma', name: 'Simple Moving Average', description: 'Mean of the last N closes.', talib: 'SMA',
    params: [period(20)], inputs: 'close', outputs: ['sma'], display: { placement: 'overlay' },
    lookback: (p) => p.period - 1,
    create: (p) => new SMA(p.period),
    batch: (c, p) => ({ sma: sma(c.close, p.period) }),
  },
  {
    id: 'ema', name: 'Exponential Moving Average', description: 'EMA with k = 2/(N+1), seeded with the SMA of the first N closes.', talib: 'EMA',
    params: [period(20)], inputs: 'close', outputs: ['ema'], display: { placement: 'overlay' },
    lookback: (p) => p.period - 1,
    create: (p) => new EMA(p.period),
    batch: (c, p) => ({ ema: ema(c.close, p.period) }),
  },
  {
    id: 'wma', name: 'Weighted Moving Average', description: 'Linearly weighted mean of the last N closes (weights 1..N).', talib: 'WMA',
    params: [period(20)], inputs: 'close', outputs: ['wma'], display: { placement: 'overlay' },
    lookback: (p) => p.period - 1,
    create: (p) => new WMA(p.period),
    batch: (c, p) => ({ wma: wma(c.close, p.period) }),
  },
  {
    id: 'dema', name: 'Double EMA', description: '2*EMA - EMA(EMA).', talib: 'DEMA',
    params: [period(20)], inputs: 'close', outputs: ['dema'], display: { placement: 'overlay' },
    lookback: (p) => 2 * (p.period - 1),
    create: (p) => new DEMA(p.period),
    batch: (c, p) => ({ dema: dema(c.close, p.period) }),
  },
  {
    id: 'tema', name: 'Triple EMA', description: '3*EMA - 3*EMA(EMA) + EMA(EMA(EMA)).', talib: 'TEMA',
    params: [period(20)], inputs: 'close', outputs: ['tema'], display: { placement: 'overlay' },
    lookback: (p) => 3 * (p.period - 1),
    create: (p) => new TEMA(p.period),
    batch: (c, p) => ({ tema: tema(c.close, p.period) }),
  },
  {
    id: 'hma', name: 'Hull Moving Average', description: 'WMA(2*WMA(N/2) - WMA(N), sqrt(N)).',
    params: [period(16, 2)], inputs: 'close', outputs: ['hma'], display: { placement: 'overlay' },
    lookback: (p) => p.period - 1 + Math.floor(Math.sqrt(p.period)) - 1,
    create: (p) => new HMA(p.period),
    batch: (c, p) => ({ hma: hma(c.close, p.period) }),
  },
  {
    id: 'kama', name: 'Kaufman Adaptive MA', description: 'EMA whose speed follows the efficiency ratio (fast 2, slow 30).', talib: 'KAMA',
    params: [period(10)], inputs: 'close', outputs: ['kama'], display: { placement: 'overlay' },
    lookback: (p) => p.period,
    create: (p) => new KAMA(p.period),
    batch: (c, p) => ({ kama: kama(c.close, p.period) }),
  },
  {
    id: 'vwma', name: 'Volume-Weighted MA', description: 'sum(close*volume)/sum(volume) over N bars.',
    params: [period(20)], inputs: 'cv', outputs: ['vwma'], display: { placement: 'overlay' },
    lookback: (p) => p.period - 1,
    create: (p) => new VWMA(p.period),
    batch: (c, p) => ({ vwma: vwma(c.close, V(c), p.period) }),
  },
  {
    id: 'rsi', name: 'Relative Strength Index', description: "Wilder's RSI: 100*avgGain/(avgGain+avgLoss).", talib: 'RSI',
    params: [period(14, 2)], inputs: 'close', outputs: ['rsi'], display: { placement: 'pane', levels: [30, 70], range: [0, 100] },
    lookback: (p) => p.period,
    create: (p) => new RSI(p.period),
    batch: (c, p) => ({ rsi: rsi(c.close, p.period) }),
  },
  {
    id: 'macd', name: 'MACD', description: 'EMA(fast) - EMA(slow), its signal EMA and the histogram.', talib: 'MACD',
    params: [int('fast', 'Fast period', 12), int('slow', 'Slow period', 26, 2), int('signal', 'Signal period', 9)],
    inputs: 'close', outputs: ['macd', 'signal', 'histogram'], display: { placement: 'pane', levels: [0] },
    lookback: (p) => p.slow + p.signal - 2,
    create: (p) => new MACD(p.fast, p.slow, p.signal),
    batch: (c, p) => macd(c.close, p.fast, p.slow, p.signal),
  },
  {
    id: 'bbands', name: 'Bollinger Bands', description: 'SMA +/- mult * population standard deviation.', talib: 'BBANDS',
    params: [period(20, 2), real('mult', 'Std-dev multiplier', 2, 0, 10)],
    inputs: 'close', outputs: ['upper', 'middle', 'lower'], display: { placement: 'overlay' },
    lookback: (p) => p.period - 1,
    create: (p) => new BollingerBands(p.period, p.mult),
    batch: (c, p) => bbands(c.close, p.period, p.mult),
  },
  {
    id: 'atr', name: 'Average True Range', description: "Wilder's average of the true range.", talib: 'ATR',
    params: [period(14)], inputs: 'hlc', outputs: ['atr'], display: { placement: 'pane' },
    lookback: (p) => p.period,
    create: (p) => new ATR(p.period),
    batch: (c, p) => ({ atr: atr(H(c), L(c), c.close, p.period) }),
  },
  {
    id: 'natr', name: 'Normalized ATR', description: 'ATR as a percentage of the close.', talib: 'NATR',
    params: [period(14)], inputs: 'hlc', outputs: ['natr'], display: { placement: 'pane' },
    lookback: (p) => p.period,
    create: (p) => new NATR(p.period),
    batch: (c, p) => ({ natr: natr(H(c), L(c), c.close, p.period) }),
  },
  {
    id: 'stddev', name: 'Standard Deviation', description: 'Population standard deviation of the last N closes.', talib: 'STDDEV (nbdev 1)',
    params: [period(20, 2)], inputs: 'close', outputs: ['stddev'], display: { placement: 'pane' },
    lookback: (p) => p.period - 1,
    create: (p) => new StdDev(p.period),
    batch: (c, p) => ({ stddev: stddev(c.close, p.period) }),
  },
];
