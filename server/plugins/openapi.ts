import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { globalPlugin } from './global.ts';

/**
 * OpenAPI 3 document built from the routes' own schemas (so it cannot drift from what is validated),
 * at /docs/json, with Swagger UI at /docs. The UI's files ship inside @fastify/swagger-ui: it works offline.
 */
async function openapi(app: FastifyInstance, opts: { version: string }): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'ai-indicator-optimizer gateway',
        description:
          'REST API of the gateway. Errors are `{ error: { code, message, details? } }` with stable codes. ' +
          'Write and trading endpoints need `Authorization: Bearer <token>` (the token is created in AIO_HOME at first start).',
        version: opts.version,
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
}

export default globalPlugin(openapi, 'aio-openapi');
