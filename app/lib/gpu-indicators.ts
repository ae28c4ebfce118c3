import { computeOnMainThread, type IndicatorComputer } from './indicator-series.ts';

/**
 * Chart indicators through the compute runtime: a WGSL kernel when WebGPU is up, else the CPU twins in workers.
 * The GPU works in float32, which is far finer than a chart pixel. An indicator the runtime cannot take, or any
 * runtime failure, falls back to the registry's exact batch function on this thread, so the chart always draws.
 */
export const computeWithRuntime: IndicatorComputer = async (id, cols, params) => {
  try {
    // Loaded on first use: the WGSL kernels and the runtime stay out of the first page load.
    const { browserRuntime } = await import('../compute/browser-runtime.ts');
    const rt = await browserRuntime();
    const support = rt.indicators().find((s) => s.id === id);
    if (!support?.gpu || rt.status.backend !== 'webgpu') return computeOnMainThread(id, cols, params);
    const r = await rt.sweep({ indicator: id, instruments: [cols], paramSets: [params] });
    // One instrument and one parameter set: output o occupies values[o * nBars .. (o + 1) * nBars).
    const outputs: Record<string, Float32Array> = {};
    r.outputs.forEach((name, o) => (outputs[name] = r.values.subarray(o * r.nBars, (o + 1) * r.nBars)));
    return { outputs, backend: r.backend };
  } catch (err) {
    console.warn(`indicator ${id}: compute runtime failed, using the CPU batch function`, err);
    return computeOnMainThread(id, cols, params);
  }
};
