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
import { stoch, Stochastic } from './stoch.ts';
import { stochrsi, StochRSI } from './stochrsi.ts';
import { willr, WilliamsR } from './willr.ts';
import { roc, mom, ROC, Momentum } from './roc.ts';
import { obv, OBV } from './obv.ts';
import { cci, CCI } from './cci.ts';
import { mfi, MFI } from './mfi.ts';
import { aroon, Aroon } from './aroon.ts';
import { donchian, Donchian } from './donchian.ts';
import { zscore, ZScore } from './zscore.ts';
import { linregSlope, LinRegSlope } from './linreg-slope.ts';
import { adx, dmi, ADX, DMI } from './adx.ts';
import { psar, ParabolicSAR } from './psar.ts';
import { keltner, KeltnerChannels } from './keltner.ts';
import { vwap, VWAP, VWAP_ANCHORS } from './vwap.ts';
import { ichimoku, Ichimoku } from './ichimoku.ts';
import { supertrend, SuperTrend } from './supertrend.ts';

const int = (name: string, label: string, def: number, min = 1, max = 5000): ParamSpec => ({ name, label, default: def, min, max, integer: true });
const real = (name: string, label: string, def: number, min: number, max: number): ParamSpec => ({ name, label, default: def, min, max, integer: false });
const period = (def: number, min = 1): ParamSpec => int('period', 'Period', def, min);

