/** Server-side alerts (server/alerts/alert-service.ts): create, list, delete; fired alerts arrive on /ws topic `alerts`. */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorBodySchema } from '../../shared/api/errors.ts';
import { AlertError, type AlertService } from '../alerts/alert-service.ts';
import { ApiError } from '../errors.ts';

const errors = { '4xx': ErrorBodySchema, '5xx': ErrorBodySchema };
const security = [{ bearer: [] }];
const Op = Type.Union([Type.Literal('above'), Type.Literal('below')]);
const Value = Type.Number({ minimum: -1e15, maximum: 1e15 });
const Instrument = Type.String({ minLength: 1, maxLength: 64 });

const ConditionSchema = Type.Union([
  Type.Object({ kind: Type.Literal('price'), instrument: Instrument, op: Op, value: Value }, { additionalProperties: false }),
  Type.Object(
    { kind: Type.Literal('indicator'), instrument: Instrument, indicator: Type.Union([Type.Literal('SMA'), Type.Literal('EMA'), Type.Literal('RSI')]), period: Type.Integer({ minimum: 1, maximum: 1000 }), op: Op, value: Value },
    { additionalProperties: false, description: 'Indicator of 1-minute closes built from the feed trades.' },
  ),
  Type.Object({ kind: Type.Literal('pnl'), op: Op, value: Value }, { additionalProperties: false, description: 'Paper equity minus its value when the alert was created.' }),
]);

export const AlertCreateSchema = Type.Object({ condition: ConditionSchema, note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });

const AlertRuleSchema = Type.Object({
  id: Type.String(),
  condition: ConditionSchema,
  note: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.Number(),
  baseline: Type.Union([Type.Number(), Type.Null()]),
  armed: Type.Boolean({ description: 'False after it fired, until its condition is false again.' }),
  triggeredCount: Type.Integer(),
  lastTriggeredAt: Type.Union([Type.Number(), Type.Null()]),
});

export default async function alertRoutes(app: FastifyInstance, opts: { alerts: AlertService }): Promise<void> {
  const map = (e: unknown): never => {
    if (e instanceof AlertError) throw new ApiError(e.code === 'NOT_FOUND' ? 404 : 400, e.code === 'NOT_FOUND' ? 'NOT_FOUND' : 'VALIDATION', e.message);
    throw e;
  };
  app.post<{ Body: Static<typeof AlertCreateSchema> }>('/api/alerts', {
    schema: { tags: ['alerts'], summary: 'Create a price, indicator or PnL alert (fires once per crossing, on /ws topic alerts)', security, body: AlertCreateSchema, response: { 200: AlertRuleSchema, ...errors } },
  }, async (req) => {
    try {
      return opts.alerts.create(req.body.condition, req.body.note);
    } catch (e) {
      return map(e);
    }
  });
  app.get('/api/alerts', {
    config: { auth: true },
    schema: { tags: ['alerts'], summary: 'Alert rules and how often each fired', security, response: { 200: Type.Object({ alerts: Type.Array(AlertRuleSchema) }), ...errors } },
  }, async () => ({ alerts: opts.alerts.list() }));
  app.delete<{ Params: { id: string } }>('/api/alerts/:id', {
    schema: { tags: ['alerts'], summary: 'Delete an alert rule', security, params: Type.Object({ id: Type.String({ pattern: '^A-[0-9]{1,12}$' }) }), response: { 200: AlertRuleSchema, ...errors } },
  }, async (req) => {
    try {
      return opts.alerts.delete(req.params.id);
    } catch (e) {
      return map(e);
    }
  });
}
