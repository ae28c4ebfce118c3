/**
 * The lifecycle every reconciling venue service shares (ccxt, Interactive Brokers): connect with backoff until the
 * venue answers, reconcile, then reconcile again every `pollMs`; one reconciliation at a time; a clean stop.
 * Subclasses say how to connect (`connectOnce`) and what a reconciliation does (`doReconcile`).
 */
export abstract class PolledVenueService<Report> {
  protected ready = false;
  protected stopped = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** A periodic pass is waiting on `timer` (false while one runs: it schedules the next itself). */
  private waiting = false;
  private reconciling: Promise<Report> | undefined;
  readonly startError: { message: string } = { message: '' };

  protected abstract readonly pollMs: number;
  /** One attempt to reach the venue and load what trading needs (markets, contracts). Throws when it can't. */
  protected abstract connectOnce(): Promise<void>;
  protected abstract doReconcile(): Promise<Report>;

  /** Retries `connectOnce` + a first reconciliation with backoff (250 ms doubling, at most 30 s) until they succeed. */
  protected async connectAndPoll(): Promise<void> {
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        await this.connectOnce();
        await this.reconcile();
        this.ready = true;
        this.startError.message = '';
        break;
      } catch (e) {
        this.startError.message = (e as Error).message;
        await new Promise((r) => setTimeout(r, Math.min(30_000, 250 * 2 ** Math.min(attempt, 7))).unref());
      }
    }
    this.schedule();
  }

  /** The next periodic pass comes `pollMs` from now (e.g. `pollMs` just got shorter because a stream broke). */
  protected reschedule(): void {
    if (this.stopped || !this.waiting) return;
    clearTimeout(this.timer);
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.waiting = true;
    this.timer = setTimeout(() => {
      this.waiting = false;
      void this.reconcile().catch(() => undefined).finally(() => this.schedule());
    }, this.pollMs);
    this.timer.unref();
  }

  /**
   * Brings the gateway's state in line with the venue. Runs one at a time; a call made while one is running gets a
   * fresh pass after it (the running one may have read the venue before what the caller saw).
   */
  reconcile(): Promise<Report> {
    const next = (this.reconciling ?? Promise.resolve()).catch(() => undefined).then(() => this.doReconcile());
    this.reconciling = next;
    void next.catch(() => undefined).finally(() => {
      if (this.reconciling === next) this.reconciling = undefined;
    });
    return next;
  }

  /** Stops polling and waits for a reconciliation in flight; subclasses then close their own connections. */
  protected async stopPolling(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.reconciling?.catch(() => undefined);
  }
}
