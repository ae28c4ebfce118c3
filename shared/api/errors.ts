import { Type, type Static } from '@sinclair/typebox';

/**
 * Stable error codes of the gateway's HTTP API. Clients branch on `code`, never on `message`
 * (messages are for people and may be reworded).
 */
export const ERROR_CODES = [
  'VALIDATION', // a parameter or body failed its schema
  'UNKNOWN_INSTRUMENT',
  'BAD_TIMEFRAME',
  'BAD_RANGE', // from/to unparseable, from > to, or a range too large to serve at once
  'NOT_FOUND', // no such route or resource
  'METHOD_NOT_ALLOWED',
  'UNAUTHORIZED', // missing or wrong API token
  'FORBIDDEN', // e.g. an origin outside the CORS allow-list
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'CONFLICT',
  'NOT_IMPLEMENTED',
  'INTERNAL', // anything unexpected; details are logged, never sent
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const ErrorCodeSchema = Type.Union(ERROR_CODES.map((c) => Type.Literal(c)));

/** Body of every non-2xx response: `{ error: { code, message, details? } }`. */
export const ErrorBodySchema = Type.Object(
  {
    error: Type.Object({
      code: ErrorCodeSchema,
      message: Type.String({ description: 'What was wrong and what to do about it.' }),
      details: Type.Optional(Type.Unknown({ description: 'Machine-readable context, e.g. the valid timeframes.' })),
    }),
  },
  { $id: 'ErrorBody', description: 'Error body shared by every route.' },
);
export type ErrorBody = Static<typeof ErrorBodySchema>;
