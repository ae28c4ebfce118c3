import { join } from 'node:path';
import { loadConfig } from '../config.ts';

/** The catalog file: $AIO_CATALOG, else <AIO_HOME or ~/.aio>/catalog.sqlite (beside the journal). */
export function defaultCatalogPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.AIO_CATALOG || join(loadConfig(env).home, 'catalog.sqlite');
}
