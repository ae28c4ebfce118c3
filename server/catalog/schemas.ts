/** Wire schemas of the catalog routes (TypeBox), validated by Fastify and published at /docs. */
import { Type, type Static } from '@sinclair/typebox';

const Instrument = Type.String({ minLength: 3, maxLength: 64, pattern: '^[^\\s.]+\\.[A-Za-z0-9_-]+$', description: 'SYMBOL.VENUE, e.g. BTCUSDT.BINANCE' });
const Timeframe = Type.String({ pattern: '^[1-9][0-9]*(s|m|h|d|w)$', maxLength: 8, description: 'Bar interval, e.g. 1m, 1h, 1d' });
const Kind = Type.Union([Type.Literal('bars'), Type.Literal('quotes'), Type.Literal('trades')]);
const Overlap = Type.Union([Type.Literal('reject'), Type.Literal('skip'), Type.Literal('replace')], { description: 'Rows at or before the stored end: reject (409), skip, or replace' });
const Num = Type.Number();

export const SeriesInfoSchema = Type.Object({
  instrument: Type.String(),
  kind: Kind,
  timeframe: Type.String(),
  rows: Type.Integer(),
  first: Type.Union([Num, Type.Null()]),
  last: Type.Union([Num, Type.Null()]),
  chunks: Type.Integer(),
});
export const SeriesListSchema = Type.Object({ series: Type.Array(SeriesInfoSchema) });

export const RangeQuerySchema = Type.Object({
  instrument: Instrument,
  timeframe: Type.Optional(Timeframe),
  kind: Type.Optional(Kind),
  from: Type.Optional(Type.Number({ description: 'Epoch ms, inclusive' })),
  to: Type.Optional(Type.Number({ description: 'Epoch ms, inclusive' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_000_000, description: 'Most rows (the first ones; with last=true the latest ones)' })),
  last: Type.Optional(Type.Boolean({ description: 'Return the latest `limit` rows up to `to`' })),
});
export type RangeQuery = Static<typeof RangeQuerySchema>;

export const ColumnsResponseSchema = Type.Object({
  instrument: Type.String(),
  kind: Kind,
  timeframe: Type.String(),
  count: Type.Integer(),
  columns: Type.Record(Type.String(), Type.Array(Num)),
});
export type ColumnsResponse = Static<typeof ColumnsResponseSchema>;

export const AppendBodySchema = Type.Object({
  instrument: Instrument,
  kind: Type.Optional(Kind),
  timeframe: Type.Optional(Timeframe),
  overlap: Type.Optional(Overlap),
  policies: Type.Optional(Type.Record(Type.String(), Type.String())),
  columns: Type.Record(Type.String(), Type.Array(Num), { description: 'time + the kind\'s fields, equal lengths' }),
});
export type AppendBody = Static<typeof AppendBodySchema>;

export const ImportQuerySchema = Type.Object({
  instrument: Instrument,
  name: Type.String({ minLength: 1, maxLength: 200, description: 'File name (its extension picks the parser)' }),
  timeframe: Type.Optional(Timeframe),
  overlap: Type.Optional(Overlap),
  tz: Type.Optional(Type.String({ maxLength: 64 })),
});
export type ImportQuery = Static<typeof ImportQuerySchema>;

export const AppendResponseSchema = Type.Object({
  instrument: Type.String(),
  kind: Kind,
  timeframe: Type.String(),
  appended: Type.Integer(),
  skipped: Type.Integer(),
  replaced: Type.Integer(),
  report: Type.Unknown({ description: 'Quality report (shared/data/quality/types.ts QualityReport)' }),
});
export type AppendResponse = Static<typeof AppendResponseSchema>;
