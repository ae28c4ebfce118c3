/**
 * Orders on the ccxt venue (a real exchange, or its testnet): /api/ccxt/*. Off unless configured (AIO_CCXT_EXCHANGE
 * or AIO_HOME/ccxt.json): every route then answers 409 CONFLICT saying how to turn it on. Keys are never returned.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorBodySchema } from '../../shared/api/errors.ts';
import { ApiError } from '../errors.ts';
import { describeCcxtVenue, type CcxtVenueConfig } from '../live/ccxt-venue-config.ts';
import { CcxtVenueError, type CcxtVenueService } from '../live/ccxt-venue.ts';

const errors = { '4xx': ErrorBodySchema, '5xx': ErrorBodySchema };
const security = [{ bearer: [] }];
export const ClientOrderId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,36}$', description: "Idempotency key, sent to the venue as its client order id (Binance's newClientOrderId rules)." });

export const CcxtOrderRequestSchema = Type.Object(
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

export const CcxtOrderSchema = Type.Object({
  clientOrderId: Type.String(),
  venueOrderId: Type.Union([Type.String(), Type.Null()]),
  instrument: Type.String(),
  symbol: Type.String(),
  side: Type.String(),
  type: Type.String(),
  amount: Type.Number(),
  price: Type.Union([Type.Number(), Type.Null()]),
  status: Type.Union(['open', 'closed', 'canceled', 'rejected', 'not_placed', 'unknown'].map((s) => Type.Literal(s)), {
    description: 'unknown: sent, outcome not yet settled (reconciliation asks the venue); not_placed: the venue never got it (not resent).',
  }),
  filled: Type.Number(),
  average: Type.Union([Type.Number(), Type.Null()]),
  reason: Type.Optional(Type.String()),
});

const BalanceSchema = Type.Object({ currency: Type.String(), free: Type.Number(), locked: Type.Number(), total: Type.Number() });
export const ReportSchema = Type.Object({
  at: Type.Number(),
  checked: Type.Number(),
  changed: Type.Array(Type.String()),
  adopted: Type.Array(Type.String()),
  notPlaced: Type.Array(Type.String()),
  stillUnknown: Type.Array(Type.String()),
});

export default async function ccxtRoutes(app: FastifyInstance, opts: { venue?: CcxtVenueService; config?: CcxtVenueConfig }): Promise<void> {
  const need = (): CcxtVenueService => {
    if (!opts.venue) {
      throw new ApiError(409, 'CONFLICT', 'The ccxt venue is not configured: start the gateway with AIO_CCXT_EXCHANGE=binance AIO_CCXT_API_KEY=... AIO_CCXT_SECRET=... (or write AIO_HOME/ccxt.json, mode 0600).');
    }
    return opts.venue;
  };
  const mapError = (e: unknown): never => {
    if (e instanceof CcxtVenueError) {
      const status = e.code === 'NOT_FOUND' ? 404 : e.code === 'NOT_READY' ? 409 : 400;
      throw new ApiError(status, e.code === 'NOT_READY' ? 'CONFLICT' : e.code, e.message);
    }
    throw e;
  };

  app.get('/api/ccxt/status', {
    config: { auth: true },
    schema: {
      tags: ['ccxt venue'],
      summary: 'Whether the ccxt venue is configured and connected (never the keys)',
      security,
      response: {
        200: Type.Object({
          configured: Type.Boolean(),
          venue: Type.Union([Type.Object({ exchangeId: Type.String(), sandbox: Type.Boolean(), hasKeys: Type.Boolean(), local: Type.Boolean(), source: Type.String() }), Type.Null()]),
          ready: Type.Boolean(),
          error: Type.Union([Type.String(), Type.Null()]),
          lastReconcile: Type.Union([ReportSchema, Type.Null()]),
          stream: Type.Optional(Type.Union([Type.Literal('up'), Type.Literal('down'), Type.Literal('off')], {
            description: "The exchange's user-data stream: up (fills arrive by push), down (reconnecting; polled meanwhile), off (polled).",
          })),
        }),
        ...errors,
      },
    },
  }, async () => {
    if (!opts.venue || !opts.config) return { configured: false, venue: null, ready: false, error: null, lastReconcile: null };
    return { configured: true, venue: describeCcxtVenue(opts.config), ...opts.venue.status() };
  });

  app.post<{ Body: Static<typeof CcxtOrderRequestSchema> }>('/api/ccxt/orders', {
    schema: {
      tags: ['ccxt venue'],
      summary: 'Place an order on the ccxt venue; idempotent on clientOrderId',
      description: 'The intent is journaled before it is sent. A timeout or dropped connection is settled by asking the venue for the client order id, never by sending again blindly. A venue refusal is status rejected, not an HTTP error.',
      security,
      body: CcxtOrderRequestSchema,
      response: { 200: Type.Object({ order: CcxtOrderSchema, duplicate: Type.Boolean() }), ...errors },
    },
  }, async (req) => {
    try {
      return await need().submit(req.body);
    } catch (e) {
      return mapError(e);
    }
  });

  app.get('/api/ccxt/orders', {
    config: { auth: true },
    schema: { tags: ['ccxt venue'], summary: 'Orders on the ccxt venue, as last reconciled', security, response: { 200: Type.Object({ orders: Type.Array(CcxtOrderSchema) }), ...errors } },
  }, async () => ({ orders: need().list() }));

  app.delete<{ Params: { clientOrderId: string } }>('/api/ccxt/orders/:clientOrderId', {
    schema: {
      tags: ['ccxt venue'],
      summary: 'Cancel a ccxt order by client order id',
      security,
      params: Type.Object({ clientOrderId: ClientOrderId }),
      response: { 200: Type.Object({ order: CcxtOrderSchema }), ...errors },
    },
  }, async (req) => {
    try {
      return { order: await need().cancel(req.params.clientOrderId) };
    } catch (e) {
      return mapError(e);
    }
  });

  app.get('/api/ccxt/account', {
    config: { auth: true },
    schema: {
      tags: ['ccxt venue'],
      summary: "Balances at the venue as of the last reconciliation (spot: the balances are the positions)",
      security,
      response: { 200: Type.Object({ balances: Type.Array(BalanceSchema), reconciledAt: Type.Union([Type.Number(), Type.Null()]) }), ...errors },
    },
  }, async () => need().account());

  app.post('/api/ccxt/reconcile', {
    schema: { tags: ['ccxt venue'], summary: 'Reconcile orders and balances with the venue now', security, response: { 200: ReportSchema, ...errors } },
  }, async () => {
    const v = need();
    if (!v.status().ready) throw new ApiError(409, 'CONFLICT', 'The ccxt venue is still connecting; retry shortly.');
    return v.reconcile();
  });
}
