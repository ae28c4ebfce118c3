import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody } from '../../shared/api/errors.ts';
import { globalPlugin } from './global.ts';

/** Paths that belong to the API side: an unknown one is a JSON 404, never the SPA's index.html. */
const API_PREFIXES = ['/api/', '/api', '/ws', '/docs'];

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ai-indicator-optimizer: app not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40em; margin: 3em auto; line-height: 1.5">
<h1>The app is not built yet</h1>
<p>The gateway is running and its API answers under <a href="/api/health">/api/health</a>, but there is no built web app
to serve (dist/app is missing).</p>
<p>Run <code>npm run build</code> and reload this page, or restart with <code>npm start</code>, which builds it first.</p>
</body></html>`;

function isApiPath(url: string): boolean {
  const path = url.split('?')[0];
  return API_PREFIXES.some((p) => path === p || path.startsWith(p.endsWith('/') ? p : `${p}/`));
}

/**
 * Serves the built SPA from `appDir`; any other GET outside the API falls back to index.html so that client-side
 * routes (/lab, /live ...) survive a reload. Unknown API paths get the JSON 404.
 */
async function spa(app: FastifyInstance, opts: { appDir: string }): Promise<void> {
  const built = existsSync(join(opts.appDir, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root: opts.appDir,
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
      // Hashed assets may be cached for ever; index.html must be revalidated to pick up a new build.
      setHeaders: (reply, path) => {
        reply.header('cache-control', path.endsWith('index.html') || path.endsWith('sw.js') ? 'no-cache' : 'public, max-age=31536000, immutable');
      },
    });
  }
  app.setNotFoundHandler((req: FastifyRequest, reply: FastifyReply) => {
    const isPage = (req.method === 'GET' || req.method === 'HEAD') && !isApiPath(req.url) && !/\.[a-z0-9]{1,8}$/i.test(req.url.split('?')[0]);
    if (isPage) {
      if (built) return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').sendFile('index.html');
      return reply.status(503).type('text/html; charset=utf-8').send(NOT_BUILT);
    }
    const body: ErrorBody = {
      error: {
        code: 'NOT_FOUND',
        message: `No route ${req.method} ${req.url.split('?')[0]}. The API lives under /api (documented at /docs).`,
      },
    };
    return reply.status(404).send(body);
  });
}

export default globalPlugin(spa, 'aio-spa');
