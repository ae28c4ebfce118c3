import { Type, type Static } from '@sinclair/typebox';
import { PaperOrderParamsSchema, PaperOrderRequestSchema, type PaperOrder } from './paper.ts';

/**
 * WebSocket /ws (token required: `Authorization: Bearer <token>` or `?token=<token>`). JSON text frames.
 * Topics are dot-separated names (`journal.operator.note`, `trades.BTCUSDT.SIM`); a subscription ending in `.*`
 * matches every topic under that prefix. A client that reads too slowly is dropped with close code 1013 and a
 * reason; it may reconnect and resubscribe.
 */
export const WS_TOPIC_PATTERN = '^[A-Za-z0-9_:-]+(\\.[A-Za-z0-9_:-]+)*(\\.\\*)?$';
export const WsTopicSchema = Type.String({ minLength: 1, maxLength: 128, pattern: WS_TOPIC_PATTERN });

const WsIdSchema = Type.Union([Type.String({ maxLength: 64 }), Type.Integer()]);

/**
 * Order entry on the socket (the paper venue): the same checks, risk engine and journal as POST /api/paper/orders,
 * without an HTTP request per order. The gateway commits the command and every event it caused to the journal, sends
 * the events to their subscribers, then answers `{ type: 'order', id, ... }`; one TCP write carries them all.
 * `id` (required) is echoed so the answer can be matched; `order.clientOrderId` makes a resend idempotent.
 */
export const WsSubmitOrderSchema = Type.Object(
  { op: Type.Literal('submit_order'), id: WsIdSchema, venue: Type.Optional(Type.Literal('paper')), order: PaperOrderRequestSchema },
  { additionalProperties: false },
);
export const WsCancelOrderSchema = Type.Object(
  { op: Type.Literal('cancel_order'), id: WsIdSchema, venue: Type.Optional(Type.Literal('paper')), orderId: PaperOrderParamsSchema.properties.orderId },
  { additionalProperties: false },
);

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
  WsSubmitOrderSchema,
  WsCancelOrderSchema,
]);
export type WsClientMessage = Static<typeof WsClientMessageSchema>;

/** Messages the gateway sends. */
export type WsServerMessage =
  | { type: 'hello'; version: string; time: number }
  | { type: 'ack'; op: 'subscribe' | 'unsubscribe'; id?: string | number; topics: string[] }
  | { type: 'pong'; id?: string | number; time: number }
  | { type: 'event'; topic: string; time: number; data: unknown }
  | { type: 'order'; op: 'submit_order' | 'cancel_order'; id: string | number; order: PaperOrder; duplicate: boolean }
  | { type: 'error'; code: WsErrorCode; message: string; id?: string | number };

/**
 * VALIDATION: the frame or the order is malformed (the message says where); UNKNOWN_INSTRUMENT, NOT_FOUND: as the
 * HTTP routes; UNAVAILABLE: order entry is not offered on this socket; INTERNAL: the gateway failed (the journal
 * could not commit, say): look the order up (GET /api/paper/orders) before sending it again; the gateway's log says why.
 */
export type WsErrorCode = 'VALIDATION' | 'RATE_LIMITED' | 'LIMIT' | 'UNKNOWN_INSTRUMENT' | 'NOT_FOUND' | 'UNAVAILABLE' | 'INTERNAL';

/** Close codes: 1013 = slow consumer (dropped for backpressure), 1008 = policy (flooding, bad frames). */
export const WS_CLOSE_SLOW_CONSUMER = 1013;
export const WS_CLOSE_POLICY = 1008;
