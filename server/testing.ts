import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { loadConfig, repoRoot, type GatewayConfig } from './config.ts';

/** A gateway config for tests: silent, a throwaway AIO_HOME, no built app unless given, a fixed clock if asked. */
export function testConfig(overrides: Partial<GatewayConfig> = {}): GatewayConfig {
  return loadConfig(
    { PORT: '8787' },
    {
      logLevel: 'silent',
      home: mkdtempSync(join(tmpdir(), 'aio-home-')),
      appDir: join(tmpdir(), 'aio-no-app-here'),
      ...overrides,
    },
  );
}

/** The app built from testConfig and listening on a free loopback port: its token and WebSocket URL (no token). */
export async function listenTestApp(overrides: Partial<GatewayConfig> = {}): Promise<{ app: FastifyInstance; token: string; wsBase: string }> {
  const app = await buildApp(testConfig(overrides));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const a = app.server.address();
  return { app, token: app.aio.token.token, wsBase: `ws://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/ws` };
}

/** A gateway started as a real process (as `npm start` does, minus the build), for crash and restart tests. */
export interface GatewayProcess {
  proc: ChildProcess;
  /** e.g. http://127.0.0.1:40123 — the port is chosen by the OS. */
  base: string;
  /** Everything the process printed so far (stdout and stderr). */
  out: () => string;
}

/**
 * Starts the gateway as `npm start -- --no-build` does (scripts/start.mjs: the bundled server/main.ts on plain Node)
 * with AIO_HOME=home on a free port, and resolves once it prints its URL.
 */
export function startGatewayProcess(home: string, env: NodeJS.ProcessEnv = {}): Promise<GatewayProcess> {
  const proc = spawn(process.execPath, [join(repoRoot, 'scripts', 'start.mjs'), '--no-build'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', AIO_HOME: home, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const t = setInterval(() => {
      const m = /gateway on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearInterval(t);
        resolve({ proc, base: m[1], out: () => out });
      }
    }, 50);
    proc.once('exit', (code) => {
      clearInterval(t);
      reject(new Error(`gateway exited ${code}: ${out}`));
    });
  });
}
