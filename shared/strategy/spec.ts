/**
 * StrategySpec: a trading strategy as DATA (JSON), never code. Version 1.
 *
 * One spec compiles three ways that must agree on the trades: to an event-driven Strategy for the kernel
 * (compile.ts, the source of truth), to parameters of the GPU sweep, and to Pine Script v6. Semantics (crossing,
 * warm-up, order timing, stops) are specified in docs/strategy-spec.md; validation lives in spec-validate.ts.
 *
 * The TypeBox schema below is the published JSON Schema (for the app's editor, the gateway's routes and share
 * links); `validateSpec()` checks the same shape by hand so it can report EVERY error with a JSON Pointer path and a
 * message a trader can act on, then adds the checks a schema cannot express (references, the indicator registry).
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';

export const SPEC_VERSION = 1 as const;

/** Price series a condition or an indicator can read directly from the bar. */
export const PRICE_SOURCES = ['open', 'high', 'low', 'close', 'volume', 'hl2', 'hlc3', 'ohlc4'] as const;
export type PriceSource = (typeof PRICE_SOURCES)[number];

/** Indicator ids: identifiers, so a reference `id` or `id.output` is unambiguous in JSON, Pine and WGSL parameters. */
export const INDICATOR_ID_PATTERN = '^[A-Za-z_][A-Za-z0-9_]{0,31}$';
/** A series reference: a price source, an indicator id, or `id.output` for one output of a multi-output indicator. */
export const SERIES_REF_PATTERN = '^[A-Za-z_][A-Za-z0-9_]{0,31}(\\.[A-Za-z_][A-Za-z0-9_]*)?$';
/** `<n><unit>`: s, m, h, d, w — the app's timeframe notation (1m, 15m, 4h, 1d, 1w). */
export const TIMEFRAME_PATTERN = '^[1-9][0-9]{0,3}(s|m|h|d|w)$';
/** InstrumentId `SYMBOL.VENUE`, e.g. `BTCUSDT.BINANCE`, `SPX.INDEX`. */
export const INSTRUMENT_ID_PATTERN = '^[^.\\s]+(\\.[^.\\s]+)*\\.[A-Za-z0-9_-]+$';

const SeriesRef = Type.String({
  pattern: SERIES_REF_PATTERN,
  description: 'A price source (open, high, low, close, volume, hl2, hlc3, ohlc4), an indicator id, or id.output',
});
/** A series reference or a constant threshold. */
export const OperandSchema = Type.Union([Type.Number(), SeriesRef]);
export type Operand = Static<typeof OperandSchema>;

const compare = <Op extends string>(op: Op, description: string) =>
  Type.Object({ op: Type.Literal(op), left: OperandSchema, right: OperandSchema }, { additionalProperties: false, description });

export const CrossesAbove = compare('crossesAbove', 'left[t-1] <= right[t-1] and left[t] > right[t]');
export const CrossesBelow = compare('crossesBelow', 'left[t-1] >= right[t-1] and left[t] < right[t]');
export const Above = compare('above', 'left[t] > right[t]');
export const Below = compare('below', 'left[t] < right[t]');

export type ComparisonOp = 'crossesAbove' | 'crossesBelow' | 'above' | 'below';
export interface Comparison {
  op: ComparisonOp;
  left: Operand;
  right: Operand;
}
export interface Combinator {
  op: 'all' | 'any';
  conditions: Condition[];
}
export type Condition = Comparison | Combinator;

export const COMPARISON_OPS: readonly ComparisonOp[] = ['crossesAbove', 'crossesBelow', 'above', 'below'];
export const COMBINATOR_OPS = ['all', 'any'] as const;

export const ConditionSchema = Type.Recursive(
  (Self) =>
    Type.Union([
      CrossesAbove,
      CrossesBelow,
      Above,
      Below,
      Type.Object({ op: Type.Literal('all'), conditions: Type.Array(Self, { minItems: 1 }) }, { additionalProperties: false }),
      Type.Object({ op: Type.Literal('any'), conditions: Type.Array(Self, { minItems: 1 }) }, { additionalProperties: false }),
    ]),
  { $id: 'Condition' },
);

export const IndicatorSpecSchema = Type.Object(
  {
    id: Type.String({ pattern: INDICATOR_ID_PATTERN, description: 'Unique name used by conditions, e.g. "fast"' }),
    type: Type.String({ minLength: 1, description: 'Indicator type from the indicators registry, e.g. "SMA"' }),
    params: Type.Optional(Type.Record(Type.String(), Type.Number(), { description: 'Registry parameters; defaults apply' })),
    source: Type.Optional(
      Type.String({
        pattern: SERIES_REF_PATTERN,
        description: 'Input series for single-input indicators: a price source (default close) or another indicator',
      }),
    ),
  },
  { additionalProperties: false },
);
export type IndicatorSpec = Static<typeof IndicatorSpecSchema>;

