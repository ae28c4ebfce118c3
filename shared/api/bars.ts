import { Type, type Static } from '@sinclair/typebox';
import { TimeframeSchema } from './instruments.ts';

/**
 * GET /api/bars?instrument=ID&timeframe=TF&from=T&to=T
 * `from`/`to` accept epoch milliseconds or an ISO date/time (`2020-01-31`, `2020-01-31T14:30:00Z`); both optional.
 * The range is inclusive at both ends: bars whose open time t satisfies from <= t <= to.
 * Instrument, timeframe and range are checked by the route itself (not the schema) so that each failure gets its
 * own code: UNKNOWN_INSTRUMENT, BAD_TIMEFRAME, BAD_RANGE.
 */
export const BarsQuerySchema = Type.Object({
  instrument: Type.String({ minLength: 1, maxLength: 64, description: 'Instrument id from GET /api/instruments.' }),
  timeframe: Type.String({ minLength: 1, maxLength: 8, description: 'One of the instrument\'s timeframes: 1m 5m 15m 1h 4h 1d 1w.' }),
  from: Type.Optional(Type.String({ maxLength: 40, description: 'Start (inclusive): epoch ms or ISO date.' })),
  to: Type.Optional(Type.String({ maxLength: 40, description: 'End (inclusive): epoch ms or ISO date.' })),
});
export type BarsQuery = Static<typeof BarsQuerySchema>;

/** Column arrays, all of length `count`; `time` is each bar's open time in epoch ms UTC. */
export const BarColumnsSchema = Type.Object({
  time: Type.Array(Type.Number()),
  open: Type.Array(Type.Number()),
  high: Type.Array(Type.Number()),
  low: Type.Array(Type.Number()),
  close: Type.Array(Type.Number()),
  volume: Type.Array(Type.Number()),
});
export type BarColumns = Static<typeof BarColumnsSchema>;

export const BarsResponseSchema = Type.Object({
  instrument: Type.String(),
  timeframe: TimeframeSchema,
  synthetic: Type.Boolean({ description: 'true: generated data, not a market record.' }),
  count: Type.Integer({ minimum: 0 }),
  columns: BarColumnsSchema,
});
export type BarsResponse = Static<typeof BarsResponseSchema>;

/** Most bars one request may return; a larger range is a 400 BAD_RANGE asking for a narrower range or larger timeframe. */
export const MAX_BARS_PER_REQUEST = 100_000;
/** Bars returned for a synthetic intraday request without `from`: the most recent this many. */
export const DEFAULT_SYNTHETIC_BARS = 5_000;
