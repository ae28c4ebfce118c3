// Public surface of the GPU layer. Hosts create a runtime with their glue (app/compute/browser-runtime.ts,
// server/compute/node-runtime.ts) and call `runtime.sweep()`; the rest is for tests and benchmarks.
export { ComputeRuntime, type ComputeRuntimeOptions, type IndicatorSupport, type RuntimeStatus } from './runtime.ts';
export type { Backend, ColumnName, InstrumentColumns, ParamSet, SeriesChunk, SweepGrid, SweepOptions, SweepRequest, SweepResult } from './types.ts';
export { gridIndex, seriesOf } from './grid.ts';
export { GpuDeviceLostError, GpuInputError, GpuKernelError, SweepCancelledError } from './errors.ts';
export { adapterLabel, describeAdapter, GpuContext, type AdapterDescription } from './gpu-context.ts';
export { SweepKernel, type SweepKernelOptions } from './sweep-kernel.ts';
export { KERNELS, specFor } from './kernels/index.ts';
export type { KernelSpec } from './kernel-spec.ts';
export type { CpuPool, CpuRangeTask } from './cpu-task.ts';
export { runCpuRangeTask } from './cpu-task.ts';
