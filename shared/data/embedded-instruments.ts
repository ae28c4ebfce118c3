/**
 * The instruments that ship with the project, so everything works offline on a fresh clone:
 * - SPX.INDEX: REAL S&P 500 daily bars (data/sp500-daily-2000-2020.csv, vega-datasets, Yahoo Finance source);
 * - BTCUSDT.SIM, EURUSD.SIM, ACME.SIM: SYNTHETIC intraday data from the seeded generator in ./synthetic.ts
 *   (docs/synthetic-data.md). ACME is a made-up company; the .SIM venue marks all three as simulated.
 */
import type { InstrumentInfo } from '../api/instruments.ts';
import type { Timeframe } from '../api/timeframes.ts';
import { DAY_MS, MINUTE_MS, sessionOfDay } from './synthetic-sessions.ts';
import type { SyntheticSpec } from './synthetic.ts';

export const SPX_ID = 'SPX.INDEX';
export const SPX_TIMEFRAMES: Timeframe[] = ['1d', '1w'];
export const SYNTHETIC_TIMEFRAMES: Timeframe[] = ['1m', '5m', '15m', '1h', '4h', '1d'];

/** The synthetic sample span: 2024-01-01 00:00 UTC (inclusive) .. 2026-01-01 00:00 UTC (exclusive). */
export const SYNTHETIC_FROM = Date.UTC(2024, 0, 1);
export const SYNTHETIC_END = Date.UTC(2026, 0, 1);

export const SYNTHETIC_SPECS: readonly SyntheticSpec[] = [
  {
    id: 'BTCUSDT.SIM',
    session: 'crypto-24x7',
    seed: 20240101,
    originMs: SYNTHETIC_FROM,
    startPrice: 42_000,
    annualVol: 0.55,
    annualDrift: 0.1,
    tickSize: 0.01,
    lotSize: 0.00001,
    meanMinuteLots: 2_000_000, // 20 BTC a minute
    meanTradeLots: 5_000, // 0.05 BTC a trade
    spreadTicks: 1,
    gapShare: 0,
  },
  {
    id: 'EURUSD.SIM',
    session: 'fx-24x5',
    seed: 20240102,
    originMs: SYNTHETIC_FROM,
    startPrice: 1.1,
    annualVol: 0.07,
    annualDrift: 0,
    tickSize: 0.00001,
    lotSize: 1, // volume in euros of notional
    meanMinuteLots: 5_000_000,
    meanTradeLots: 500_000,
    spreadTicks: 2,
    gapShare: 0.05,
  },
  {
    id: 'ACME.SIM',
    session: 'nyse',
    seed: 20240103,
    originMs: SYNTHETIC_FROM,
    startPrice: 100,
    annualVol: 0.3,
    annualDrift: 0.07,
    tickSize: 0.01,
    lotSize: 1, // shares
    meanMinuteLots: 12_000,
    meanTradeLots: 150,
    spreadTicks: 2,
    gapShare: 0.25,
  },
];

function firstBar(spec: SyntheticSpec): number {
  for (let day = spec.originMs / DAY_MS; ; day++) {
    const s = sessionOfDay(spec.session, day);
    if (s) return s[0];
  }
}

function lastBarBefore(spec: SyntheticSpec, end: number): number {
  for (let day = end / DAY_MS - 1; ; day--) {
    const s = sessionOfDay(spec.session, day);
    if (s) return Math.min(s[1], end) - MINUTE_MS;
  }
}

const SYNTHETIC_META: Record<string, Pick<InstrumentInfo, 'symbol' | 'name' | 'assetClass' | 'description' | 'priceDecimals'>> = {
  'BTCUSDT.SIM': {
    symbol: 'BTCUSDT',
    name: 'Bitcoin / Tether (synthetic)',
    assetClass: 'crypto',
    description: 'SYNTHETIC 24/7 crypto pair from the seeded generator (GBM with GARCH and intraday volatility clustering); not market data.',
    priceDecimals: 2,
  },
  'EURUSD.SIM': {
    symbol: 'EURUSD',
    name: 'Euro / US Dollar (synthetic)',
    assetClass: 'fx',
    description: 'SYNTHETIC FX pair, 24/5 (Sunday 17:00 to Friday 17:00 New York), from the seeded generator; not market data.',
    priceDecimals: 5,
  },
  'ACME.SIM': {
    symbol: 'ACME',
    name: 'ACME Corp (synthetic)',
    assetClass: 'equity',
    description: 'SYNTHETIC equity, NYSE hours 09:30-16:00 New York on weekdays (holidays not modelled), from the seeded generator; a made-up company.',
    priceDecimals: 2,
  },
};

/** The embedded instrument table, as GET /api/instruments returns it. */
export function embeddedInstruments(): InstrumentInfo[] {
  const spx: InstrumentInfo = {
    id: SPX_ID,
    symbol: 'SPX',
    venue: 'INDEX',
    name: 'S&P 500 index (real daily data)',
    assetClass: 'index',
    timeframes: [...SPX_TIMEFRAMES],
    synthetic: false,
    description: 'REAL S&P 500 daily bars 2000-01-03 to 2020-04-17 from vega-datasets (BSD-3-Clause; source Yahoo Finance).',
    from: Date.UTC(2000, 0, 3),
    to: Date.UTC(2020, 3, 17),
    priceDecimals: 2,
  };
  const synthetic = SYNTHETIC_SPECS.map((spec): InstrumentInfo => ({
    id: spec.id,
    venue: 'SIM',
    timeframes: [...SYNTHETIC_TIMEFRAMES],
    synthetic: true,
    from: firstBar(spec),
    to: lastBarBefore(spec, SYNTHETIC_END),
    ...SYNTHETIC_META[spec.id],
  }));
  return [spx, ...synthetic];
}

export function syntheticSpec(id: string): SyntheticSpec | undefined {
  return SYNTHETIC_SPECS.find((s) => s.id === id);
}
