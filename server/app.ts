import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { GatewayConfig } from './config.ts';
import { BarService } from './market/bar-service.ts';
import errorHandler from './plugins/error-handler.ts';
import openapi from './plugins/openapi.ts';
import spa from './plugins/spa.ts';
import healthRoutes from './routes/health.ts';
import marketDataRoutes from './routes/market-data.ts';

export interface AppServices {
  bars: BarService;
}

/**
 * The gateway as a Fastify instance, not yet listening: main.ts listens on it, tests call `app.inject()`.
 * Built from plugins in dependency order: error handler, OpenAPI, routes, then the SPA with its fallback.
 */
export async function buildApp(config: GatewayConfig): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'], censor: '[redacted]' },
          },
    bodyLimit: config.bodyLimitBytes,
    // Path parameters are short ids here; a huge one is hostile.
    routerOptions: { maxParamLength: 200 },
    // One log line per request only when debugging; refusals and failures are logged by the error handler.
    logController: new LogController({ disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace' }),
  });
  const services: AppServices = { bars: new BarService(config.dataDir) };
  app.decorate('aio', services);

  await app.register(errorHandler);
  await app.register(openapi, { version: config.version });
  await app.register(healthRoutes, { config });
  await app.register(marketDataRoutes, { bars: services.bars });
  await app.register(spa, { appDir: config.appDir });
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    aio: AppServices;
  }
}
