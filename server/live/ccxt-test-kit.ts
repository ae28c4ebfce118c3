/**
 * Test kit for gateway process tests on the ccxt venue: a fresh fake Binance per test (the ground truth) with the
 * given balances and prices, a fresh AIO_HOME, a boot that starts the real gateway process pointed at the fake and
 * waits until the venue is ready, and an API helper with the gateway's token. Processes are SIGKILLed after each test.
 * Registers its own beforeEach/afterEach: call `ccxtGatewayKit()` once at the top of a test file.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { startGatewayProcess, type GatewayProcess } from '../testing.ts';
import { FakeBinance } from '../adapters/ccxt/testing/fake-binance.ts';

export interface CcxtKitOptions {
  /** Starting balances at the fake venue, e.g. { USDT: 10_000, BTC: 0 }. */
  balances: Record<string, number>;
  /** Last prices, e.g. { BTCUSDT: 50_000 }. */
  prices: Record<string, number>;
  /** Gateway environment besides the ccxt venue's (which points at the fake). */
  env?: Record<string, string>;
  apiKey?: string;
  secret?: string;
  /** ccxt request timeout for the gateway (AIO_CCXT_TIMEOUT_MS). */
  timeoutMs?: number;
}

export interface CcxtGatewayKit {
  readonly fake: FakeBinance;
  readonly home: string;
  /** Bearer token + JSON content type, set by boot(). */
  readonly headers: Record<string, string>;
  boot(): Promise<GatewayProcess>;
  /** A JSON request with the token; throws with the answer on a status other than 200. */
  api<T>(g: GatewayProcess, method: string, path: string, body?: object): Promise<T>;
}

export function ccxtGatewayKit(o: CcxtKitOptions): CcxtGatewayKit {
  let fake: FakeBinance | undefined;
  let home = '';
  let headers: Record<string, string> = {};
  const procs: ChildProcess[] = [];
  beforeEach(async () => {
    fake = await new FakeBinance().start();
    for (const [ccy, total] of Object.entries(o.balances)) fake.account.setBalance(ccy, total);
    for (const [symbol, price] of Object.entries(o.prices)) fake.account.setPrice(symbol, price);
    home = mkdtempSync(join(tmpdir(), 'aio-ccxt-'));
  });
  afterEach(async () => {
    for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL');
    procs.length = 0;
    await fake?.stop();
  });
  const kit: CcxtGatewayKit = {
    get fake(): FakeBinance {
      if (!fake) throw new Error('ccxtGatewayKit: the fake Binance starts in beforeEach; use kit.fake inside a test');
      return fake;
    },
    get home(): string {
      return home;
    },
    get headers(): Record<string, string> {
      return headers;
    },
    async boot() {
      const g = await startGatewayProcess(home, {
        ...o.env,
        AIO_CCXT_EXCHANGE: 'binance', AIO_CCXT_API_KEY: o.apiKey ?? 'k-test', AIO_CCXT_SECRET: o.secret ?? 's-test', AIO_CCXT_URL: kit.fake.restUrl,
        AIO_CCXT_TIMEOUT_MS: String(o.timeoutMs ?? 2000), AIO_CCXT_POLL_MS: '200', AIO_CCXT_RATE_LIMIT_MS: '5',
      });
      procs.push(g.proc);
      headers = { authorization: `Bearer ${readFileSync(join(home, 'api-token'), 'utf8').trim()}`, 'content-type': 'application/json' };
      for (let i = 0; i < 400; i++) {
        const s = (await (await fetch(`${g.base}/api/ccxt/status`, { headers })).json()) as { ready: boolean };
        if (s.ready) return g;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`ccxt venue never became ready: ${g.out()}`);
    },
    async api<T>(g: GatewayProcess, method: string, path: string, body?: object): Promise<T> {
      const h = body ? headers : { authorization: headers.authorization };
      const r = await fetch(`${g.base}${path}`, { method, headers: h, body: body ? JSON.stringify(body) : undefined });
      const j = (await r.json()) as T;
      if (r.status !== 200) throw new Error(`${method} ${path} -> ${r.status} ${JSON.stringify(j)}`);
      return j;
    },
  };
  return kit;
}
