import type { FastifyInstance } from 'fastify';
import { ErrorBodySchema } from '../../shared/api/errors.ts';
import { HealthResponseSchema, type HealthResponse } from '../../shared/api/health.ts';
import type { GatewayConfig } from '../config.ts';

export default async function healthRoutes(app: FastifyInstance, opts: { config: GatewayConfig }): Promise<void> {
  const started = opts.config.now();
  app.get<{ Reply: HealthResponse }>(
    '/api/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Liveness and version',
        response: { 200: HealthResponseSchema, '4xx': ErrorBodySchema, '5xx': ErrorBodySchema },
      },
    },
    async () => {
      const now = opts.config.now();
      return { status: 'ok', version: opts.config.version, uptimeSec: Math.round((now - started) / 100) / 10, time: now };
    },
  );
}
