import { Type, type Static } from '@sinclair/typebox';

/** POST /api/paper/orders (token required). The paper venue trades the synthetic instruments. */
export const PaperOrderRequestSchema = Type.Object(
  {
    clientOrderId: Type.Optional(
      Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,64}$', description: 'Your idempotency key: sending it again returns the order already placed and sends nothing.' }),
    ),
    instrument: Type.String({ minLength: 1, maxLength: 64 }),
    side: Type.Union([Type.Literal('BUY'), Type.Literal('SELL')]),
    type: Type.Union([Type.Literal('MARKET'), Type.Literal('LIMIT')]),
    quantity: Type.Number({ exclusiveMinimum: 0, maximum: 1e12 }),
    price: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1e12 })),
  },
  { additionalProperties: false },
);
export type PaperOrderRequestWire = Static<typeof PaperOrderRequestSchema>;

export const PaperOrderSchema = Type.Object({
  clientOrderId: Type.Union([Type.String(), Type.Null()]),
  orderId: Type.String({ description: "The kernel's client order id, e.g. O-MANUAL-1." }),
  instrument: Type.String(),
  side: Type.String(),
  type: Type.String(),
  quantity: Type.Number(),
  price: Type.Union([Type.Number(), Type.Null()]),
  status: Type.String({ description: 'INITIALIZED, SUBMITTED, ACCEPTED, FILLED, CANCELED, DENIED, REJECTED, ...' }),
  filledQty: Type.Number(),
  avgPx: Type.Union([Type.Number(), Type.Null()]),
});
export type PaperOrder = Static<typeof PaperOrderSchema>;

export const PaperSubmitResponseSchema = Type.Object({ order: PaperOrderSchema, duplicate: Type.Boolean() });
export const PaperOrdersResponseSchema = Type.Object({ orders: Type.Array(PaperOrderSchema) });
export const PaperOrderParamsSchema = Type.Object({ orderId: Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,100}$' }) });
export const PaperCancelResponseSchema = Type.Object({ order: PaperOrderSchema });

export const PaperAccountResponseSchema = Type.Object({
  synthetic: Type.Literal(true, { description: 'Paper trading on synthetic data.' }),
  balances: Type.Array(Type.Object({ currency: Type.String(), total: Type.Number(), free: Type.Number(), locked: Type.Number() })),
  positions: Type.Array(
    Type.Object({ instrument: Type.String(), side: Type.String(), quantity: Type.Number(), avgPxOpen: Type.Number(), realizedPnl: Type.Number() }),
  ),
});
export type PaperAccountResponse = Static<typeof PaperAccountResponseSchema>;

/** POST /api/live/strategies (token): deploy a StrategySpec (docs/strategy-spec.md) to the paper venue. */
export const LiveDeployRequestSchema = Type.Object(
  {
    spec: Type.Object({}, { additionalProperties: true, description: 'A StrategySpec; validated in full by the compiler (every problem listed).' }),
    instrument: Type.String({ minLength: 1, maxLength: 64, description: 'BTCUSDT.SIM, EURUSD.SIM or ACME.SIM on paper; e.g. BTCUSDT.BINANCE on ccxt.' }),
    venue: Type.Optional(Type.Union([Type.Literal('paper'), Type.Literal('ccxt'), Type.Literal('ib')], { description: "Where it trades: 'paper' (default), 'ccxt' (the configured exchange) or 'ib' (the configured TWS / IB Gateway)." })),
  },
  { additionalProperties: false },
);
export type LiveDeployRequest = Static<typeof LiveDeployRequestSchema>;

export const LiveStrategySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  instrument: Type.String(),
  timeframe: Type.String(),
  status: Type.Union([Type.Literal('RUNNING'), Type.Literal('STOPPED'), Type.Literal('FAULTED')]),
  startedAt: Type.Number(),
  stoppedAt: Type.Union([Type.Number(), Type.Null()]),
  /** FAULTED: which handler threw and its message. The strategy gets no more data; its working orders stay. */
  error: Type.Optional(Type.String()),
  venue: Type.Optional(Type.Union([Type.Literal('paper'), Type.Literal('ccxt'), Type.Literal('ib')])),
});
export type LiveStrategy = Static<typeof LiveStrategySchema>;
export const LiveStrategiesResponseSchema = Type.Object({ strategies: Type.Array(LiveStrategySchema) });
export const LiveStrategyParamsSchema = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,64}$' }) });
