import { Type, type Static } from '@sinclair/typebox';
import { TIMEFRAMES } from './timeframes.ts';

export const AssetClassSchema = Type.Union([Type.Literal('index'), Type.Literal('crypto'), Type.Literal('fx'), Type.Literal('equity')]);
export type AssetClass = Static<typeof AssetClassSchema>;

export const TimeframeSchema = Type.Union(TIMEFRAMES.map((t) => Type.Literal(t)));

/** One instrument the gateway can serve bars for. */
export const InstrumentInfoSchema = Type.Object({
  id: Type.String({ description: 'Instrument id, SYMBOL.VENUE, e.g. SPX.INDEX or BTCUSDT.SIM.' }),
  symbol: Type.String(),
  venue: Type.String(),
  name: Type.String(),
  assetClass: AssetClassSchema,
  timeframes: Type.Array(TimeframeSchema, { description: 'Timeframes GET /api/bars accepts for it.' }),
  synthetic: Type.Boolean({ description: 'true: generated data (docs/synthetic-data.md), not a market record.' }),
  description: Type.String(),
  from: Type.Optional(Type.Number({ description: 'Open time of the first available bar, epoch ms UTC.' })),
  to: Type.Optional(Type.Number({ description: 'Open time of the last available bar, epoch ms UTC.' })),
  priceDecimals: Type.Integer({ minimum: 0, maximum: 10, description: 'Decimals to show prices with.' }),
});
export type InstrumentInfo = Static<typeof InstrumentInfoSchema>;

/** GET /api/instruments */
export const InstrumentListResponseSchema = Type.Object({ instruments: Type.Array(InstrumentInfoSchema) });
export type InstrumentListResponse = Static<typeof InstrumentListResponseSchema>;
