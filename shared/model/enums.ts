/**
 * Enumerations as `as const` objects of string literals: readable in logs and JSON, compared by V8 as interned
 * strings (pointer-equal), and usable as both a value (`OrderSide.BUY`) and a type (`OrderSide`).
 */
type ValueOf<T> = T[keyof T];

export const OrderSide = { BUY: 'BUY', SELL: 'SELL' } as const;
export type OrderSide = ValueOf<typeof OrderSide>;

export const OrderType = {
  MARKET: 'MARKET',
  LIMIT: 'LIMIT',
  STOP_MARKET: 'STOP_MARKET',
  STOP_LIMIT: 'STOP_LIMIT',
  MARKET_IF_TOUCHED: 'MARKET_IF_TOUCHED',
  LIMIT_IF_TOUCHED: 'LIMIT_IF_TOUCHED',
  TRAILING_STOP_MARKET: 'TRAILING_STOP_MARKET',
} as const;
export type OrderType = ValueOf<typeof OrderType>;

export const TimeInForce = { GTC: 'GTC', IOC: 'IOC', FOK: 'FOK', GTD: 'GTD', DAY: 'DAY' } as const;
export type TimeInForce = ValueOf<typeof TimeInForce>;

/** Which price a trigger watches. The simulated exchange documents how it maps these (see venues/sim). */
export const TriggerType = {
  DEFAULT: 'DEFAULT',
  BID_ASK: 'BID_ASK',
  LAST_PRICE: 'LAST_PRICE',
  MID_POINT: 'MID_POINT',
} as const;
export type TriggerType = ValueOf<typeof TriggerType>;

export const TrailingOffsetType = { PRICE: 'PRICE', BASIS_POINTS: 'BASIS_POINTS', TICKS: 'TICKS' } as const;
export type TrailingOffsetType = ValueOf<typeof TrailingOffsetType>;

export const ContingencyType = { NO_CONTINGENCY: 'NO_CONTINGENCY', OTO: 'OTO', OCO: 'OCO', OUO: 'OUO' } as const;
export type ContingencyType = ValueOf<typeof ContingencyType>;

export const LiquiditySide = { NO_LIQUIDITY_SIDE: 'NO_LIQUIDITY_SIDE', MAKER: 'MAKER', TAKER: 'TAKER' } as const;
export type LiquiditySide = ValueOf<typeof LiquiditySide>;

export const PositionSide = { FLAT: 'FLAT', LONG: 'LONG', SHORT: 'SHORT' } as const;
export type PositionSide = ValueOf<typeof PositionSide>;

/** NETTING: one position per instrument per strategy. HEDGING: one position per entry order. */
export const OmsType = { NETTING: 'NETTING', HEDGING: 'HEDGING' } as const;
export type OmsType = ValueOf<typeof OmsType>;

export const AccountType = { CASH: 'CASH', MARGIN: 'MARGIN' } as const;
export type AccountType = ValueOf<typeof AccountType>;

export const AggressorSide = { NO_AGGRESSOR: 'NO_AGGRESSOR', BUYER: 'BUYER', SELLER: 'SELLER' } as const;
export type AggressorSide = ValueOf<typeof AggressorSide>;

export const PriceType = { BID: 'BID', ASK: 'ASK', MID: 'MID', LAST: 'LAST' } as const;
export type PriceType = ValueOf<typeof PriceType>;

export const BarAggregation = {
  TICK: 'TICK',
  VOLUME: 'VOLUME',
  VALUE: 'VALUE',
  SECOND: 'SECOND',
  MINUTE: 'MINUTE',
  HOUR: 'HOUR',
  DAY: 'DAY',
  WEEK: 'WEEK',
} as const;
export type BarAggregation = ValueOf<typeof BarAggregation>;

/** EXTERNAL: bars come from the data source. INTERNAL: the DataEngine builds them from ticks. */
export const AggregationSource = { EXTERNAL: 'EXTERNAL', INTERNAL: 'INTERNAL' } as const;
export type AggregationSource = ValueOf<typeof AggregationSource>;

export const TradingState = { ACTIVE: 'ACTIVE', REDUCING: 'REDUCING', HALTED: 'HALTED' } as const;
export type TradingState = ValueOf<typeof TradingState>;

export function oppositeSide(side: OrderSide): OrderSide {
  return side === OrderSide.BUY ? OrderSide.SELL : OrderSide.BUY;
}
