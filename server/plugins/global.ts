import type { FastifyPluginAsync, FastifyPluginCallback } from 'fastify';

/**
 * Marks a plugin as not encapsulated, so hooks and decorators it adds apply to the whole app — what the
 * `fastify-plugin` package does (it sets this same well-known symbol), without adding a dependency for one line.
 */
export function globalPlugin<T extends FastifyPluginAsync<any> | FastifyPluginCallback<any>>(fn: T, name: string): T {
  const f = fn as T & Record<symbol, unknown>;
  f[Symbol.for('skip-override')] = true;
  f[Symbol.for('fastify.display-name')] = name;
  return f;
}

/** The path of a request URL, without its query string (no array allocated, unlike split). */
export function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
