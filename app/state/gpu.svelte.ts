import { probeWebGpu, type GpuNavigator, type GpuStatus } from '../gpu/webgpu-status.ts';

/** The WebGPU adapter the app will compute on, probed once at start-up. */
export class GpuState {
  status = $state.raw<GpuStatus>({ kind: 'probing' });
  #started = false;

  async probe(nav: GpuNavigator = navigator as unknown as GpuNavigator): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    this.status = await probeWebGpu(nav);
  }
}

export const gpu = new GpuState();
