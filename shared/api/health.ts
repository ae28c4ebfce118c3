import { Type, type Static } from '@sinclair/typebox';

/** GET /api/health */
export const HealthResponseSchema = Type.Object({
  status: Type.Literal('ok'),
  version: Type.String({ description: 'Gateway version (package.json).' }),
  uptimeSec: Type.Number({ description: 'Seconds since the gateway started.' }),
  time: Type.Number({ description: 'Gateway clock, epoch milliseconds UTC.' }),
});
export type HealthResponse = Static<typeof HealthResponseSchema>;
