import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody, ErrorCode } from '../../shared/api/errors.ts';
import { ApiError } from '../errors.ts';
import { globalPlugin } from './global.ts';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'VALIDATION',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  501: 'NOT_IMPLEMENTED',
};

function body(code: ErrorCode, message: string, details?: unknown): ErrorBody {
  return details === undefined ? { error: { code, message } } : { error: { code, message, details } };
}

/** Maps any thrown error to `{ error: { code, message, details? } }`; 4xx say what to fix, 5xx hide internals. */
export function toErrorResponse(err: FastifyError | ApiError | Error, req: FastifyRequest): { status: number; body: ErrorBody } {
  if (err instanceof ApiError) return { status: err.status, body: body(err.code, err.message, err.details) };
  const fe = err as FastifyError;
  if (fe.validation) {
    const where = fe.validationContext ?? 'request';
    const problems = fe.validation.map((v) => `${where}${v.instancePath || ''} ${v.message ?? 'is invalid'}`.trim());
    return {
      status: 400,
      body: body('VALIDATION', `Invalid ${where}: ${problems.join('; ')}. The expected shape of every route is at /docs.`, { problems }),
    };
  }
  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
  if (status >= 400 && status < 500) {
    const code = CODE_BY_STATUS[status] ?? 'VALIDATION';
    let message = fe.message;
    if (status === 413) message = `Request body too large: ${fe.message}. Send a smaller body.`;
    if (status === 415) message = `${fe.message}. Send JSON with Content-Type: application/json.`;
    if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError) message = `Body is not valid JSON: ${fe.message}.`;
    return { status, body: body(code, message) };
  }
  if (status === 501) return { status, body: body('NOT_IMPLEMENTED', fe.message) };
  return {
    status: 500,
    body: body('INTERNAL', `Internal error in the gateway (request ${req.id}). The details are in the gateway log; the request may be retried.`),
  };
}

async function errorHandler(app: FastifyInstance): Promise<void> {
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const { status, body: b } = toErrorResponse(err, req);
    if (status >= 500) req.log.error({ err }, 'request failed');
    else req.log.info({ code: b.error.code, msg: b.error.message }, 'request refused');
    if (status === 429 && err.statusCode === 429) {
      // @fastify/rate-limit set Retry-After already; keep it.
    }
    return reply.status(status).type('application/json; charset=utf-8').send(b);
  });
}

export default globalPlugin(errorHandler, 'aio-error-handler');
