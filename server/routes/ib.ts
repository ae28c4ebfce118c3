/**
 * Orders on the Interactive Brokers venue (through a TWS or IB Gateway the user runs): /api/ib/*. Off unless
 * configured (AIO_IB_APP / AIO_IB_PORT or AIO_HOME/ib.json): every route then answers 409 CONFLICT saying how to turn
 * it on. The same request shape as /api/ccxt/orders (instrument ids like 'AAPL.NASDAQ').
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorBodySchema } from '../../shared/api/errors.ts';
import { ApiError } from '../errors.ts';
import { describeIbVenue, type IbVenueConfig } from '../live/ib-venue-config.ts';
import { CcxtVenueError } from '../live/ccxt-venue.ts';
import type { IbVenueService } from '../live/ib-venue.ts';
import { CcxtOrderRequestSchema, CcxtOrderSchema, ClientOrderId, ReportSchema } from './ccxt.ts';

const errors = { '4xx': ErrorBodySchema, '5xx': ErrorBodySchema };
const security = [{ bearer: [] }];

export const IbOrderRequestSchema = CcxtOrderRequestSchema;
const IbOrderSchema = Type.Composite([
  Type.Omit(CcxtOrderSchema, ['status']),
  Type.Object({
    status: Type.Union(['open', 'closed', 'canceled', 'rejected', 'not_placed', 'unknown'].map((s) => Type.Literal(s)), {
      description: 'unknown: handed to TWS, not yet acknowledged; not_placed: TWS never got it (not resent).',
    }),
    orderId: Type.Union([Type.Integer(), Type.Null()], { description: 'TWS order id' }),
    execIds: Type.Array(Type.String(), { description: 'TWS executions of this order (deduplicated)' }),
    commission: Type.Number(),
  }),
]);

export default async function ibRoutes(app: FastifyInstance, opts: { venue?: IbVenueService; config?: IbVenueConfig }): Promise<void> {
  const need = (): IbVenueService => {
    if (!opts.venue) {
      throw new ApiError(409, 'CONFLICT', 'The IB venue is not configured: run TWS or IB Gateway with the API enabled and start the gateway with AIO_IB_APP=tws AIO_IB_MODE=paper (port 7497; live 7496, IB Gateway 4002 / 4001) or AIO_IB_PORT=..., or write AIO_HOME/ib.json (mode 0600).');
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

  app.get('/api/ib/status', {
    config: { auth: true },
    schema: {
      tags: ['ib venue'],
      summary: 'Whether the IB venue is configured, connected to TWS / IB Gateway and reconciled; 409 when not configured',
      security,
      response: {
        200: Type.Object({
          configured: Type.Literal(true),
          venue: Type.Object({ app: Type.String(), mode: Type.String(), host: Type.String(), port: Type.Integer(), clientId: Type.Integer(), contracts: Type.Array(Type.String()), source: Type.String() }),
          ready: Type.Boolean(),
          connected: Type.Boolean(),
          error: Type.Union([Type.String(), Type.Null()]),
          lastReconcile: Type.Union([ReportSchema, Type.Null()]),
        }),
        ...errors,
      },
    },
  }, async () => {
    const v = need();
    return { configured: true as const, venue: describeIbVenue(opts.config as IbVenueConfig), ...v.status() };
  });

  app.post<{ Body: Static<typeof IbOrderRequestSchema> }>('/api/ib/orders', {
    schema: {
      tags: ['ib venue'],
      summary: 'Place an order through TWS; idempotent on clientOrderId (sent as the order\'s orderRef)',
      description: 'The intent is journaled before placeOrder, the TWS order id right after. Fills arrive from TWS (execDetails) and are journaled; a restart settles orders by orderRef from reqOpenOrders + reqExecutions, never by placing again.',
      security,
      body: IbOrderRequestSchema,
      response: { 200: Type.Object({ order: IbOrderSchema, duplicate: Type.Boolean() }), ...errors },
    },
  }, async (req) => {
    try {
      return await need().submit(req.body);
    } catch (e) {
      return mapError(e);
    }
  });

  app.get('/api/ib/orders', {
    config: { auth: true },
    schema: { tags: ['ib venue'], summary: 'Orders on the IB venue as the gateway knows them (journal + TWS events)', security, response: { 200: Type.Object({ orders: Type.Array(IbOrderSchema) }), ...errors } },
  }, async () => ({ orders: need().list() }));

  app.delete<{ Params: { clientOrderId: string } }>('/api/ib/orders/:clientOrderId', {
    schema: {
      tags: ['ib venue'],
      summary: 'Cancel an IB order by client order id (TWS confirms with orderStatus Cancelled)',
      security,
      params: Type.Object({ clientOrderId: ClientOrderId }),
      response: { 200: Type.Object({ order: IbOrderSchema }), ...errors },
    },
  }, async (req) => {
    try {
      return { order: await need().cancel(req.params.clientOrderId) };
    } catch (e) {
      return mapError(e);
    }
  });

  app.get('/api/ib/account', {
    config: { auth: true },
    schema: {
      tags: ['ib venue'],
      summary: "Positions from the executions of the gateway's own orders, and their commissions (not TWS's account values)",
      security,
      response: {
        200: Type.Object({
          positions: Type.Array(Type.Object({ instrument: Type.String(), quantity: Type.Number(), avgPx: Type.Number() })),
          commissions: Type.Number(),
          reconciledAt: Type.Union([Type.Number(), Type.Null()]),
        }),
        ...errors,
      },
    },
  }, async () => need().account());

  app.post('/api/ib/reconcile', {
    schema: { tags: ['ib venue'], summary: 'Reconcile orders with TWS now (reqOpenOrders + reqExecutions)', security, response: { 200: ReportSchema, ...errors } },
  }, async () => {
    const v = need();
    if (!v.status().ready) throw new ApiError(409, 'CONFLICT', 'The IB venue is still connecting to TWS; retry shortly.');
    return v.reconcile();
  });
}
