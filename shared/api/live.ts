import { Type, type Static } from '@sinclair/typebox';
import { LiveStrategySchema, PaperOrderSchema } from './paper.ts';

/** Trading state of the gateway's RiskEngine: HALTED denies every new order (cancels still go through). */
export const TradingStateSchema = Type.Union([Type.Literal('ACTIVE'), Type.Literal('REDUCING'), Type.Literal('HALTED')]);
export type TradingStateWire = Static<typeof TradingStateSchema>;

/** POST /api/live/kill-switch (token). `confirm: true` is required so that a stray POST cannot halt trading. */
export const KillSwitchRequestSchema = Type.Object(
  {
    confirm: Type.Literal(true, { description: 'Must be true: the caller confirmed (the app asks the user to type STOP).' }),
    reason: Type.Optional(Type.String({ maxLength: 200, description: 'Why, for the journal.' })),
  },
  { additionalProperties: false },
);
export type KillSwitchRequest = Static<typeof KillSwitchRequestSchema>;

export const KillSwitchResponseSchema = Type.Object({
  tradingState: TradingStateSchema,
  strategiesStopped: Type.Array(Type.String(), { description: 'Ids of the strategies this call stopped.' }),
  ordersCanceled: Type.Array(Type.String(), { description: 'Order ids this call canceled.' }),
  ordersStillOpen: Type.Array(Type.String(), { description: 'Open orders a cancel did not close (should be empty on the paper venue).' }),
  positionsLeftOpen: Type.Integer({ description: 'Open positions are NOT flattened by the kill switch; close them with orders (reducing orders are denied while HALTED too).' }),
  journalSeq: Type.Integer({ description: 'Journal sequence number of the kill-switch command.' }),
});
export type KillSwitchResponse = Static<typeof KillSwitchResponseSchema>;

export const ResumeResponseSchema = Type.Object({ tradingState: TradingStateSchema, journalSeq: Type.Integer() });
export type ResumeResponse = Static<typeof ResumeResponseSchema>;

export const LiveFillSchema = Type.Object({
  orderId: Type.String(),
  tradeId: Type.String(),
  strategyId: Type.String(),
  instrument: Type.String(),
  side: Type.String({ description: 'BUY or SELL' }),
  quantity: Type.Number(),
  price: Type.Number(),
  commission: Type.Number(),
  currency: Type.String(),
  ts: Type.Number({ description: 'Epoch ms of the fill.' }),
});
export type LiveFill = Static<typeof LiveFillSchema>;

export const LivePositionSchema = Type.Object({
  instrument: Type.String(),
  side: Type.String(),
  quantity: Type.Number(),
  avgPxOpen: Type.Number(),
  realizedPnl: Type.Number(),
  mark: Type.Union([Type.Number(), Type.Null()], { description: 'Mid of the last quote; null before the first quote.' }),
  unrealizedPnl: Type.Union([Type.Number(), Type.Null()]),
  currency: Type.String(),
});
export type LivePosition = Static<typeof LivePositionSchema>;

export const EquityPointSchema = Type.Object({ time: Type.Number(), value: Type.Number() });

/** GET /api/live/summary (token): what the monitor shows, in one call. */
export const LiveSummarySchema = Type.Object({
  venue: Type.Literal('paper'),
  synthetic: Type.Literal(true),
  time: Type.Number(),
  tradingState: TradingStateSchema,
  currency: Type.String({ description: 'Unit of PnL and equity: USD, with USDT counted 1:1.' }),
  pnlToday: Type.Object({
    since: Type.Number({ description: 'UTC midnight, epoch ms.' }),
    total: Type.Number({ description: 'realized + unrealized - commissions' }),
    realized: Type.Number({ description: "Gross PnL of today's fills that closed quantity opened today (average cost)." }),
    unrealized: Type.Number({ description: "Quantity bought or sold today and still open, marked at the last quote's mid." }),
    commissions: Type.Number(),
    fills: Type.Integer(),
  }),
  equity: Type.Object({
    now: Type.Number({ description: 'Cash balances plus holdings at the last mid.' }),
    unpriced: Type.Array(Type.String(), { description: 'Balances left out for want of a price.' }),
    series: Type.Array(EquityPointSchema, { description: 'Sampled every minute and at each account change since the gateway started (at most 24 h).' }),
  }),
  balances: Type.Array(Type.Object({ currency: Type.String(), total: Type.Number(), free: Type.Number(), locked: Type.Number() })),
  positions: Type.Array(LivePositionSchema),
  fills: Type.Array(LiveFillSchema, { description: 'The last 50 fills, newest first.' }),
  openOrders: Type.Array(PaperOrderSchema),
  strategies: Type.Array(LiveStrategySchema),
});
export type LiveSummary = Static<typeof LiveSummarySchema>;
