import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.ts';
import { tokenMatcher } from '../auth/token.ts';
import { globalPlugin, pathOf } from './global.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Route needs the API token even for GET (audit export, the WebSocket). */
    auth?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The token from `Authorization: Bearer <token>`, or for the WebSocket only, `?token=` (browsers cannot set headers there). */
export function tokenOf(req: FastifyRequest, allowQuery: boolean): string | undefined {
  const h = req.headers.authorization;
  if (typeof h === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
    return m ? m[1] : undefined;
  }
  if (allowQuery) {
    const q = (req.query as Record<string, unknown> | undefined)?.token;
    return typeof q === 'string' ? q : undefined;
  }
  return undefined;
}

/**
 * Token check, enforced centrally: every non-GET under /api (so a new write route is protected by default), and any
 * route that sets `config: { auth: true }`. Runs in onRequest, before the body is even parsed.
 */
async function auth(app: FastifyInstance, opts: { token: string }): Promise<void> {
  // A callback hook, not an async one: no promise and no extra microtask on every request.
  const matches = tokenMatcher(opts.token);
  app.addHook('onRequest', (req, _reply, done) => {
    const path = pathOf(req.url);
    const isApiWrite = !SAFE_METHODS.has(req.method) && (path === '/api' || path.startsWith('/api/'));
    const flagged = req.routeOptions.config?.auth === true;
    if (!isApiWrite && !flagged) {
      done();
      return;
    }
    const isWs = path === '/ws';
    const given = tokenOf(req, isWs);
    if (matches(given)) {
      done();
      return;
    }
    done(
      new ApiError(
        401,
        'UNAUTHORIZED',
        given === undefined
          ? `This endpoint needs the API token: send 'Authorization: Bearer <token>'${isWs ? " (or ?token=<token> on the WebSocket URL)" : ''}. The token is in the file api-token in the gateway's AIO_HOME (printed at first start).`
          : 'The API token is wrong. Use the one in the file api-token in the gateway\'s AIO_HOME.',
      ),
    );
  });
}

export default globalPlugin(auth, 'aio-auth');
