/**
 * One connection to TWS / IB Gateway: connect with a timeout and an actionable error, request ids, request/response
 * correlation by reqId (every answer and error carries it), informational notices filtered out, and reconnect with
 * backoff when the socket drops. Needs a running TWS or IB Gateway (see config.ts); tests use a simulator.
 */
import { backoffDelay, realSleep, type Sleep } from '../backoff.ts';
import type { FeedStatus } from '../types.ts';
import type { ResolvedIbConfig } from './config.ts';
import { IB_CONNECTIVITY_LOST, IB_CONNECTIVITY_RESTORED, IB_INFO_CODES, IB_NOT_CONNECTED, type IbApiLike } from './ib-api.ts';

export class IbError extends Error {
  override name = 'IbError';
  constructor(
    readonly code: number,
    message: string,
    readonly reqId?: number,
  ) {
    super(message);
  }
}

type ReqErrorHandler = (e: IbError) => void;

export class IbConnection {
  private nextReqId = 1000;
  private reqErrors = new Map<number, ReqErrorHandler>();
  private statusListeners = new Set<(s: FeedStatus) => void>();
  private wantConnected = false;
  private reconnecting = false;

  constructor(
    readonly api: IbApiLike,
    readonly config: ResolvedIbConfig,
    private readonly sleep: Sleep = realSleep,
  ) {
    api.on('error', (err: Error, code: number, reqId: number) => this.onError(err, code, reqId));
    api.on('disconnected', () => void this.onDisconnected());
  }

  reqId(): number {
    return this.nextReqId++;
  }

  onStatus(fn: (s: FeedStatus) => void): () => void {
    this.statusListeners.add(fn);
    return () => this.statusListeners.delete(fn);
  }

  private status(s: FeedStatus): void {
    for (const f of this.statusListeners) {
      try {
        f(s);
      } catch {
        /* listeners must not break the connection */
      }
    }
  }

  /** Resolves when TWS has accepted the session (nextValidId received). */
  async connect(): Promise<void> {
    this.wantConnected = true;
    if (this.api.isConnected) return;
    this.status({ state: 'connecting' });
    const { host, port, clientId, connectTimeoutMs } = this.config;
    await new Promise<void>((resolve, reject) => {
      const done = (e?: Error): void => {
        clearTimeout(timer);
        this.api.off('nextValidId', onReady);
        this.api.off('error', onErr);
        if (e) reject(e);
        else resolve();
      };
      const onReady = (): void => done();
      const onErr = (err: Error, code: number): void => {
        if (code === IB_NOT_CONNECTED || /ECONNREFUSED|connect/i.test(err?.message ?? ''))
          done(new IbError(IB_NOT_CONNECTED, `cannot connect to ${this.config.app === 'tws' ? 'TWS' : 'IB Gateway'} at ${host}:${port} (${err?.message ?? code}). Start it, log in (${this.config.mode}), and enable API socket clients on port ${port}.`));
      };
      const timer = setTimeout(() => done(new IbError(IB_NOT_CONNECTED, `no answer from ${host}:${port} within ${connectTimeoutMs} ms: is TWS/IB Gateway running with the API enabled, and is client id ${clientId} free?`)), connectTimeoutMs);
      this.api.on('nextValidId', onReady);
      this.api.on('error', onErr);
      this.api.connect(clientId);
    });
    this.status({ state: 'connected' });
  }

  disconnect(): void {
    this.wantConnected = false;
    this.api.disconnect();
    this.status({ state: 'stopped' });
  }

  /** Routes errors for `reqId` to `fn` until the returned function is called. */
  watchErrors(reqId: number, fn: ReqErrorHandler): () => void {
    this.reqErrors.set(reqId, fn);
    return () => this.reqErrors.delete(reqId);
  }

  private onError(err: Error, code: number, reqId: number): void {
    if (IB_INFO_CODES.has(code)) return;
    if (code === IB_CONNECTIVITY_LOST) return this.status({ state: 'reconnecting', error: `IB servers unreachable (1100): ${err?.message ?? ''}` });
    if (IB_CONNECTIVITY_RESTORED.has(code)) return this.status({ state: 'connected' });
    const h = reqId !== undefined && reqId >= 0 ? this.reqErrors.get(reqId) : undefined;
    if (h) h(new IbError(code, `IB error ${code}: ${err?.message ?? 'unknown'}`, reqId));
  }

  private async onDisconnected(): Promise<void> {
    if (!this.wantConnected || this.reconnecting) return;
    this.reconnecting = true;
    // Fail every request in flight: their answers will never come on the old socket.
    for (const [id, h] of this.reqErrors) h(new IbError(IB_NOT_CONNECTED, 'connection to TWS lost', id));
    for (let attempt = 1; this.wantConnected; attempt++) {
      const delayMs = backoffDelay(attempt, { baseMs: this.config.reconnectBaseMs, maxMs: this.config.reconnectMaxMs });
      this.status({ state: 'reconnecting', attempt, delayMs });
      await this.sleep(delayMs);
      try {
        await this.connect();
        break;
      } catch (e) {
        this.status({ state: 'reconnecting', attempt, error: (e as Error).message });
      }
    }
    this.reconnecting = false;
  }
}
