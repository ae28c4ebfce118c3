/**
 * Test kit for gateway tests on the Interactive Brokers venue: a fresh fake TWS socket per test (the ground truth),
 * the gateway config that points the real @stoqey/ib client at it, and a boot that waits until the venue is ready.
 * Registers its own beforeEach/afterEach: call `ibGatewayKit()` once at the top of a test file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, expect } from 'vitest';
import { buildApp } from '../app.ts';
import { testConfig } from '../testing.ts';
import { FakeTws } from '../adapters/ib/testing/fake-tws.ts';
import type { GatewayConfig } from '../config.ts';

const rec = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'adapters', 'ib', 'testing', 'recorded.json'), 'utf8'));
/** AAPL's recorded contract details (the fake TWS does not speak reqContractDetails). */
export const aaplDetails = rec.contractDetails[0].details;

export interface IbGatewayKit {
  /** This test's fake TWS. */
  readonly tws: FakeTws;
  /** Apps closed after each test (push one built by hand; empty it after closing one yourself). */
  readonly apps: FastifyInstance[];
  ibConfig(home?: string): GatewayConfig;
  boot(config: GatewayConfig): Promise<{ app: FastifyInstance; headers: Record<string, string> }>;
  /** Polls every 25 ms until `ok` (at most `tries` times), then asserts it with `what` as the message. */
  until(what: string, ok: () => boolean | Promise<boolean>, tries?: number): Promise<void>;
}

export function ibGatewayKit(): IbGatewayKit {
  let tws: FakeTws | undefined;
  const apps: FastifyInstance[] = [];
  beforeEach(async () => {
    tws = await new FakeTws().start();
  });
  afterEach(async () => {
    for (const a of apps) await a.close().catch(() => undefined);
    apps.length = 0;
    await tws?.stop();
  });
  const kit: IbGatewayKit = {
    get tws(): FakeTws {
      if (!tws) throw new Error('ibGatewayKit: the fake TWS starts in beforeEach; use kit.tws inside a test');
      return tws;
    },
    apps,
    ibConfig(home?: string): GatewayConfig {
      const base = testConfig(home ? { home } : {});
      return {
        ...base,
        ib: { host: '127.0.0.1', port: kit.tws.port, app: 'tws', mode: 'paper', clientId: 7, contracts: [], pollMs: 100, connectTimeoutMs: 2000, requestTimeoutMs: 3000, source: 'env' },
        ibDeps: { details: aaplDetails },
      };
    },
    async boot(config: GatewayConfig) {
      const app = await buildApp(config);
      apps.push(app);
      await app.ready();
      const headers = { authorization: `Bearer ${app.aio.token.token}`, 'content-type': 'application/json' };
      for (let i = 0; i < 400; i++) {
        const s = (await app.inject({ method: 'GET', url: '/api/ib/status', headers })).json() as { ready: boolean };
        if (s.ready) return { app, headers };
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error('IB venue never became ready');
    },
    async until(what, ok, tries = 400) {
      for (let i = 0; i < tries && !(await ok()); i++) await new Promise((r) => setTimeout(r, 25));
      expect(await ok(), what).toBe(true);
    },
  };
  return kit;
}
