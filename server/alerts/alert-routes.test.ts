import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';
import { testConfig } from '../testing.ts';

let app: FastifyInstance;
let auth: Record<string, string>;
beforeAll(async () => {
  app = await buildApp(testConfig());
  auth = { authorization: `Bearer ${app.aio.token.token}` };
});
afterAll(async () => app.close());

describe('alert routes', () => {
  it('create / list / delete with the token; clear 4xx for bad input, unknown ids and no token', async () => {
    const body = { condition: { kind: 'price', instrument: 'BTCUSDT.SIM', op: 'above', value: 1e9 }, note: 'moon' };
    expect((await app.inject({ method: 'POST', url: '/api/alerts', payload: body })).statusCode).toBe(401);
    const created = await app.inject({ method: 'POST', url: '/api/alerts', headers: auth, payload: body });
    expect(created.statusCode).toBe(200);
    const id = created.json().id as string;
    expect(created.json()).toMatchObject({ condition: body.condition, note: 'moon', armed: true, triggeredCount: 0 });
    const bad = [
      { condition: { kind: 'price', instrument: 'NOPE.SIM', op: 'above', value: 1 } },
      { condition: { kind: 'price', instrument: 'BTCUSDT.SIM', op: 'sideways', value: 1 } },
      { condition: { kind: 'indicator', instrument: 'BTCUSDT.SIM', indicator: 'SMA', period: 0, op: 'above', value: 1 } },
      { condition: { kind: 'pnl', op: 'below', value: 'lots' } },
      { condition: { kind: 'pnl', op: 'below', value: -1, extra: 1 } },
    ];
    for (const b of bad) {
      const r = await app.inject({ method: 'POST', url: '/api/alerts', headers: auth, payload: b });
      expect(r.statusCode, JSON.stringify(b)).toBe(400);
      expect(r.json().error.code).toBe('VALIDATION');
    }
    expect((await app.inject({ method: 'GET', url: '/api/alerts', headers: auth })).json().alerts.map((a: { id: string }) => a.id)).toEqual([id]);
    expect((await app.inject({ method: 'DELETE', url: '/api/alerts/A-999', headers: auth })).statusCode).toBe(404);
    expect((await app.inject({ method: 'DELETE', url: `/api/alerts/${id}`, headers: auth })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/alerts', headers: auth })).json().alerts).toEqual([]);
    expect(app.aio.journal.entries(1, 10_000).filter((e) => e.kind.startsWith('alert.')).map((e) => e.kind)).toEqual(['alert.created', 'alert.deleted']);
  });
});
