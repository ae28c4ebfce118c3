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
import { CcxtVenueError, type CcxtVenueService } from '../live/ccxt-venue.ts';
import type { CcxtLiveNode } from '../live/ccxt-node.ts';
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
  opts: { paper: PaperService; ccxt?: CcxtVenueService; journal?: Journal; time: TimeSource },
): Promise<void> {
  const { paper, journal } = opts;
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
    async (req) => {
      try {
        return paper.submit(req.body);
      } catch (e) {
        mapError(e);
      }
    },
  );

  app.get('/api/paper/orders', {
    config: { auth: true },
    schema: { tags: ['paper trading'], summary: 'Orders on the paper venue', security, response: { 200: PaperOrdersResponseSchema, ...errors } },
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
        if (req.body.venue === 'ccxt') {
          const node = ccxtNode();
          journal?.append('command.deploy_strategy', { venue: 'ccxt', instrument: req.body.instrument, spec: req.body.spec }, Date.now());
          const v = { ...node.deploy(req.body.spec, req.body.instrument), venue: 'ccxt' as const };
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
      ...(opts.ccxt?.status().ready ? opts.ccxt.liveNode(opts.time).strategies().map((v) => ({ ...v, venue: 'ccxt' as const })) : []),
    ],
  }));

  app.post<{ Params: { id: string } }>(
    '/api/live/strategies/:id/stop',
    {
      schema: { tags: ['live'], summary: 'Stop a live strategy', security, params: LiveStrategyParamsSchema, response: { 200: LiveStrategySchema, ...errors } },
    },
    async (req) => {
      try {
        if (opts.ccxt?.status().ready && opts.ccxt.liveNode(opts.time).has(req.params.id)) {
          const v = { ...opts.ccxt.liveNode(opts.time).stopStrategy(req.params.id), venue: 'ccxt' as const };
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
