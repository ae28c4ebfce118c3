/**
 * Downloads hourly .bi5 files with retries (network errors, 429, 5xx; exponential backoff) and a disk cache.
 * `fetch` and `sleep` are injected: tests use a local HTTP server, production uses the global fetch.
 * Only hours that have fully ended are cached (the current hour's file still grows). A 404 means "no file for that
 * hour" (Dukascopy answers so for hours it has no data for) and is returned as an empty file, not cached.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { bi5Path, DUKASCOPY_BASE_URL } from '../../../shared/data/bi5.ts';
import { backoffDelay, realSleep, type Sleep } from '../backoff.ts';
import { DUKASCOPY_DEFAULTS, type DukascopyConfig } from './config.ts';

export type FetchLike = (url: string, init?: { signal?: AbortSignal }) => Promise<{ status: number; ok: boolean; arrayBuffer(): Promise<ArrayBuffer> }>;

export class DownloadError extends Error {
  override name = 'DownloadError';
  constructor(
    readonly url: string,
    message: string,
  ) {
    super(message);
  }
}

export interface DownloadStats {
  requests: number;
  cacheHits: number;
  retries: number;
}

export class Bi5Downloader {
  readonly stats: DownloadStats = { requests: 0, cacheHits: 0, retries: 0 };
  private readonly baseUrl: string;

  constructor(
    private readonly config: DukascopyConfig,
    private readonly fetchFn: FetchLike = fetch as unknown as FetchLike,
    private readonly sleep: Sleep = realSleep,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.baseUrl = (config.baseUrl ?? DUKASCOPY_BASE_URL).replace(/\/$/, '');
  }

  url(symbol: string, hourStart: number): string {
    return `${this.baseUrl}/${bi5Path(symbol, hourStart)}`;
  }

  /** The compressed bytes of one hour (empty when the hour has no ticks). */
  async get(symbol: string, hourStart: number, signal?: AbortSignal): Promise<Uint8Array> {
    const rel = bi5Path(symbol, hourStart);
    const cachePath = this.config.cacheDir ? join(this.config.cacheDir, rel) : undefined;
    if (cachePath) {
      try {
        const hit = await readFile(cachePath);
        this.stats.cacheHits++;
        return new Uint8Array(hit);
      } catch {
        /* not cached */
      }
    }
    const { bytes, cacheable } = await this.download(this.url(symbol, hourStart), signal);
    const ended = hourStart + 3_600_000 <= this.now();
    if (cachePath && cacheable && ended) {
      // Temp file + rename: a crash mid-write never leaves a truncated file that later reads as data.
      await mkdir(dirname(cachePath), { recursive: true });
      const tmp = `${cachePath}.${process.pid}.tmp`;
      await writeFile(tmp, bytes);
      await rename(tmp, cachePath);
    }
    return bytes;
  }

  private async download(url: string, signal?: AbortSignal): Promise<{ bytes: Uint8Array; cacheable: boolean }> {
    const max = this.config.retries ?? DUKASCOPY_DEFAULTS.retries;
    let last = '';
    for (let attempt = 1; attempt <= max; attempt++) {
      if (signal?.aborted) throw new DownloadError(url, `download of ${url} aborted`);
      this.stats.requests++;
      const timeout = AbortSignal.timeout(this.config.timeoutMs ?? DUKASCOPY_DEFAULTS.timeoutMs);
      try {
        const res = await this.fetchFn(url, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
        if (res.ok) return { bytes: new Uint8Array(await res.arrayBuffer()), cacheable: true };
        if (res.status === 404) return { bytes: new Uint8Array(0), cacheable: false };
        last = `HTTP ${res.status}`;
        if (res.status !== 429 && res.status < 500) throw new DownloadError(url, `${url}: HTTP ${res.status}; not retried`);
      } catch (e) {
        if (e instanceof DownloadError) throw e;
        last = (e as Error).message;
      }
      if (attempt < max) {
        this.stats.retries++;
        await this.sleep(backoffDelay(attempt, { baseMs: this.config.retryBaseMs ?? DUKASCOPY_DEFAULTS.retryBaseMs, maxMs: 30_000 }), signal);
      }
    }
    throw new DownloadError(url, `${url}: failed after ${max} attempts (last: ${last}); check the connection or try later`);
  }
}
