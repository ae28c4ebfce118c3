import * as Comlink from 'comlink';
import type { ApiClient } from '../api/client.ts';
import { ApiError } from '../api/client.ts';
import type { BacktestProgress } from '../../shared/backtest/results.ts';
import type { StrategySpec } from '../../shared/strategy/spec.ts';
import type { WorkspaceStore } from '../storage/index.ts';
import type { BacktestSummary, SpecRunInput } from './run-spec.ts';
import { fetchHistory } from './fetch-history.ts';
import { toStoredResult } from './saved-run.ts';
import type { BacktestWorkerApi } from './backtest.worker.ts';

// Runs backtests in a Web Worker with progress, ETA and cancel, keeps this session's runs for comparison and
// stores each finished run in IndexedDB.

export type RunStatus = 'idle' | 'loading-data' | 'running' | 'done' | 'cancelled' | 'error';

export interface RunRecord {
  id: string;
  name: string;
  createdAt: number;
  summary: BacktestSummary;
  elapsedMs: number;
}

export interface WorkerHandle {
  api: Comlink.Remote<BacktestWorkerApi>;
  terminate(): void;
}

export function spawnBacktestWorker(): WorkerHandle {
  const w = new Worker(new URL('./backtest.worker.ts', import.meta.url), { type: 'module', name: 'aio-backtest' });
  return { api: Comlink.wrap<BacktestWorkerApi>(w), terminate: () => w.terminate() };
}

/** Seconds left, from the fraction done and the time spent; undefined until there is enough to go on. */
export function etaSeconds(fraction: number | null, elapsedMs: number): number | undefined {
  if (fraction === null || fraction < 0.02 || elapsedMs < 200) return undefined;
  return ((elapsedMs / fraction) * (1 - fraction)) / 1000;
}

export class BacktestRunner {
  status = $state<RunStatus>('idle');
  fraction = $state<number | null>(null);
  /** Bars fetched so far and expected, while the data loads. */
  loadedBars = $state(0);
  expectedBars = $state(0);
  elapsedMs = $state(0);
  error = $state<string | null>(null);
  /** This session's finished runs, newest first. */
  runs = $state.raw<RunRecord[]>([]);
  /** The run the report shows. */
  currentId = $state<string | null>(null);
  /** Runs ticked for side-by-side comparison. */
  compare = $state<string[]>([]);

  current = $derived(this.runs.find((r) => r.id === this.currentId));
  eta = $derived(etaSeconds(this.fraction, this.elapsedMs));
  busy = $derived(this.status === 'loading-data' || this.status === 'running');

  /** Called after a finished run was written to IndexedDB (the saved-runs list refreshes). */
  onPersisted: (() => void) | null = null;

  #worker: WorkerHandle | null = null;
  #startedAt = 0;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly api: ApiClient,
    private readonly store: WorkspaceStore | null,
    private readonly spawn: () => WorkerHandle = spawnBacktestWorker,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Backtest `spec` on its first instrument and timeframe (or `dataset`), with all bars the gateway serves. */
  async run(spec: StrategySpec, dataset?: { instrument: string; timeframe: string }, savedStrategyId?: string | null): Promise<void> {
    if (this.busy) return;
    const instrument = dataset?.instrument ?? spec.instruments[0];
    const timeframe = dataset?.timeframe ?? spec.timeframe;
    this.error = null;
    this.fraction = 0;
    this.status = 'loading-data';
    this.#startedAt = this.now();
    this.elapsedMs = 0;
    this.loadedBars = 0;
    this.expectedBars = 0;
    let input: SpecRunInput;
    try {
      const h = await fetchHistory(this.api, instrument, timeframe, (loaded, expected) => {
        this.loadedBars = loaded;
        this.expectedBars = expected;
        this.fraction = expected > 0 ? Math.min(1, loaded / expected) : null;
      });
      if (h.columns.time.length === 0) throw new ApiError('NO_DATA', `The gateway has no ${timeframe} bars of ${instrument}.`, 0);
      input = { spec: structuredClone(spec), instrumentId: instrument, timeframe, columns: h.columns, synthetic: h.synthetic };
    } catch (err) {
      this.status = 'error';
      this.error = err instanceof ApiError ? `Could not load ${timeframe} bars of ${instrument}: ${err.message}` : String(err);
      return;
    }
    this.status = 'running';
    this.fraction = 0;
    this.#startedAt = this.now();
    this.#timer = setInterval(() => (this.elapsedMs = this.now() - this.#startedAt), 250);
    const worker = (this.#worker = this.spawn());
    const onProgress = Comlink.proxy((p: BacktestProgress) => {
      if (this.#worker === worker && p.fraction !== null) this.fraction = p.fraction;
    });
    try {
      // The columns are handed over to the worker, not copied (a million bars are 48 MB).
      const c = input.columns as unknown as Record<string, Float64Array>;
      const summary = await worker.api.run(Comlink.transfer(input, Object.values(c).map((a) => a.buffer as ArrayBuffer)), onProgress);
      if (this.#worker !== worker) return; // cancelled meanwhile
      const elapsedMs = this.now() - this.#startedAt;
      const rec: RunRecord = { id: `run-${crypto.randomUUID()}`, name: `${spec.name} · ${instrument} ${timeframe}`, createdAt: Date.now(), summary, elapsedMs };
      this.runs = [rec, ...this.runs];
      this.currentId = rec.id;
      this.fraction = 1;
      this.elapsedMs = elapsedMs;
      this.status = 'done';
      void this.persist(rec, savedStrategyId ?? null);
    } catch (err) {
      if (this.#worker !== worker) return;
      this.status = 'error';
      this.error = `The backtest failed: ${err instanceof Error ? err.message : String(err)}`;
    } finally {
      if (this.#worker === worker) this.stopWorker();
    }
  }

  /** Stops a running backtest at once (the worker is terminated; nothing of the run is kept). */
  cancel(): void {
    if (!this.busy) return;
    this.stopWorker();
    this.status = 'cancelled';
  }

  /** Shows a run reopened from storage (added to this session's list once, so it can be compared too). */
  show(rec: RunRecord): void {
    if (!this.runs.some((r) => r.id === rec.id)) this.runs = [rec, ...this.runs];
    this.currentId = rec.id;
  }

  /** Drops a run from this session (after it was deleted from storage). */
  forget(id: string): void {
    this.runs = this.runs.filter((r) => r.id !== id);
    this.compare = this.compare.filter((x) => x !== id);
    if (this.currentId === id) this.currentId = this.runs[0]?.id ?? null;
  }

  toggleCompare(id: string): void {
    this.compare = this.compare.includes(id) ? this.compare.filter((x) => x !== id) : [...this.compare, id];
  }

  private stopWorker(): void {
    this.#worker?.terminate();
    this.#worker = null;
    clearInterval(this.#timer);
  }

  private async persist(rec: RunRecord, savedStrategyId: string | null): Promise<void> {
    if (!this.store) return;
    const s = rec.summary;
    // Results hang off the strategy they ran: the Lab's saved record when there is one, else one record per name.
    const strategyId = savedStrategyId ?? `spec:${s.spec.name}`;
    const result = toStoredResult(rec, strategyId);
    try {
      // A result belongs to a strategy record; keep one per spec name so exports stay consistent.
      if (!(await this.store.getStrategy(strategyId))) {
        await this.store.saveStrategy({ id: strategyId, name: s.spec.name, spec: s.spec, createdAt: rec.createdAt, updatedAt: rec.createdAt });
      }
      await this.store.saveResult(result);
      this.onPersisted?.();
    } catch {
      // storage is a convenience here; the run stays in this session's list
    }
  }
}
