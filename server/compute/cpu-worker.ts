// worker_threads side of the Node CPU pool: runs the CPU twins over one slice of a sweep grid.
import { parentPort } from 'node:worker_threads';
import { runCpuRangeTask, type CpuRangeTask } from '../../shared/gpu/cpu-task.ts';

parentPort!.on('message', (msg: { id: number; task: CpuRangeTask }) => {
  try {
    const chunk = runCpuRangeTask(msg.task);
    parentPort!.postMessage({ id: msg.id, chunk }, [chunk.data.buffer as ArrayBuffer]);
  } catch (e) {
    parentPort!.postMessage({ id: msg.id, error: (e as Error).message });
  }
});
