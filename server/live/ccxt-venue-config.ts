/**
 * Settings of the ccxt venue: from the environment or from `AIO_HOME/ccxt.json` (environment wins, field by field).
 * The keys stay in the gateway's memory: no route returns this object, and `describeCcxtVenue` is what may be shown.
 *
 *   AIO_CCXT_EXCHANGE=binance  AIO_CCXT_API_KEY=...  AIO_CCXT_SECRET=...  AIO_CCXT_SANDBOX=1 (exchange testnet)
 *   AIO_CCXT_URL=http://127.0.0.1:PORT   every REST URL of the exchange rewritten to a local server (tests)
 *   AIO_CCXT_TIMEOUT_MS (default 10000)  AIO_CCXT_POLL_MS (default 2000): how often orders and balances are reconciled
 *   while the user-data stream is down or off
 *   AIO_CCXT_STREAM=0 (default on with keys)  learn order changes and balances from the exchange's user-data stream
 *   AIO_CCXT_RECONCILE_MS (default 30000)  how often to reconcile anyway while the stream is up
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface CcxtVenueConfig {
  exchangeId: string;
  apiKey?: string;
  secret?: string;
  sandbox: boolean;
  /** Local base URL for every REST endpoint (tests against the fake Binance); loopback only. */
  baseUrl?: string;
  timeoutMs: number;
  /** Reconciliation period while the user-data stream is down or off. */
  pollMs: number;
  /** Learn order changes from the exchange's user-data stream (ccxt watchOrders) when the exchange has one (default true). */
  stream?: boolean;
  /** Reconciliation period while the stream is up (a backstop: the venue does not replay what a socket missed; default 30 s). */
  streamPollMs?: number;
  /** Minimum ms between requests for ccxt's limiter (default: the exchange's published rate). */
  rateLimitMs?: number;
  /** Where the settings came from, for the status route ('env', 'file', 'env+file'). */
  source: string;
}

interface FileShape {
  exchangeId?: string;
  apiKey?: string;
  secret?: string;
  sandbox?: boolean;
  baseUrl?: string;
  timeoutMs?: number;
  pollMs?: number;
  stream?: boolean;
  streamPollMs?: number;
  rateLimitMs?: number;
}

/** An integer setting within [min, max] (shared by the venue configs). */
export function num(raw: string | number | undefined, name: string, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name}=${raw} is not valid: use an integer from ${min} to ${max}.`);
  return n;
}

/**
 * A venue's settings file in AIO_HOME ({} when absent): refused when group or others may read it (mode 0600), since
 * it holds keys or says where the trading account listens.
 */
export function readVenueFile<T>(path: string, what: string, example: string): Partial<T> {
  if (!existsSync(path)) return {};
  if ((statSync(path).mode & 0o077) !== 0) throw new Error(`${path} ${what} and is readable by other users: chmod 600 it.`);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Partial<T>;
  } catch (e) {
    throw new Error(`${path} is not valid JSON (${(e as Error).message}); expected ${example}.`);
  }
}

/** Undefined when neither AIO_CCXT_EXCHANGE nor ccxt.json names an exchange: the ccxt venue is then off. */
export function loadCcxtVenueConfig(env: NodeJS.ProcessEnv, home: string): CcxtVenueConfig | undefined {
  const path = join(home, 'ccxt.json');
  const file = readVenueFile<FileShape>(path, 'holds exchange keys', '{"exchangeId":"binance","apiKey":"...","secret":"..."}');
  const exchangeId = env.AIO_CCXT_EXCHANGE || file.exchangeId;
  if (!exchangeId) return undefined;
  const fromEnv = Boolean(env.AIO_CCXT_EXCHANGE || env.AIO_CCXT_API_KEY);
  const baseUrl = env.AIO_CCXT_URL || file.baseUrl;
  if (baseUrl && !/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(baseUrl)) {
    throw new Error(`AIO_CCXT_URL=${baseUrl}: only a local http://127.0.0.1:PORT server may replace the exchange's URLs (use AIO_CCXT_SANDBOX=1 for a testnet).`);
  }
  return {
    exchangeId,
    apiKey: env.AIO_CCXT_API_KEY || file.apiKey,
    secret: env.AIO_CCXT_SECRET || file.secret,
    sandbox: env.AIO_CCXT_SANDBOX ? env.AIO_CCXT_SANDBOX === '1' || env.AIO_CCXT_SANDBOX === 'true' : Boolean(file.sandbox),
    baseUrl,
    timeoutMs: num(env.AIO_CCXT_TIMEOUT_MS ?? file.timeoutMs, 'AIO_CCXT_TIMEOUT_MS', 10_000, 100, 120_000),
    pollMs: num(env.AIO_CCXT_POLL_MS ?? file.pollMs, 'AIO_CCXT_POLL_MS', 2_000, 50, 600_000),
    stream: env.AIO_CCXT_STREAM ? env.AIO_CCXT_STREAM !== '0' && env.AIO_CCXT_STREAM !== 'false' : file.stream ?? true,
    streamPollMs: num(env.AIO_CCXT_RECONCILE_MS ?? file.streamPollMs, 'AIO_CCXT_RECONCILE_MS', 30_000, 50, 3_600_000),
    rateLimitMs: env.AIO_CCXT_RATE_LIMIT_MS || file.rateLimitMs !== undefined ? num(env.AIO_CCXT_RATE_LIMIT_MS ?? file.rateLimitMs, 'AIO_CCXT_RATE_LIMIT_MS', 50, 1, 60_000) : undefined,
    source: fromEnv && existsSync(path) ? 'env+file' : fromEnv ? 'env' : 'file',
  };
}

/** What may be shown about the venue: never the keys, only whether there are some. */
export function describeCcxtVenue(c: CcxtVenueConfig): { exchangeId: string; sandbox: boolean; hasKeys: boolean; local: boolean; source: string } {
  return { exchangeId: c.exchangeId, sandbox: c.sandbox, hasKeys: Boolean(c.apiKey && c.secret), local: c.baseUrl !== undefined, source: c.source };
}
