import type { FastifyInstance } from 'fastify';
import { ErrorBodySchema } from '../../shared/api/errors.ts';
import {
  LiveDeployRequestSchema, LiveStrategiesResponseSchema, LiveStrategyParamsSchema, LiveStrategySchema, type LiveDeployRequest,
  PaperAccountResponseSchema, PaperCancelResponseSchema, PaperOrderParamsSchema, PaperOrderRequestSchema, PaperOrdersResponseSchema,
  PaperSubmitResponseSchema, type PaperOrderRequestWire,
} from '../../shared/api/paper.ts';
import { ApiError } from '../errors.ts';
import { PaperOrderError } from '../live/paper-node.ts';
import type { PaperService } from '../live/paper-service.ts';
import { CcxtVenueError } from '../live/ccxt-venue-error.ts';
import type { CcxtVenueService } from '../live/ccxt-venue.ts';
import type { CcxtLiveNode } from '../live/ccxt-node.ts';
import type { IbVenueService } from '../live/ib-venue.ts';
import type { Journal } from '../journal/journal.ts';
import type { TimeSource } from '../../shared/engine/clock.ts';

const errors = { '4xx': ErrorBodySchema, '5xx': ErrorBodySchema };
const security = [{ bearer: [] }];

function mapError(e: unknown): never {
  if (e instanceof PaperOrderError) throw new ApiError(e.code === 'NOT_FOUND' ? 404 : 400, e.code, e.message);
  throw e;
}

export default async function paperRoutes(
  app: FastifyInstance,
  opts: { paper: PaperService; ccxt?: CcxtVenueService; ib?: IbVenueService; journal?: Journal; time: TimeSource },
): Promise<void> {
  const { paper, journal } = opts;
  const ibNode = (): CcxtLiveNode => {
    if (!opts.ib) throw new ApiError(409, 'CONFLICT', "The IB venue is not configured (AIO_IB_APP / AIO_IB_PORT or AIO_HOME/ib.json); deploy with venue 'paper' or configure it (docs/gateway.md).");
    try {
      return opts.ib.liveNode(opts.time);
    } catch (e) {
      if (e instanceof CcxtVenueError) throw new ApiError(409, 'CONFLICT', e.message);
      throw e;
    }
  };
  /** The live nodes besides paper's that exist now, with their venue tag. */
  const others = (): Array<{ node: CcxtLiveNode; venue: 'ccxt' | 'ib' }> => [
    ...(opts.ccxt?.status().ready ? [{ node: opts.ccxt.liveNode(opts.time), venue: 'ccxt' as const }] : []),
    ...(opts.ib?.status().ready ? [{ node: opts.ib.liveNode(opts.time), venue: 'ib' as const }] : []),
  ];
  const ccxtNode = (): CcxtLiveNode => {
    if (!opts.ccxt) throw new ApiError(409, 'CONFLICT', "The ccxt venue is not configured (AIO_CCXT_EXCHANGE); deploy with venue 'paper' or configure it (docs/gateway.md).");
    try {
      return opts.ccxt.liveNode(opts.time);
    } catch (e) {
      if (e instanceof CcxtVenueError) throw new ApiError(409, 'CONFLICT', e.message);
      throw e;
    }
  };

  app.post<{ Body: PaperOrderRequestWire }>(
    '/api/paper/orders',
    {
      schema: {
        tags: ['paper trading'],
        summary: 'Place an order on the paper venue (synthetic data); idempotent on clientOrderId',
        description: 'Answers once the command and the events it caused are in the journal. A risk denial or venue rejection is the order status (DENIED / REJECTED), not an HTTP error.',
        security,
        body: PaperOrderRequestSchema,
        response: { 200: PaperSubmitResponseSchema, ...errors },
      },
    },
    // Synchronous: the answer is sent in the same tick as the journal commit, without a promise in between.
    (req, reply) => {
      try {
        reply.send(paper.submit(req.body));
      } catch (e) {
        mapError(e);
      }
    },
  );

  app.get('/api/paper/orders', {
    config: { auth: true },
    schema: { tags: ['paper trading'], summary: 'Orders on the paper venue: the open ones, and those closed within the last hour', description: 'Closed orders leave memory an hour after they close (a live node trading for weeks stays flat); the journal keeps every one: GET /api/audit.', security, response: { 200: PaperOrdersResponseSchema, ...errors } },
  }, async () => ({ orders: paper.node.orders() }));

  app.delete<{ Params: { orderId: string } }>(
    '/api/paper/orders/:orderId',
    {
      schema: {
        tags: ['paper trading'],
        summary: 'Cancel a paper order',
        security,
        params: PaperOrderParamsSchema,
        response: { 200: PaperCancelResponseSchema, ...errors },
      },
    },
    async (req) => {
      try {
        return { order: paper.cancel(req.params.orderId) };
      } catch (e) {
        mapError(e);
      }
    },
  );

  app.get('/api/paper/account', {
    config: { auth: true },
    schema: { tags: ['paper trading'], summary: 'Balances and open positions of the paper account', security, response: { 200: PaperAccountResponseSchema, ...errors } },
  }, async () => ({ synthetic: true as const, balances: paper.node.balances(), positions: paper.node.positions() }));

  app.post<{ Body: LiveDeployRequest }>(
    '/api/live/strategies',
    {
      schema: {
        tags: ['live'],
        summary: 'Deploy a StrategySpec to the paper venue (starts at once; indicators warm up on live bars)',
        security,
        body: LiveDeployRequestSchema,
        response: { 200: LiveStrategySchema, ...errors },
      },
    },
    async (req) => {
      try {
        if (req.body.venue === 'ccxt' || req.body.venue === 'ib') {
          const venue = req.body.venue;
          const node = venue === 'ccxt' ? ccxtNode() : ibNode();
          journal?.append('command.deploy_strategy', { venue, instrument: req.body.instrument, spec: req.body.spec }, Date.now());
          const v = { ...node.deploy(req.body.spec, req.body.instrument), venue };
          journal?.append('strategy.started', v, Date.now());
          return v;
        }
        return { ...paper.deploy(req.body.spec, req.body.instrument), venue: 'paper' as const };
      } catch (e) {
        mapError(e);
      }
    },
  );

  app.get('/api/live/strategies', {
    config: { auth: true },
    schema: { tags: ['live'], summary: 'Strategies deployed on the gateway and their status', security, response: { 200: LiveStrategiesResponseSchema, ...errors } },
  }, async () => ({
    strategies: [
      ...paper.node.strategies().map((v) => ({ ...v, venue: 'paper' as const })),
      ...others().flatMap((o) => o.node.strategies().map((v) => ({ ...v, venue: o.venue }))),
    ],
  }));

  app.post<{ Params: { id: string } }>(
    '/api/live/strategies/:id/stop',
    {
      schema: { tags: ['live'], summary: 'Stop a live strategy', security, params: LiveStrategyParamsSchema, response: { 200: LiveStrategySchema, ...errors } },
    },
    async (req) => {
      try {
        for (const o of others()) {
          if (!o.node.has(req.params.id)) continue;
          const v = { ...o.node.stopStrategy(req.params.id), venue: o.venue };
          journal?.append('strategy.stopped', v, Date.now());
          return v;
        }
        return { ...paper.stopStrategy(req.params.id), venue: 'paper' as const };
      } catch (e) {
        mapError(e);
      }
    },
  );
}
