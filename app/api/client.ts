import type { ApiErrorBody, BarsResponse, Health, InstrumentsResponse } from './types.ts';
import { loadToken } from './token.ts';

/**
 * A failed gateway call, with a message a trader can act on. `code` is the gateway's stable error code,
 * or 'NETWORK' / 'BAD_RESPONSE' for failures that never produced an API error body.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export interface BarsQuery {
  instrument: string;
  timeframe: string;
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, inclusive. */
  to?: number;
}

type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

function isErrorBody(v: unknown): v is ApiErrorBody {
  if (typeof v !== 'object' || v === null || !('error' in v)) return false;
  const e = (v as { error: unknown }).error;
  return typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string';
}

/** Thin typed client for the gateway's REST API. `base` is '' in the browser (same origin as the SPA). */
export class ApiClient {
  constructor(
    private readonly base = '',
    private readonly fetchFn: FetchFn = (input, init) => fetch(input, init),
    /** The gateway API token, sent as `Authorization: Bearer` when there is one. */
    private readonly token: () => string | null = () => null,
  ) {}

  health(signal?: AbortSignal): Promise<Health> {
    return this.get<Health>('/api/health', signal);
  }

  instruments(signal?: AbortSignal): Promise<InstrumentsResponse> {
    return this.get<InstrumentsResponse>('/api/instruments', signal);
  }

  bars(q: BarsQuery, signal?: AbortSignal): Promise<BarsResponse> {
    const p = new URLSearchParams({ instrument: q.instrument, timeframe: q.timeframe });
    if (q.from !== undefined) p.set('from', String(q.from));
    if (q.to !== undefined) p.set('to', String(q.to));
    return this.get<BarsResponse>(`/api/bars?${p.toString()}`, signal);
  }

  /** POST a JSON body (commands such as the kill switch). */
  post<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    return this.request<T>(path, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal,
    });
  }

  get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return this.request<T>(path, { headers: { accept: 'application/json' }, signal });
  }

  private async request<T>(path: string, init: RequestInit): Promise<T> {
    const token = this.token();
    if (token) init = { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` } };
    let res: Response;
    try {
      res = await this.fetchFn(this.base + path, init);
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') throw err;
      const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
      throw new ApiError(
        'NETWORK',
        offline
          ? `Cannot reach the gateway: this device is offline. The app itself works offline; market data needs the connection.`
          : `Cannot reach the gateway (${path.split('?')[0]}). Is it running? Start it with \`npm start\` and reload.`,
        0,
      );
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      throw new ApiError(
        'BAD_RESPONSE',
        `The gateway answered ${res.status} ${res.statusText} to ${path.split('?')[0]} without a JSON body.`,
        res.status,
      );
    }
    if (!res.ok) {
      if (isErrorBody(body)) throw new ApiError(body.error.code, body.error.message, res.status, body.error.details);
      throw new ApiError('BAD_RESPONSE', `The gateway answered ${res.status} to ${path.split('?')[0]}.`, res.status);
    }
    return body as T;
  }
}

/** The client the views use: same origin as the page, with the token saved in Settings. */
export const api = new ApiClient('', undefined, loadToken);
