import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors.ts';
import { globalPlugin, pathOf } from './global.ts';

/** The paths a foreign Origin may not use: the API and the WebSocket. */
const isGatewayPath = (path: string): boolean => path.startsWith('/api') || path === '/ws';

export interface SecurityOptions {
  corsOrigins: string[];
  rateLimitPerMinute: number;
}

/**
 * Browser-facing protections. CORS answers only the app's origins (the gateway's own and the dev server's, plus
 * AIO_CORS_ORIGINS); a request that carries a foreign Origin header is refused outright on /api and /ws, so a page
 * on another site cannot drive the gateway even through requests CORS would not preflight.
 * Rate limit per client IP; body size is limited by Fastify's bodyLimit (config.bodyLimitBytes).
 */
async function security(app: FastifyInstance, opts: SecurityOptions): Promise<void> {
  const allowed = new Set(opts.corsOrigins);
  const isAllowed = (origin: string, host: string | undefined): boolean =>
    allowed.has(origin) || (host !== undefined && (origin === `http://${host}` || origin === `https://${host}`));

  // A callback hook, not an async one: no promise and no extra microtask on every request.
  app.addHook('onRequest', (req, _reply, done) => {
    const origin = req.headers.origin;
    if (typeof origin === 'string' && isGatewayPath(pathOf(req.url)) && !isAllowed(origin, req.headers.host)) {
      done(new ApiError(403, 'FORBIDDEN', `Origin ${origin.slice(0, 200)} may not use this gateway. Add it to AIO_CORS_ORIGINS if it is yours.`));
      return;
    }
    done();
  });
  await app.register(cors, {
    origin: (origin, cb) => cb(null, origin === undefined ? false : allowed.has(origin)),
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH'],
    allowedHeaders: ['content-type', 'authorization'],
    maxAge: 600,
  });
  await app.register(rateLimit, {
    max: opts.rateLimitPerMinute,
    timeWindow: 60_000,
    errorResponseBuilder: (_req, ctx) =>
      new ApiError(429, 'RATE_LIMITED', `Too many requests: at most ${ctx.max} a minute from one client. Retry in ${ctx.after}.`, { retryAfter: ctx.after }),
  });
}

export default globalPlugin(security, 'aio-security');
