import { Type, type Static } from '@sinclair/typebox';

/**
 * WebSocket /ws (token required: `Authorization: Bearer <token>` or `?token=<token>`). JSON text frames.
 * Topics are dot-separated names (`journal.operator.note`, `trades.BTCUSDT.SIM`); a subscription ending in `.*`
 * matches every topic under that prefix. A client that reads too slowly is dropped with close code 1013 and a
 * reason; it may reconnect and resubscribe.
 */
export const WS_TOPIC_PATTERN = '^[A-Za-z0-9_:-]+(\\.[A-Za-z0-9_:-]+)*(\\.\\*)?$';
export const WsTopicSchema = Type.String({ minLength: 1, maxLength: 128, pattern: WS_TOPIC_PATTERN });

export const WsClientMessageSchema = Type.Union([
  Type.Object(
    { op: Type.Literal('subscribe'), topics: Type.Array(WsTopicSchema, { minItems: 1, maxItems: 100 }), id: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Integer()])) },
    { additionalProperties: false },
  ),
  Type.Object(
    { op: Type.Literal('unsubscribe'), topics: Type.Array(WsTopicSchema, { minItems: 1, maxItems: 100 }), id: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Integer()])) },
    { additionalProperties: false },
  ),
  Type.Object({ op: Type.Literal('ping'), id: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Integer()])) }, { additionalProperties: false }),
]);
export type WsClientMessage = Static<typeof WsClientMessageSchema>;

/** Messages the gateway sends. */
export type WsServerMessage =
  | { type: 'hello'; version: string; time: number }
  | { type: 'ack'; op: 'subscribe' | 'unsubscribe'; id?: string | number; topics: string[] }
  | { type: 'pong'; id?: string | number; time: number }
  | { type: 'event'; topic: string; time: number; data: unknown }
  | { type: 'error'; code: 'VALIDATION' | 'RATE_LIMITED' | 'LIMIT'; message: string; id?: string | number };

/** Close codes: 1013 = slow consumer (dropped for backpressure), 1008 = policy (flooding, bad frames). */
export const WS_CLOSE_SLOW_CONSUMER = 1013;
export const WS_CLOSE_POLICY = 1008;