// Columns are checked by computeBatch before these run; the `!` records that contract.
const H = (c: BarColumns): Float64Array => c.high!;
const L = (c: BarColumns): Float64Array => c.low!;
const V = (c: BarColumns): Float64Array => c.volume!;
const PCT: { placement: 'pane'; levels: number[]; range: [number, number] } = { placement: 'pane', levels: [20, 80], range: [0, 100] };

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
    outputLookbacks: (p) => [p.slow - 1, p.slow + p.signal - 2, p.slow + p.signal - 2],
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
  {
    id: 'stoch', name: 'Stochastic', description: '%K = SMA(100*(close-LL)/(HH-LL), kSmooth), %D = SMA(%K, dPeriod).', talib: 'STOCH (matype SMA); kSmooth=1: STOCHF',
    params: [int('kPeriod', '%K period', 14), int('kSmooth', '%K smoothing', 3), int('dPeriod', '%D period', 3)],
    inputs: 'hlc', outputs: ['k', 'd'], display: PCT,
    lookback: (p) => p.kPeriod + p.kSmooth + p.dPeriod - 3,
    outputLookbacks: (p) => [p.kPeriod + p.kSmooth - 2, p.kPeriod + p.kSmooth + p.dPeriod - 3],
    create: (p) => new Stochastic(p.kPeriod, p.kSmooth, p.dPeriod),
    batch: (c, p) => stoch(H(c), L(c), c.close, p.kPeriod, p.kSmooth, p.dPeriod),
  },
  {
    id: 'stochrsi', name: 'Stochastic RSI', description: 'Stochastic of RSI, TradingView form (K and D smoothing). kSmooth=1 is TA-Lib STOCHRSI.', talib: 'STOCHRSI (kSmooth=1)',
    params: [int('rsiPeriod', 'RSI period', 14, 2), int('stochPeriod', 'Stochastic period', 14), int('kSmooth', 'K smoothing', 3), int('dSmooth', 'D smoothing', 3)],
    inputs: 'close', outputs: ['k', 'd'], display: PCT,
    lookback: (p) => p.rsiPeriod + p.stochPeriod + p.kSmooth + p.dSmooth - 3,
    outputLookbacks: (p) => [p.rsiPeriod + p.stochPeriod + p.kSmooth - 2, p.rsiPeriod + p.stochPeriod + p.kSmooth + p.dSmooth - 3],
    create: (p) => new StochRSI(p.rsiPeriod, p.stochPeriod, p.kSmooth, p.dSmooth),
    batch: (c, p) => stochrsi(c.close, p.rsiPeriod, p.stochPeriod, p.kSmooth, p.dSmooth),
  },
  {
    id: 'willr', name: 'Williams %R', description: '-100*(HH-close)/(HH-LL) over N bars.', talib: 'WILLR',
    params: [period(14)], inputs: 'hlc', outputs: ['willr'], display: { placement: 'pane', levels: [-80, -20], range: [-100, 0] },
    lookback: (p) => p.period - 1,
    create: (p) => new WilliamsR(p.period),
    batch: (c, p) => ({ willr: willr(H(c), L(c), c.close, p.period) }),
  },
  {
    id: 'roc', name: 'Rate of Change', description: '100*(close/close[N] - 1).', talib: 'ROC',
    params: [period(10)], inputs: 'close', outputs: ['roc'], display: { placement: 'pane', levels: [0] },
    lookback: (p) => p.period,
    create: (p) => new ROC(p.period),
    batch: (c, p) => ({ roc: roc(c.close, p.period) }),
  },
  {
    id: 'mom', name: 'Momentum', description: 'close - close[N].', talib: 'MOM',
    params: [period(10)], inputs: 'close', outputs: ['mom'], display: { placement: 'pane', levels: [0] },
    lookback: (p) => p.period,
    create: (p) => new Momentum(p.period),
    batch: (c, p) => ({ mom: mom(c.close, p.period) }),
  },
  {
    id: 'obv', name: 'On-Balance Volume', description: 'Running sum of volume signed by the close-to-close change (starts at the first volume).', talib: 'OBV',
    params: [], inputs: 'cv', outputs: ['obv'], display: { placement: 'pane' },
    lookback: () => 0,
    create: () => new OBV(),
    batch: (c) => ({ obv: obv(c.close, V(c)) }),
  },
  {
    id: 'cci', name: 'Commodity Channel Index', description: '(tp - SMA(tp)) / (0.015 * mean deviation), tp = (h+l+c)/3.', talib: 'CCI',
    params: [period(20, 2)], inputs: 'hlc', outputs: ['cci'], display: { placement: 'pane', levels: [-100, 100] },
    lookback: (p) => p.period - 1,
    create: (p) => new CCI(p.period),
    batch: (c, p) => ({ cci: cci(H(c), L(c), c.close, p.period) }),
  },
  {
    id: 'mfi', name: 'Money Flow Index', description: 'Volume-weighted RSI of the typical price.', talib: 'MFI',
    params: [period(14)], inputs: 'hlcv', outputs: ['mfi'], display: PCT,
    lookback: (p) => p.period,
    create: (p) => new MFI(p.period),
    batch: (c, p) => ({ mfi: mfi(H(c), L(c), c.close, V(c), p.period) }),
  },
  {
    id: 'aroon', name: 'Aroon', description: 'Bars since the N-bar high/low, scaled to 0..100; osc = up - down.', talib: 'AROON, AROONOSC',
    params: [period(14)], inputs: 'hl', outputs: ['up', 'down', 'osc'], display: { placement: 'pane', levels: [30, 70], range: [-100, 100] },
    lookback: (p) => p.period,
    create: (p) => new Aroon(p.period),
    batch: (c, p) => aroon(H(c), L(c), p.period),
  },
  {
    id: 'donchian', name: 'Donchian Channels', description: 'Highest high, lowest low and their midpoint over N bars.',
    params: [period(20)], inputs: 'hl', outputs: ['upper', 'middle', 'lower'], display: { placement: 'overlay' },
    lookback: (p) => p.period - 1,
    create: (p) => new Donchian(p.period),
    batch: (c, p) => donchian(H(c), L(c), p.period),
  },
  {
    id: 'keltner', name: 'Keltner Channels', description: 'EMA(close) +/- mult * ATR.',
    params: [period(20), real('mult', 'ATR multiplier', 2, 0, 10), int('atrPeriod', 'ATR period', 10)],
    inputs: 'hlc', outputs: ['upper', 'middle', 'lower'], display: { placement: 'overlay' },
    lookback: (p) => Math.max(p.period - 1, p.atrPeriod),
    create: (p) => new KeltnerChannels(p.period, p.mult, p.atrPeriod),
    batch: (c, p) => keltner(H(c), L(c), c.close, p.period, p.mult, p.atrPeriod),
  },
  {
    id: 'adx', name: 'Average Directional Index', description: "Wilder's ADX: trend strength (0-100) from directional movement, whichever the direction. For +DI and -DI use DMI.", talib: 'ADX',
    params: [period(14, 2)], inputs: 'hlc', outputs: ['adx'], display: { placement: 'pane', levels: [20, 25], range: [0, 100] },
    lookback: (p) => 2 * p.period - 1,
    create: (p) => new ADX(p.period),
    batch: (c, p) => ({ adx: adx(H(c), L(c), c.close, p.period) }),
  },
  {
    id: 'dmi', name: 'Directional Movement Index', description: "Wilder's directional movement: +DI, -DI and the average directional index (ADX).", talib: 'PLUS_DI, MINUS_DI, ADX',
    params: [period(14, 2)], inputs: 'hlc', outputs: ['plusDI', 'minusDI', 'adx'], display: { placement: 'pane', levels: [20, 25], range: [0, 100] },
    lookback: (p) => 2 * p.period - 1,
    outputLookbacks: (p) => [p.period, p.period, 2 * p.period - 1],
    create: (p) => new DMI(p.period),
    batch: (c, p) => dmi(H(c), L(c), c.close, p.period),
  },
  {
    id: 'psar', name: 'Parabolic SAR', description: "Wilder's stop-and-reverse with accelerating factor.", talib: 'SAR',
    params: [real('step', 'Acceleration step', 0.02, 0.001, 1), real('max', 'Maximum acceleration', 0.2, 0.001, 1)],
    inputs: 'hl', outputs: ['psar'], display: { placement: 'overlay' },
    lookback: () => 1,
    create: (p) => new ParabolicSAR(p.step, p.max),
    batch: (c, p) => ({ psar: psar(H(c), L(c), p.step, p.max) }),
  },
  {
    id: 'vwap', name: 'VWAP (anchored)', description: 'sum(tp*volume)/sum(volume) since the start of each session, week or month.',
    params: [
      { name: 'anchor', label: 'Anchor', default: 0, min: 0, max: VWAP_ANCHORS.length - 1, integer: true, choices: VWAP_ANCHORS },
      int('offsetMinutes', 'Session start offset from 00:00 UTC (minutes)', 0, -1440, 1440),
    ],
    inputs: 'hlcvt', outputs: ['vwap'], display: { placement: 'overlay' },
    lookback: () => 0,
    create: (p) => new VWAP(p.anchor, p.offsetMinutes),
    batch: (c, p) => ({ vwap: vwap(H(c), L(c), c.close, V(c), c.time, p.anchor, p.offsetMinutes) }),
  },
  {
    id: 'ichimoku', name: 'Ichimoku Cloud', description: 'Tenkan, kijun, the cloud at this bar (spanA/B) and the leading spans.',
    params: [int('tenkan', 'Conversion period', 9), int('kijun', 'Base period', 26), int('senkouB', 'Leading span B period', 52), int('displacement', 'Displacement', 26)],
    inputs: 'hl', outputs: ['tenkan', 'kijun', 'spanA', 'spanB', 'leadA', 'leadB'], display: { placement: 'overlay' },
    lookback: (p) => Math.max(p.tenkan, p.kijun, p.senkouB) - 1 + p.displacement - 1,
    outputLookbacks: (p) => [p.tenkan - 1, p.kijun - 1, Math.max(p.tenkan, p.kijun) + p.displacement - 2, p.senkouB + p.displacement - 2, Math.max(p.tenkan, p.kijun) - 1, p.senkouB - 1],
    create: (p) => new Ichimoku(p.tenkan, p.kijun, p.senkouB, p.displacement),
    batch: (c, p) => ichimoku(H(c), L(c), p.tenkan, p.kijun, p.senkouB, p.displacement),
  },
  {
    id: 'supertrend', name: 'SuperTrend', description: "TradingView's ta.supertrend: ATR bands that ratchet with the trend; direction +1 up, -1 down.",
    params: [int('atrPeriod', 'ATR period', 10), real('factor', 'Factor', 3, 0.01, 100)],
    inputs: 'hlc', outputs: ['supertrend', 'direction'], display: { placement: 'overlay' },
    lookback: (p) => p.atrPeriod - 1,
    create: (p) => new SuperTrend(p.atrPeriod, p.factor),
    batch: (c, p) => supertrend(H(c), L(c), c.close, p.atrPeriod, p.factor),
  },
  {
    id: 'zscore', name: 'Z-Score', description: '(close - SMA) / population standard deviation over N bars.',
    params: [period(20, 2)], inputs: 'close', outputs: ['zscore'], display: { placement: 'pane', levels: [-2, 0, 2] },
    lookback: (p) => p.period - 1,
    create: (p) => new ZScore(p.period),
    batch: (c, p) => ({ zscore: zscore(c.close, p.period) }),
  },
  {
    id: 'linregslope', name: 'Linear Regression Slope', description: 'Least-squares slope of the last N closes, price per bar.', talib: 'LINEARREG_SLOPE',
    params: [period(14, 2)], inputs: 'close', outputs: ['linregslope'], display: { placement: 'pane', levels: [0] },
    lookback: (p) => p.period - 1,
    create: (p) => new LinRegSlope(p.period),
    batch: (c, p) => ({ linregslope: linregSlope(c.close, p.period) }),
  },
];
