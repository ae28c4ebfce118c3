// Typed errors of the GPU layer. Each message says what went wrong and what to do; the runtime catches
// all three and runs the CPU twin instead, so a trader sees a slower answer, never a missing one.

/** The inputs cannot run on this device (too large for a binding, NaN in the input, bad parameters). */
export class GpuInputError extends Error {
  override readonly name = 'GpuInputError';
}

/** The device was lost (driver reset, tab in background too long, `device.destroy()`); it cannot be used again. */
export class GpuDeviceLostError extends Error {
  override readonly name = 'GpuDeviceLostError';
}

/** A shader failed to compile or a pipeline failed validation: a bug in shaders/ or an unsupported device. */
export class GpuKernelError extends Error {
  override readonly name = 'GpuKernelError';
}

/** The caller cancelled the sweep (SweepOptions.signal); not a failure of the GPU or the inputs. */
export class SweepCancelledError extends Error {
  override readonly name = 'SweepCancelledError';
}
