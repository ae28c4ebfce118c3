// Plain-JS entry of the worker_threads CPU worker: registers tsx's loader in this thread, then loads the
// TypeScript worker. (Node 20 does not apply `--import tsx` to a .ts worker entry itself.)
import { register } from 'tsx/esm/api';

register();
await import('./cpu-worker.ts');
