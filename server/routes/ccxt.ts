/**
 * Orders on the ccxt venue (a real exchange, or its testnet): /api/ccxt/*. Off unless configured (AIO_CCXT_EXCHANGE
 * or AIO_HOME/ccxt.json): every route then answers 409 CONFLICT saying how to turn it on. Keys are never returned.
 * The order routes are the ones every venue shares (venue-orders.ts); status and account are the ccxt venue's own.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { describeCcxtVenue, type CcxtVenueConfig } from '../live/ccxt-venue-config.ts';
import type { CcxtVenueService } from '../live/ccxt-venue.ts';
import { ClientOrderId, ReconcileReportSchema, VenueOrderRequestSchema, registerVenueOrderRoutes, venueErrors as errors, venueSecurity as security } from './venue-orders.ts';

export { ClientOrderId };
export const CcxtOrderRequestSchema = VenueOrderRequestSchema;
export const ReportSchema = ReconcileReportSchema;

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

export default async function ccxtRoutes(app: FastifyInstance, opts: { venue?: CcxtVenueService; config?: CcxtVenueConfig }): Promise<void> {
  const need = registerVenueOrderRoutes(app, {
    prefix: 'ccxt',
    tag: 'ccxt venue',
    venue: opts.venue,
    notConfigured: 'The ccxt venue is not configured: start the gateway with AIO_CCXT_EXCHANGE=binance AIO_CCXT_API_KEY=... AIO_CCXT_SECRET=... (or write AIO_HOME/ccxt.json, mode 0600).',
    connecting: 'The ccxt venue is still connecting; retry shortly.',
    orderSchema: CcxtOrderSchema,
    summaries: {
      submit: 'Place an order on the ccxt venue; idempotent on clientOrderId',
      submitDescription: 'The intent is journaled before it is sent. A timeout or dropped connection is settled by asking the venue for the client order id, never by sending again blindly. A venue refusal is status rejected, not an HTTP error.',
      list: 'Orders on the ccxt venue, as last reconciled',
      cancel: 'Cancel a ccxt order by client order id',
      reconcile: 'Reconcile orders and balances with the venue now',
    },
  });

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

  app.get('/api/ccxt/account', {
    config: { auth: true },
    schema: {
      tags: ['ccxt venue'],
      summary: "Balances at the venue as of the last reconciliation (spot: the balances are the positions)",
      security,
      response: { 200: Type.Object({ balances: Type.Array(BalanceSchema), reconciledAt: Type.Union([Type.Number(), Type.Null()]) }), ...errors },
    },
  }, async () => need().account());
}
