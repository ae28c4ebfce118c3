/**
 * The order routes every reconciling venue shares (ccxt, Interactive Brokers): place (idempotent on clientOrderId),
 * list, cancel by client order id, reconcile now — under /api/<venue>/. Each venue's own file adds what differs
 * (status, account) and says what its orders look like. Unconfigured, every route answers 409 with how to turn the
 * venue on; the venue's typed errors map to stable HTTP codes here.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorBodySchema } from '../../shared/api/errors.ts';
import { ApiError } from '../errors.ts';
import { CcxtVenueError } from '../live/ccxt-venue-error.ts';
import type { CcxtOrderRequestWire } from '../live/ccxt-venue.ts';

export const venueErrors = { '4xx': ErrorBodySchema, '5xx': ErrorBodySchema };
export const venueSecurity = [{ bearer: [] }];

export const ClientOrderId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,36}$', description: "Idempotency key, sent to the venue as its client order id (Binance's newClientOrderId rules)." });

export const VenueOrderRequestSchema = Type.Object(
  {
    clientOrderId: Type.Optional(ClientOrderId),
    instrument: Type.String({ pattern: '^[A-Za-z0-9/_:-]{1,40}\\.[A-Z0-9_-]{1,20}$', description: "e.g. 'BTCUSDT.BINANCE'" }),
    side: Type.Union([Type.Literal('BUY'), Type.Literal('SELL')]),
    type: Type.Union([Type.Literal('MARKET'), Type.Literal('LIMIT')]),
    quantity: Type.Number({ exclusiveMinimum: 0, maximum: 1e12 }),
    price: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1e12 })),
  },
  { additionalProperties: false },
);

export const ReconcileReportSchema = Type.Object({
  at: Type.Number(),
  checked: Type.Number(),
  changed: Type.Array(Type.String()),
  adopted: Type.Array(Type.String()),
  notPlaced: Type.Array(Type.String()),
  stillUnknown: Type.Array(Type.String()),
});

/** What the shared routes need of a venue service. */
export interface VenueOrderService {
  submit(req: CcxtOrderRequestWire): Promise<{ order: unknown; duplicate: boolean }>;
  list(): unknown[];
  cancel(clientOrderId: string): Promise<unknown>;
  reconcile(): Promise<unknown>;
  status(): { ready: boolean };
}

export interface VenueOrderRoutes<V extends VenueOrderService> {
  /** The path segment and name: /api/<prefix>/orders. */
  prefix: string;
  /** OpenAPI tag, e.g. 'ccxt venue'. */
  tag: string;
  venue: V | undefined;
  /** The 409 message when the venue is off: how to configure it. */
  notConfigured: string;
  /** The 409 message of a reconcile asked before the venue is ready. */
  connecting: string;
  orderSchema: TSchema;
  summaries: { submit: string; submitDescription: string; list: string; cancel: string; reconcile: string };
}

/** A venue's typed error as an HTTP error with a stable code. */
export function mapVenueError(e: unknown): never {
  if (e instanceof CcxtVenueError) {
    const status = e.code === 'NOT_FOUND' ? 404 : e.code === 'NOT_READY' ? 409 : 400;
    throw new ApiError(status, e.code === 'NOT_READY' ? 'CONFLICT' : e.code, e.message);
  }
  throw e;
}

/** Registers the shared order routes; answers the guard that the venue's own routes use too. */
export function registerVenueOrderRoutes<V extends VenueOrderService>(app: FastifyInstance, o: VenueOrderRoutes<V>): () => V {
  const need = (): V => {
    if (!o.venue) throw new ApiError(409, 'CONFLICT', o.notConfigured);
    return o.venue;
  };
  const base = `/api/${o.prefix}`;
  const tags = [o.tag];

  app.post<{ Body: Static<typeof VenueOrderRequestSchema> }>(`${base}/orders`, {
    schema: {
      tags, summary: o.summaries.submit, description: o.summaries.submitDescription, security: venueSecurity, body: VenueOrderRequestSchema,
      response: { 200: Type.Object({ order: o.orderSchema, duplicate: Type.Boolean() }), ...venueErrors },
    },
  }, async (req) => {
    try {
      return await need().submit(req.body);
    } catch (e) {
      return mapVenueError(e);
    }
  });

  app.get(`${base}/orders`, {
    config: { auth: true },
    schema: { tags, summary: o.summaries.list, security: venueSecurity, response: { 200: Type.Object({ orders: Type.Array(o.orderSchema) }), ...venueErrors } },
  }, async () => ({ orders: need().list() }));

  app.delete<{ Params: { clientOrderId: string } }>(`${base}/orders/:clientOrderId`, {
    schema: {
      tags, summary: o.summaries.cancel, security: venueSecurity, params: Type.Object({ clientOrderId: ClientOrderId }),
      response: { 200: Type.Object({ order: o.orderSchema }), ...venueErrors },
    },
  }, async (req) => {
    try {
      return { order: await need().cancel(req.params.clientOrderId) };
    } catch (e) {
      return mapVenueError(e);
    }
  });

  app.post(`${base}/reconcile`, {
    schema: { tags, summary: o.summaries.reconcile, security: venueSecurity, response: { 200: ReconcileReportSchema, ...venueErrors } },
  }, async () => {
    const v = need();
    if (!v.status().ready) throw new ApiError(409, 'CONFLICT', o.connecting);
    return v.reconcile();
  });

  return need;
}
