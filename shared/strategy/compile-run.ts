/**
 * One-call backtest of a StrategySpec over bars of one instrument: builds the instrument, a simulated venue with a
 * single-currency margin account, the bars, the compiled strategy, and runs the kernel's BacktestEngine.
 * Used by `aio backtest`; the app's backtest worker can call it the same way.
 */
import {
  AccountType, AggregationSource, BarType, currency as currencyOf, equity as equityInstrument, ensureInstrumentId,
  parseInstrumentId, type Instrument,
} from '../model/index.ts';
import { BacktestEngine } from '../backtest/backtest-engine.ts';
import type { BarColumnsLike } from '../backtest/bar-column-source.ts';
import type { BacktestResult, RunOptions } from '../backtest/results.ts';
import type { StrategySpec } from './spec.ts';
import { barSpecOf, compileSpec, type SpecNote } from './compile.ts';
import type { IndicatorProvider } from './compile-indicators.ts';

/** A bar as read from a file: `time` is the bar's OPEN time in epoch ms UTC (the shared/data convention). */
export interface BarRow {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** The same bars as parallel columns (what the gateway's /api/bars returns and the app's worker receives). */
/** Parallel columns, one row per bar (time = bar open time). */
export type BarColumns = BarColumnsLike;

export interface SpecBacktestInput {
  spec: StrategySpec;
  instrumentId: string;
  /** Rows or columns; `time` is the bar's open time. */
  bars: readonly BarRow[] | BarColumns;
  /** Progress and cancellation, passed to the engine's run. */
  run?: RunOptions;
  /** Starting cash in `currency`. Default 100 000. */
  startingCash?: number;
  /** Account and quote currency code. Default USD. */
  currency?: string;
  /** Price tick of the instrument; bar prices are snapped to it. Default 0.01. */
  tickSize?: number;
  /** Quantity step. Default 0.0001 (fractional units). */
  lotSize?: number;
  /** Maker and taker fee as a fraction of notional. Default 0. */
  feeRate?: number;
  riskFreeRate?: number;
  periodsPerYear?: number;
  provider?: IndicatorProvider;
}

export interface SpecBacktestOutput {
  result: BacktestResult;
  barCount: number;
  /** Problems with the setup that did not stop the run (e.g. data finer than the spec's timeframe). */
  warnings: string[];
  /** Signals the strategy could not act on (size below the lot, ATR warming up). */
  notes: SpecNote[];
}

/**
 * The instrument for a data file: an equity-like instrument (no base currency) on the id's venue. SPX.INDEX and
 * other indices are modelled this way too — a cash index is not tradable, so this stands for an index CFD or
 * tracker with fractional units, commission `feeRate` (0 unless given).
 */
export function fileInstrument(id: string, o: { currency?: string; tickSize?: number; lotSize?: number; feeRate?: number } = {}): Instrument {
  const fee = o.feeRate ?? 0;
  return equityInstrument({
    id: ensureInstrumentId(id),
    quoteCurrency: currencyOf(o.currency ?? 'USD'),
    priceIncrement: o.tickSize ?? 0.01,
    sizeIncrement: o.lotSize ?? 0.0001,
    takerFee: fee,
    makerFee: fee,
  });
}

export function backtestSpec(input: SpecBacktestInput): SpecBacktestOutput {
  const { spec, bars } = input;
  const warnings: string[] = [];
  const ccy = currencyOf(input.currency ?? 'USD');
  const inst = fileInstrument(input.instrumentId, input);
  const venue = parseInstrumentId(input.instrumentId).venue;
  const bt = new BacktestEngine({ periodsPerYear: input.periodsPerYear, riskFreeRate: input.riskFreeRate });
  // A margin account at 100 % initial margin: fully funded like cash, but it can hold short positions.
  bt.addVenue({ venue, accountType: AccountType.MARGIN, baseCurrency: ccy, startingBalances: [{ currency: ccy, total: input.startingCash ?? 100_000 }] });
  bt.addInstrument(inst);

  const barSpec = barSpecOf(spec.timeframe);
  const durationMs = barSpec.durationMs();
  const barType = new BarType(inst.id, barSpec, AggregationSource.EXTERNAL);
  const cols = toColumns(bars);
  const n = cols.time.length;
  const spacing = medianSpacing(cols.time);
  if (spacing > 0 && spacing < durationMs * 0.5) {
    warnings.push(`the data's bars are ${spacing / 60_000} minutes apart but the spec's timeframe is ${spec.timeframe}; the rules run on the data's bars as they are (no resampling)`);
  }
  // A bar is stamped with its CLOSE time (the kernel's convention): open time + the timeframe. Bars are built from
  // the columns as the run reaches them (no array of every Bar up front), prices snapped to the tick size.
  bt.addBarColumns(barType, cols, { time: 'open', price: (x) => inst.makePrice(x) });
  const strategy = compileSpec(spec, { provider: input.provider, instruments: [input.instrumentId] });
  bt.addStrategy(strategy);
  const result = bt.run(input.run);
  return { result, barCount: n, warnings, notes: strategy.notes };
}

function toColumns(bars: readonly BarRow[] | BarColumns): BarColumns {
  if (!Array.isArray(bars)) return bars as BarColumns;
  const rows = bars as readonly BarRow[];
  return {
    time: rows.map((b) => b.time), open: rows.map((b) => b.open), high: rows.map((b) => b.high),
    low: rows.map((b) => b.low), close: rows.map((b) => b.close), volume: rows.map((b) => b.volume),
  };
}

function medianSpacing(time: ArrayLike<number>): number {
  const n = Math.min(time.length, 1001);
  if (n < 2) return 0;
  const d: number[] = [];
  for (let i = 1; i < n; i++) d.push(time[i] - time[i - 1]);
  d.sort((a, b) => a - b);
  return d[Math.floor(d.length / 2)];
}
