/** Public surface of the backtester. */
export { BacktestEngine, BacktestConfigError, MARKET_DATA_KEYS } from './backtest-engine.ts';
export type { BacktestConfig, BacktestVenueConfig, MarketData } from './backtest-engine.ts';
export { BarColumnSource } from './bar-column-source.ts';
export type { BarColumnOptions, BarColumnsLike } from './bar-column-source.ts';
export { BacktestExecutionClient } from './backtest-execution-client.ts';
export type { SimulatedVenue, VenueFactory } from './backtest-execution-client.ts';
export { KWayMerge, compareItems } from './k-way-merge.ts';
export type { MergeKeys } from './k-way-merge.ts';
export type * from './results.ts';
