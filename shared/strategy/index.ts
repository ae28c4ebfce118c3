export { Strategy, StrategyState, StrategyError } from './strategy.ts';
export type { StrategyConfig, StrategyContext, BarIndicator } from './strategy.ts';
