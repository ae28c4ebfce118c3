import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResponse, AuditVerifyResponse, ErrorBody } from '../shared/api/index.ts';
import { buildApp, redactUrl } from './app.ts';
import { testConfig } from './testing.ts';

let app: FastifyInstance;
let token: string;
const logs: string[] = [];
beforeAll(async () => {
  app = await buildApp(testConfig({ logLevel: 'info', logStream: { write: (m) => void logs.push(m) } }));
  token = app.aio.token.token;
});
afterAll(() => app.close());

const auth = (t = token) => ({ authorization: `Bearer ${t}` });

describe('auth', () => {
  it('requires the token for writes: none -> 401, wrong -> 401, right -> 200', async () => {
    const none = await app.inject({ method: 'POST', url: '/api/journal/notes', payload: { text: 'hi' } });
    expect(none.statusCode).toBe(401);
    expect((none.json() as ErrorBody).error).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(none.json().error.message).toMatch(/Authorization: Bearer <token>.*api-token/);
    const wrong = await app.inject({ method: 'POST', url: '/api/journal/notes', headers: auth('x'.repeat(43)), payload: { text: 'hi' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.message).toMatch(/wrong/);
    const ok = await app.inject({ method: 'POST', url: '/api/journal/notes', headers: auth(), payload: { text: 'hi' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().seq).toBeGreaterThanOrEqual(1);
  });

  it('protects a write route that does not exist yet too (central rule): 401 before 404', async () => {
    const r = await app.inject({ method: 'DELETE', url: '/api/orders/123' });
    expect(r.statusCode).toBe(401);
  });

  it('requires the token for the audit export and verify, even though they are GETs', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/audit' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/audit/verify' })).statusCode).toBe(401);
    // Query tokens are for the WebSocket only: they end up in logs and browser history.
    expect((await app.inject({ method: 'GET', url: `/api/audit?token=${token}` })).statusCode).toBe(401);
  });
});

describe('audit export', () => {
  it('exports JSON and CSV, and the chain verifies', async () => {
    await app.inject({ method: 'POST', url: '/api/journal/notes', headers: auth(), payload: { text: 'second, with "quotes"' } });
    const j = await app.inject({ method: 'GET', url: '/api/audit', headers: auth() });
    expect(j.statusCode).toBe(200);
    const body = j.json() as AuditResponse;
    expect(body.count).toBe(body.entries.length);
    expect(body.entries.at(-1)!.payload).toBe('{"text":"second, with \\"quotes\\""}');
    expect(body.head.seq).toBe(body.entries.at(-1)!.seq);
    const c = await app.inject({ method: 'GET', url: '/api/audit?format=csv&fromSeq=2', headers: auth() });
    expect(c.statusCode).toBe(200);
    expect(c.headers['content-type']).toContain('text/csv');
    expect(c.headers['content-disposition']).toContain('attachment');
    const lines = c.body.trim().split('\r\n');
    expect(lines[0]).toBe('seq,ts,time,kind,payload,prev_hash,hash');
    expect(lines[1].startsWith('2,')).toBe(true);
    const v = await app.inject({ method: 'GET', url: '/api/audit/verify', headers: auth() });
    expect((v.json() as AuditVerifyResponse).ok).toBe(true);
    const bad = await app.inject({ method: 'GET', url: '/api/audit?format=xml', headers: auth() });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION');
  });
});

describe('browser protections and limits', () => {
  it('answers CORS for the app origin and refuses a foreign origin with 403', async () => {
    const ok = await app.inject({ method: 'GET', url: '/api/health', headers: { origin: 'http://127.0.0.1:8787' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBe('http://127.0.0.1:8787');
    const pre = await app.inject({
      method: 'OPTIONS',
      url: '/api/journal/notes',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    const evil = await app.inject({ method: 'POST', url: '/api/journal/notes', headers: { origin: 'https://evil.example', ...auth() }, payload: { text: 'x' } });
    expect(evil.statusCode).toBe(403);
    expect(evil.json().error).toMatchObject({ code: 'FORBIDDEN' });
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('limits body size (413), content type (415) and refuses broken JSON (400)', async () => {
    const big = await app.inject({ method: 'POST', url: '/api/journal/notes', headers: { ...auth(), 'content-type': 'application/json' }, payload: JSON.stringify({ text: 'x'.repeat(300_000) }) });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    const xml = await app.inject({ method: 'POST', url: '/api/journal/notes', headers: { ...auth(), 'content-type': 'application/xml' }, payload: '<a/>' });
    expect(xml.statusCode).toBe(415);
    expect(xml.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const broken = await app.inject({ method: 'POST', url: '/api/journal/notes', headers: { ...auth(), 'content-type': 'application/json' }, payload: '{"text": ' });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe('VALIDATION');
    const extra = await app.inject({ method: 'POST', url: '/api/journal/notes', headers: auth(), payload: { text: 'a', admin: true } });
    expect(extra.statusCode).toBe(400);
  });

  it('rate-limits a client with 429 RATE_LIMITED and retry-after', async () => {
    const small = await buildApp(testConfig({ rateLimitPerMinute: 5 }));
    try {
      const codes: number[] = [];
      let last;
      for (let i = 0; i < 7; i++) {
        last = await small.inject({ method: 'GET', url: '/api/health' });
        codes.push(last.statusCode);
      }
      expect(codes).toEqual([200, 200, 200, 200, 200, 429, 429]);
      expect(last!.json().error.code).toBe('RATE_LIMITED');
      expect(last!.headers['retry-after']).toBeDefined();
    } finally {
      await small.close();
    }
  });

  it('never writes the token to the log, from a header or a query string', async () => {
    await app.inject({ method: 'GET', url: `/ws?token=${token}` }); // not an upgrade: refused, but logged
    await app.inject({ method: 'POST', url: '/api/journal/notes', headers: { ...auth(), 'content-type': 'text/plain' }, payload: 'x' });
    await app.inject({ method: 'GET', url: '/api/bars?instrument=NOPE&timeframe=1d', headers: auth() });
    const text = logs.join('');
    expect(text.length).toBeGreaterThan(0);
    expect(text).not.toContain(token);
    expect(redactUrl(`/ws?a=1&token=${token}&b=2`)).toBe('/ws?a=1&token=[redacted]&b=2');
  });
});