export const SideRulesSchema = Type.Object(
  {
    entry: ConditionSchema,
    exit: Type.Optional(ConditionSchema),
  },
  { additionalProperties: false },
);
export interface SideRules {
  entry: Condition;
  exit?: Condition;
}

const positive = (description: string) => Type.Number({ exclusiveMinimum: 0, description });

/** A price distance from a reference price (the entry fill for stops and targets, the signal close for limit entries). */
export const DistanceSchema = Type.Union([
  Type.Object({ type: Type.Literal('percent'), value: positive('Percent of the reference price (2 = 2 %)') }, { additionalProperties: false }),
  Type.Object(
    {
      type: Type.Literal('atr'),
      multiple: positive('Multiple of ATR at the signal bar'),
      period: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 14, description: 'ATR period (Wilder), default 14' })),
    },
    { additionalProperties: false },
  ),
  Type.Object({ type: Type.Literal('ticks'), ticks: Type.Integer({ minimum: 1, description: 'Number of instrument ticks' }) }, { additionalProperties: false }),
]);
export type Distance =
  | { type: 'percent'; value: number }
  | { type: 'atr'; multiple: number; period?: number }
  | { type: 'ticks'; ticks: number };

export const SizingSchema = Type.Union([
  Type.Object({ type: Type.Literal('fixedQuantity'), quantity: positive('Units per entry') }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('fixedNotional'), notional: positive('Account-currency value per entry') }, { additionalProperties: false }),
  Type.Object(
    { type: Type.Literal('percentEquity'), percent: Type.Number({ exclusiveMinimum: 0, maximum: 1000, description: 'Percent of equity per entry (100 = all of it)' }) },
    { additionalProperties: false },
  ),
  Type.Object(
    { type: Type.Literal('riskPerTrade'), riskPercent: Type.Number({ exclusiveMinimum: 0, maximum: 100, description: 'Percent of equity lost if the stop-loss is hit' }) },
    { additionalProperties: false },
  ),
]);
export type Sizing =
  | { type: 'fixedQuantity'; quantity: number }
  | { type: 'fixedNotional'; notional: number }
  | { type: 'percentEquity'; percent: number }
  | { type: 'riskPerTrade'; riskPercent: number };

export const EntryOrderSchema = Type.Union([
  Type.Object({ type: Type.Literal('market') }, { additionalProperties: false }),
  Type.Object(
    {
      type: Type.Literal('limit'),
      offset: DistanceSchema,
      expireBars: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, default: 1, description: 'Cancel if unfilled after this many bars' })),
    },
    { additionalProperties: false },
  ),
]);
export type EntryOrder = { type: 'market' } | { type: 'limit'; offset: Distance; expireBars?: number };

export const StrategySpecSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String({ description: 'Optional JSON Schema URL for editors' })),
    version: Type.Literal(SPEC_VERSION),
    name: Type.String({ minLength: 1, maxLength: 120 }),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    instruments: Type.Array(Type.String({ pattern: INSTRUMENT_ID_PATTERN }), { minItems: 1, maxItems: 100, uniqueItems: true }),
    timeframe: Type.String({ pattern: TIMEFRAME_PATTERN, description: 'Bar timeframe, e.g. 1d, 4h, 15m' }),
    indicators: Type.Array(IndicatorSpecSchema, { maxItems: 64 }),
    long: Type.Optional(SideRulesSchema),
    short: Type.Optional(SideRulesSchema),
    sizing: SizingSchema,
    entryOrder: Type.Optional(EntryOrderSchema),
    stopLoss: Type.Optional(DistanceSchema),
    takeProfit: Type.Optional(DistanceSchema),
    trailingStop: Type.Optional(DistanceSchema),
  },
  { additionalProperties: false, $id: 'StrategySpecV1', title: 'StrategySpec v1' },
);

/** The static type of a version-1 spec (written out, since the recursive Condition type is declared by hand). */
export interface StrategySpec {
  $schema?: string;
  version: 1;
  name: string;
  description?: string;
  instruments: string[];
  timeframe: string;
  indicators: IndicatorSpec[];
  long?: SideRules;
  short?: SideRules;
  sizing: Sizing;
  entryOrder?: EntryOrder;
  stopLoss?: Distance;
  takeProfit?: Distance;
  trailingStop?: Distance;
}

// Keep the hand-written interfaces and the schema in step: these fail to typecheck if they drift.
type AssertExtends<A, B extends A> = B;
export type _CheckSpec = AssertExtends<Static<typeof StrategySpecSchema>, StrategySpec>;
export type _CheckSizing = AssertExtends<Static<typeof SizingSchema>, Sizing>;
export type _CheckDistance = AssertExtends<Static<typeof DistanceSchema>, Distance>;

/** The JSON Schema of StrategySpec v1 (TypeBox schemas are JSON Schema objects). */
export const STRATEGY_SPEC_JSON_SCHEMA: TSchema = StrategySpecSchema;
