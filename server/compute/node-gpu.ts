// WebGPU in Node through the npm `webgpu` package (Dawn). Node-only, so it lives here and not in shared/.
// On a machine without a GPU, Dawn needs a Vulkan driver: Chromium's SwiftShader (apt-get install -y chromium
// libvulkan1; VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json). On an NVIDIA machine: libvulkan1 and
// the NVIDIA driver's Vulkan ICD (nvidia_icd.json), with VK_ICD_FILENAMES unset or pointing at it.
import { existsSync } from 'node:fs';
import { GpuContext } from '../../shared/gpu/gpu-context.ts';

export const NO_ADAPTER_FIX =
  'No WebGPU adapter in Node. Fix: apt-get update && apt-get install -y chromium libvulkan1, then run with ' +
  'VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json (software Vulkan), or install the GPU vendor\'s Vulkan ICD ' +
  `(VK_ICD_FILENAMES is now ${process.env.VK_ICD_FILENAMES ? `"${process.env.VK_ICD_FILENAMES}"` : 'unset'})`;

// Dawn's GPU objects must stay referenced for as long as any device lives: if one is garbage-collected during an
// await, long runs crash or hang (PLATFORM.md). Module-level, so they live as long as the process.
let nodeGpu: GPU | undefined;
const keepAlive: GPU[] = [];
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** The process-wide GPU object from npm `webgpu`, or a reason why there is none. */
export async function nodeNavigatorGpu(): Promise<GPU | string> {
  if (nodeGpu) return nodeGpu;
  try {
    const mod = (await import('webgpu')) as { create(options: string[]): GPU; globals: object };
    // GPUBufferUsage, GPUShaderStage and GPUMapMode are globals in browsers; Dawn provides them here.
    Object.assign(globalThis, mod.globals);
    nodeGpu = mod.create([]);
    keepAlive.push(nodeGpu);
    return nodeGpu;
  } catch (e) {
    return `npm package "webgpu" could not be loaded (${(e as Error).message}); run npm install`;
  }
}

export interface NodeGpuOptions {
  readonly adapter?: GPURequestAdapterOptions;
  /**
   * When no adapter is found and VK_ICD_FILENAMES is unset, retry once with Chromium's SwiftShader ICD if it is
   * installed (benchmarks use this on machines without a GPU). Off by default: a software adapter is slower than the
   * CPU twins, so the gateway should not pick one silently.
   */
  readonly softwareFallback?: boolean;
}

/** A GpuContext on the Node adapter, or a reason (with the fix) why there is none. */
export async function requestNodeGpu(o: NodeGpuOptions = {}): Promise<GpuContext | string> {
  const gpu = await nodeNavigatorGpu();
  if (typeof gpu === 'string') return gpu;
  const ctx = await GpuContext.request(gpu, o.adapter);
  if (typeof ctx !== 'string') return ctx;
  if (o.softwareFallback && !process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) {
    // The Vulkan loader reads VK_ICD_FILENAMES when Dawn creates its instance, so a second GPU object sees it.
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
    const mod = (await import('webgpu')) as { create(options: string[]): GPU };
    nodeGpu = mod.create([]);
    keepAlive.push(nodeGpu);
    const retry = await GpuContext.request(nodeGpu, o.adapter);
    if (typeof retry !== 'string') return retry;
  }
  return `${ctx}. ${NO_ADAPTER_FIX}`;
}
