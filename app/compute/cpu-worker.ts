// Web Worker of the browser CPU pool: runs the CPU twins over one slice of a sweep grid (comlink RPC).
import * as Comlink from 'comlink';
import { runCpuRangeTask, type CpuRangeTask } from '../../shared/gpu/cpu-task.ts';
import type { SeriesChunk } from '../../shared/gpu/types.ts';

const api = {
  run(task: CpuRangeTask): SeriesChunk {
    const chunk = runCpuRangeTask(task);
    // Hand the result's memory over instead of copying it.
    return Comlink.transfer(chunk, [chunk.data.buffer as ArrayBuffer]);
  },
};

export type CpuWorkerApi = typeof api;

Comlink.expose(api);
