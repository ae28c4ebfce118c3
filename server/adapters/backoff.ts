/**
 * Exponential backoff for reconnects and retries: base * 2^(attempt-1), capped, with deterministic jitter from
 * the attempt number (no Math.random: reproducible in tests). `sleep` is injectable so tests do not wait.
 */
export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
}

export function backoffDelay(attempt: number, opts: BackoffOptions = {}): number {
  const base = opts.baseMs ?? 500;
  const max = opts.maxMs ?? 30_000;
  const raw = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  // +-20% spread so many clients do not reconnect in lock-step.
  const jitter = (((attempt * 2654435761) >>> 0) % 1000) / 1000 - 0.5;
  return Math.max(0, Math.round(raw * (1 + 0.4 * jitter)));
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });
