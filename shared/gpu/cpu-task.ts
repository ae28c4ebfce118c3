import { cpuSweepRange } from './cpu-sweep.ts';
import { cpuTwin } from './cpu-twins.ts';
import { specFor } from './kernels/index.ts';
import type { SeriesChunk, SweepRequest } from './types.ts';

/** A slice of a sweep for one worker: series `[series0, series0 + nLocal)` of the grid. */
export interface CpuRangeTask {
  readonly req: SweepRequest;
  readonly series0: number;
  readonly nLocal: number;
}

/** What a worker (Web Worker or worker_thread) runs: the CPU twins over its slice, in the GPU's chunk layout. */
export function runCpuRangeTask(task: CpuRangeTask): SeriesChunk {
  const spec = specFor(task.req.indicator);
  const twin = cpuTwin(task.req.indicator);
  if (!spec || !twin) throw new Error(`unknown indicator "${task.req.indicator}"`);
  return cpuSweepRange(spec, twin, task.req, task.series0, task.nLocal);
}

/** A pool of CPU workers (host-specific: app/compute/ in browsers, server/compute/ in Node). */
export interface CpuPool {
  readonly size: number;
  run(task: CpuRangeTask): Promise<SeriesChunk>;
  destroy(): void;
}
