import { ApiError, type ApiClient } from '../api/client.ts';
import type { Health } from '../api/types.ts';

/** Whether the gateway answers, polled in the background so the status bar can say when it goes away. */
export class GatewayState {
  health = $state.raw<Health | null>(null);
  error = $state<string | null>(null);
  checkedAt = $state<number | null>(null);
  online = $derived(this.health !== null && this.error === null);

  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly api: ApiClient) {}

  async check(): Promise<void> {
    try {
      this.health = await this.api.health();
      this.error = null;
    } catch (err) {
      this.error = err instanceof ApiError ? err.message : String(err);
    }
    this.checkedAt = Date.now();
  }

  /** Start polling; returns the teardown. */
  start(everyMs = 15_000): () => void {
    void this.check();
    this.#timer = setInterval(() => void this.check(), everyMs);
    return () => clearInterval(this.#timer);
  }
}
