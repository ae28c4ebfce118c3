import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../shared/api/errors.ts';
import { SeededRandom } from '../shared/util/random.ts';
import { buildApp } from './app.ts';
import { testConfig } from './testing.ts';

/**
 * Every route from the OpenAPI document (so a route added later is fuzzed without editing this file) gets malformed
 * and hostile input: wrong types, absurd numbers, injection strings, prototype-pollution keys, huge and deep bodies,
 * wrong content types, bad tokens. The gateway must never answer 5xx, and every 4xx must be a proper error body.
 */
let app: FastifyInstance;
let token: string;
let ops: Array<{ path: string; method: string; params: string[] }>;
beforeAll(async () => {
  // A built app, as in production (without one, page paths answer 503 "run npm run build", tested in app.test.ts).
  const appDir = mkdtempSync(join(tmpdir(), 'aio-fuzz-app-'));
  writeFileSync(join(appDir, 'index.html'), '<!doctype html><div id="app"></div>');
  app = await buildApp(testConfig({ rateLimitPerMinute: 1_000_000, appDir }));
  token = app.aio.token.token;
  const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json() as {
    paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>>;
  };
  ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), params: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name) })),
  );
});
afterAll(() => app.close());

const NASTY_VALUES = [
  '', ' ', 'null', 'undefined', 'NaN', 'Infinity', '-Infinity', '-1', '0', '1e309', '-1e309', '0x10', '1.5', '9'.repeat(400),
  '-9007199254740993', '%00', '\u0000', '\uFFFF', '🚀📈', '<script>alert(1)</script>', "' OR 1=1 --", '../../etc/passwd',
  '__proto__', 'constructor', '[object Object]', 'a'.repeat(5000), '2024-13-45', '2024-01-01T25:61:00Z', '2024-02-30',
  '1970-01-01', '275760-09-13', 'SPX.INDEX', 'BTCUSDT.SIM', '1m', '1d', '1w', 'csv', 'json', '{"$gt":""}', '${7*7}', '\r\nX-Injected: 1',
];
const NASTY_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', 'a[b]', 'instrument[]'];
const NASTY_BODIES: Array<[string, string | undefined]> = [
  ['{', 'application/json'],
  ['[]', 'application/json'],
  ['null', 'application/json'],
  ['123', 'application/json'],
  ['"text"', 'application/json'],
  ['{"text":123}', 'application/json'],
  ['{"text":null}', 'application/json'],
  ['{"text":["a"]}', 'application/json'],
  ['{"text":{"$ne":1}}', 'application/json'],
  ['{"text":""}', 'application/json'],
  [JSON.stringify({ text: 'x'.repeat(2001) }), 'application/json'],
  ['{"__proto__":{"admin":true},"text":"a"}', 'application/json'],
  ['{"constructor":{"prototype":{"admin":true}},"text":"a"}', 'application/json'],
  ['{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000), 'application/json'],
  ['x'.repeat(400_000), 'application/json'],
  ['text=hello', 'application/x-www-form-urlencoded'],
  ['--b\r\nContent-Disposition: form-data; name="text"\r\n\r\nhi\r\n--b--', 'multipart/form-data; boundary=b'],
  ['hello', 'text/plain'],
  ['{"text":"a"}', 'application/json; charset=utf-16'],
  ['{"text":"a"}', undefined],
  ['\u0000\u0001\u0002', 'application/octet-stream'],
];
const AUTHS: Array<string | undefined> = [undefined, 'Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', `Bearer ${'x'.repeat(10_000)}`, 'Bearer 🚀', 'bearer  spaced out', 'TOKEN'];

const codes = new Set<string>(ERROR_CODES);
function check(opts: InjectOptions, r: { statusCode: number; body: string; headers: Record<string, unknown> }): void {
  const where = `${opts.method} ${String(opts.url).slice(0, 120)} -> ${r.statusCode} ${r.body.slice(0, 200)}`;
  expect(r.statusCode, where).toBeLessThan(500);
  expect(r.body, where).not.toMatch(/\bat .+\.(ts|js):\d+/); // no stack traces
  if (r.statusCode >= 400 && String(opts.url).startsWith('/api') && opts.method !== 'HEAD') {
    const b = JSON.parse(r.body) as { error?: { code?: string; message?: string } };
    expect(codes.has(b.error?.code ?? ''), where).toBe(true);
    expect(typeof b.error?.message === 'string' && b.error.message.length > 5, where).toBe(true);
  }
}

async function send(opts: InjectOptions): Promise<void> {
  const r = await app.inject(opts);
  check(opts, r);
}

describe('fuzz: every route, hostile input, never a 5xx', () => {
  it('finds the routes to fuzz in the OpenAPI document', () => {
    const names = ops.map((o) => `${o.method} ${o.path}`);
    expect(names).toEqual(expect.arrayContaining(['GET /api/health', 'GET /api/instruments', 'GET /api/bars', 'GET /api/audit', 'POST /api/journal/notes']));
  });

  it('query strings: wrong types, nasty values and keys, duplicates, with and without a token', async () => {
    const rng = new SeededRandom(1234);
    const pick = <T>(a: readonly T[]): T => a[rng.int(0, a.length - 1)];
    for (const op of ops) {
      for (let i = 0; i < 150; i++) {
        const keys = [...op.params, ...NASTY_KEYS, 'from', 'to', 'format', 'limit', 'fromSeq'];
        const q: string[] = [];
        const n = rng.int(0, 5);
        for (let k = 0; k < n; k++) q.push(`${encodeURIComponent(pick(keys))}=${encodeURIComponent(pick(NASTY_VALUES))}`);
        if (rng.chance(0.1)) q.push('instrument=SPX.INDEX&instrument=BTCUSDT.SIM');
        if (rng.chance(0.05)) q.push('%E0%A4%A=bad-escape');
        const headers: Record<string, string> = {};
        const a = rng.chance(0.5) ? `Bearer ${token}` : pick(AUTHS);
        if (a !== undefined) headers.authorization = a;
        await send({ method: op.method as InjectOptions['method'], url: `${op.path}?${q.join('&')}`, headers });
      }
    }
  });

  it('bodies: malformed JSON, wrong shapes, pollution keys, deep nesting, huge, wrong content types', async () => {
    for (const op of ops) {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
        for (const [payload, type] of NASTY_BODIES) {
          for (const authz of [`Bearer ${token}`, undefined]) {
            const headers: Record<string, string> = {};
            if (type) headers['content-type'] = type;
            if (authz) headers.authorization = authz;
            await send({ method, url: op.path, headers, payload });
          }
        }
      }
    }
    expect(({} as Record<string, unknown>).admin).toBeUndefined(); // no prototype pollution
  });

  it('paths and methods: traversal, encodings, very long, unknown methods on known paths', async () => {
    const paths = [
      '/api/bars/../../etc/passwd', '/api/%2e%2e/%2e%2e/etc/passwd', '/api/bars%00.json', `/api/${'a'.repeat(8000)}`,
      '/api//bars', '/api/bars/', '/API/BARS', '/api/instruments/%ZZ', '/docs/../package.json', '/..%2f..%2fpackage.json',
      '/api/audit/verify/extra', '/ws/extra', '/ws',
    ];
    for (const url of paths) {
      for (const method of ['GET', 'POST', 'DELETE', 'OPTIONS', 'HEAD'] as const) {
        await send({ method, url, headers: { authorization: `Bearer ${token}` } });
        await send({ method, url });
      }
    }
    for (const op of ops) {
      for (const method of ['PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const) await send({ method, url: op.path, headers: { authorization: `Bearer ${token}` } });
    }
  });

  it('the journal still verifies after the onslaught', async () => {
    const v = await app.inject({ method: 'GET', url: '/api/audit/verify', headers: { authorization: `Bearer ${token}` } });
    expect(v.json()).toMatchObject({ ok: true });
  });
});
