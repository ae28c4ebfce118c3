import type { ErrorCode } from '../shared/api/errors.ts';

/**
 * A request the gateway refuses, with a stable code and a message that says what was wrong and what to do.
 * Routes throw it; the error handler turns it into `{ error: { code, message, details? } }` with `status`.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (code: ErrorCode, message: string, details?: unknown): ApiError => new ApiError(400, code, message, details);
