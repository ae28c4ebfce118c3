/**
 * Orders on the Interactive Brokers venue (through a TWS or IB Gateway the user runs): /api/ib/*. Off unless
 * configured (AIO_IB_APP / AIO_IB_PORT or AIO_HOME/ib.json): every route then answers 409 CONFLICT saying how to turn
 * it on. The same request shape as /api/ccxt/orders (instrument ids like 'AAPL.NASDAQ').
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { describeIbVenue, type IbVenueConfig } from '../live/ib-venue-config.ts';
import type { IbVenueService } from '../live/ib-venue.ts';
import { CcxtOrderSchema } from './ccxt.ts';
import { ReconcileReportSchema as ReportSchema, VenueOrderRequestSchema, registerVenueOrderRoutes, venueErrors as errors, venueSecurity as security } from './venue-orders.ts';

export const IbOrderRequestSchema = VenueOrderRequestSchema;
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
  const need = registerVenueOrderRoutes(app, {
    prefix: 'ib',
    tag: 'ib venue',
    venue: opts.venue,
    notConfigured: 'The IB venue is not configured: run TWS or IB Gateway with the API enabled and start the gateway with AIO_IB_APP=tws AIO_IB_MODE=paper (port 7497; live 7496, IB Gateway 4002 / 4001) or AIO_IB_PORT=..., or write AIO_HOME/ib.json (mode 0600).',
    connecting: 'The IB venue is still connecting to TWS; retry shortly.',
    orderSchema: IbOrderSchema,
    summaries: {
      submit: "Place an order through TWS; idempotent on clientOrderId (sent as the order's orderRef)",
      submitDescription: 'The intent is journaled before placeOrder, the TWS order id right after. Fills arrive from TWS (execDetails) and are journaled; a restart settles orders by orderRef from reqOpenOrders + reqExecutions, never by placing again.',
      list: 'Orders on the IB venue as the gateway knows them (journal + TWS events)',
      cancel: 'Cancel an IB order by client order id (TWS confirms with orderStatus Cancelled)',
      reconcile: 'Reconcile orders with TWS now (reqOpenOrders + reqExecutions)',
    },
  });

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
}
