import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadCcxtVenueConfig, type CcxtVenueConfig } from './live/ccxt-venue-config.ts';
import type { IbVenueService } from './live/ib-venue.ts';
import { loadIbVenueConfig, type IbVenueConfig } from './live/ib-venue-config.ts';
import type { JournalSync } from './journal/journal.ts';
import { SLICE_US_MAX, SLICE_US_MIN } from './event-loop-slice.ts';

/**
 * The repository: the nearest folder above this module with a package.json. This module runs from server/ (tsx, tests)
 * or bundled into dist/server/ (`npm start`), one or two levels down.
 */
function findRepoRoot(): string {
  const start = dirname(fileURLToPath(import.meta.url));
  for (let d = start; ; d = dirname(d)) {
    if (existsSync(join(d, 'package.json'))) return d;
    if (dirname(d) === d) return resolve(start, '..');
  }
}
const repoRoot = findRepoRoot();

/** Everything the gateway reads from its environment, resolved once at start. Tests build one by hand. */
export interface GatewayConfig {
  /** Interface to bind; 127.0.0.1 by default so nothing outside this machine can reach it. */
  host: string;
  port: number;
  /** Data directory (API token, journal). Created on first start. */
  home: string;
  /** The built SPA (vite build output). */
  appDir: string;
  /** Embedded sample data (data/). */
  dataDir: string;
  version: string;
  /** pino level, or 'silent'. */
  logLevel: string;
  /** Origins allowed to call the API from a browser (CORS). The gateway's own origin is always allowed. */
  corsOrigins: string[];
  /** Requests per minute per client IP. */
  rateLimitPerMinute: number;
  /** Largest accepted request body, bytes. */
  bodyLimitBytes: number;
  /** Wall clock (epoch ms). The gateway is an IO edge, so it may read the system clock; tests inject one. */
  now: () => number;
  /**
   * Scheduler slice the event loop asks Linux for, µs (AIO_EVENT_LOOP_SLICE_US; default 100, 0 = the kernel's default):
   * the gateway gets a CPU sooner after an order arrives (server/event-loop-slice.ts). main.ts applies it.
   */
  eventLoopSliceUs: number;
  /** Journal durability: 'normal' survives process crashes and SIGKILL, 'full' also power loss (AIO_JOURNAL_SYNC). */
  journalSync?: JournalSync;
  /** The ccxt venue (a real exchange); undefined = off. Holds the keys: never log or return it. */
  ccxt?: CcxtVenueConfig;
  /** The Interactive Brokers venue (a TWS / IB Gateway to connect to); undefined = off. */
  ib?: IbVenueConfig;
  /** Tests: what the IB venue connects through instead of a socket, and contract details it knows without asking. */
  ibDeps?: ConstructorParameters<typeof IbVenueService>[4];
  /** Where logs go (default stdout); tests capture them to check redaction. */
  logStream?: { write(msg: string): void };
}

function readVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`${name}=${raw} is not valid: use an integer from ${min} to ${max}.`);
  }
  return n;
}

/**
 * Reads HOST, PORT, AIO_HOME, AIO_APP_DIR, AIO_DATA_DIR, LOG_LEVEL, AIO_CORS_ORIGINS, AIO_RATE_LIMIT, AIO_BODY_LIMIT,
 * AIO_EVENT_LOOP_SLICE_US, AIO_JOURNAL_SYNC and the venues' variables.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<GatewayConfig> = {}): GatewayConfig {
  const host = env.HOST || '127.0.0.1';
  const port = intFromEnv(env, 'PORT', 8787, 0, 65535);
  const home = resolve(env.AIO_HOME || (homedir() ? join(homedir(), '.aio') : join(repoRoot, '.aio')));
  const extraOrigins = (env.AIO_CORS_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return {
    host,
    port,
    home,
    appDir: resolve(env.AIO_APP_DIR || join(repoRoot, 'dist', 'app')),
    dataDir: resolve(env.AIO_DATA_DIR || join(repoRoot, 'data')),
    version: readVersion(),
    logLevel: env.LOG_LEVEL || 'info',
    // The vite dev server (npm run dev) serves the app from :5173 and proxies /api to the gateway.
    corsOrigins: [`http://127.0.0.1:${port}`, `http://localhost:${port}`, 'http://127.0.0.1:5173', 'http://localhost:5173', ...extraOrigins],
    rateLimitPerMinute: intFromEnv(env, 'AIO_RATE_LIMIT', 1200, 1, 1_000_000),
    bodyLimitBytes: intFromEnv(env, 'AIO_BODY_LIMIT', 256 * 1024, 1024, 64 * 1024 * 1024),
    now: () => Date.now(),
    eventLoopSliceUs: eventLoopSliceFromEnv(env),
    journalSync: journalSyncFromEnv(env),
    ccxt: loadCcxtVenueConfig(env, home),
    ib: loadIbVenueConfig(env, home),
    ...overrides,
  };
}

function eventLoopSliceFromEnv(env: NodeJS.ProcessEnv): number {
  const us = intFromEnv(env, 'AIO_EVENT_LOOP_SLICE_US', 100, 0, SLICE_US_MAX);
  if (us !== 0 && us < SLICE_US_MIN) {
    throw new Error(`AIO_EVENT_LOOP_SLICE_US=${us} is not valid: use 0 (the kernel's default slice) or ${SLICE_US_MIN} to ${SLICE_US_MAX} (µs).`);
  }
  return us;
}

function journalSyncFromEnv(env: NodeJS.ProcessEnv): JournalSync {
  const v = (env.AIO_JOURNAL_SYNC ?? 'normal').toLowerCase();
  if (v !== 'normal' && v !== 'full') throw new Error(`AIO_JOURNAL_SYNC=${env.AIO_JOURNAL_SYNC} is not valid: use normal (survives crashes) or full (also power loss).`);
  return v;
}

export { repoRoot };
