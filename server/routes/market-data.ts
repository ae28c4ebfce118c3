import type { FastifyInstance } from 'fastify';
import { BarsQuerySchema, BarsResponseSchema, type BarsQuery, type BarsResponse } from '../../shared/api/bars.ts';
import { ErrorBodySchema } from '../../shared/api/errors.ts';
import { InstrumentListResponseSchema, type InstrumentListResponse } from '../../shared/api/instruments.ts';
import type { BarService } from '../market/bar-service.ts';

const errors = { '4xx': ErrorBodySchema, '5xx': ErrorBodySchema };

export default async function marketDataRoutes(app: FastifyInstance, opts: { bars: BarService }): Promise<void> {
  app.get<{ Reply: InstrumentListResponse }>(
    '/api/instruments',
    {
      schema: {
        tags: ['market data'],
        summary: 'Instruments the gateway serves (real and synthetic, labelled)',
        response: { 200: InstrumentListResponseSchema, ...errors },
      },
    },
    async () => ({ instruments: opts.bars.instruments() }),
  );

  app.get<{ Querystring: BarsQuery; Reply: BarsResponse }>(
    '/api/bars',
    {
      schema: {
        tags: ['market data'],
        summary: 'Bars of one instrument and timeframe, as columns',
        description:
          'from/to: epoch ms or ISO date, both inclusive. Without them: the whole S&P 500 file, or the latest 5,000 bars ' +
          'of a synthetic instrument (from only: the first 5,000 from there; to only: the last 5,000 up to there).',
        querystring: BarsQuerySchema,
        response: { 200: BarsResponseSchema, ...errors },
      },
    },
    async (req, reply) => {
      const body = opts.bars.bars(req.query);
      // Large number columns serialise several times faster with JSON.stringify than with the schema compiler;
      // the body is built to the schema (BarsResponse type), so nothing is lost by skipping it.
      if (body.count > 1000) reply.type('application/json; charset=utf-8').serializer(JSON.stringify);
      return body;
    },
  );
}
