// A pool of Web Workers for the runtime's CPU path in the browser (comlink RPC, one module worker per core).
import * as Comlink from 'comlink';
import type { CpuPool, CpuRangeTask } from '../../shared/gpu/cpu-task.ts';
import type { SeriesChunk } from '../../shared/gpu/types.ts';
import type { CpuWorkerApi } from './cpu-worker.ts';

export class WebCpuPool implements CpuPool {
  readonly size: number;
  private readonly workers: Worker[] = [];
  private readonly remotes: Comlink.Remote<CpuWorkerApi>[] = [];
  private readonly busy: number[];
  private turn = 0;

  /** `size` defaults to the logical cores minus one (the page keeps one), at least 1, at most 8. */
  constructor(size = Math.min(8, Math.max(1, (navigator.hardwareConcurrency || 2) - 1))) {
    this.size = size;
    this.busy = new Array<number>(size).fill(0);
    for (let i = 0; i < size; i++) {
      const w = new Worker(new URL('./cpu-worker.ts', import.meta.url), { type: 'module', name: `aio-cpu-${i}` });
      this.workers.push(w);
      this.remotes.push(Comlink.wrap<CpuWorkerApi>(w));
    }
  }

  async run(task: CpuRangeTask): Promise<SeriesChunk> {
    let best = this.turn++ % this.size;
    for (let i = 0; i < this.size; i++) if (this.busy[i] < this.busy[best]) best = i;
    this.busy[best]++;
    try {
      return await this.remotes[best].run(task);
    } finally {
      this.busy[best]--;
    }
  }

  destroy(): void {
    for (const r of this.remotes) r[Comlink.releaseProxy]();
    for (const w of this.workers) w.terminate();
    this.workers.length = 0;
    this.remotes.length = 0;
  }
}
