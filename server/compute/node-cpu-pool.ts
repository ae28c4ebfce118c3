// A pool of worker_threads for the runtime's CPU path in Node (gateway, CLI, benchmarks).
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CpuPool, CpuRangeTask } from '../../shared/gpu/cpu-task.ts';
import type { SeriesChunk } from '../../shared/gpu/types.ts';

interface Pending {
  resolve(c: SeriesChunk): void;
  reject(e: Error): void;
}

export class NodeCpuPool implements CpuPool {
  readonly size: number;
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly busy: number[];
  private nextId = 1;
  private turn = 0;

  /** `size` defaults to the cores available minus one (at least 1). */
  constructor(size = Math.max(1, availableParallelism() - 1)) {
    this.size = size;
    this.busy = new Array<number>(size).fill(0);
    // The worker is TypeScript: its .mjs entry registers tsx's loader (tsx is a runtime dependency of the gateway).
    const url = new URL('./cpu-worker-entry.mjs', import.meta.url);
    for (let i = 0; i < size; i++) {
      const w = new Worker(url);
      w.unref();
      w.on('message', (m: { id: number; chunk?: SeriesChunk; error?: string }) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        this.busy[i]--;
        if (m.error !== undefined || !m.chunk) p.reject(new Error(`CPU worker: ${m.error}`));
        else p.resolve(m.chunk);
      });
      w.on('error', (e) => {
        for (const [id, p] of this.pending) {
          this.pending.delete(id);
          p.reject(e);
        }
      });
      this.workers.push(w);
    }
  }

  run(task: CpuRangeTask): Promise<SeriesChunk> {
    // Least-busy worker, ties broken round-robin.
    let best = this.turn++ % this.size;
    for (let i = 0; i < this.size; i++) if (this.busy[i] < this.busy[best]) best = i;
    const id = this.nextId++;
    this.busy[best]++;
    return new Promise<SeriesChunk>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.workers[best].postMessage({ id, task });
    });
  }

  destroy(): void {
    for (const w of this.workers) void w.terminate();
    this.workers.length = 0;
  }
}
