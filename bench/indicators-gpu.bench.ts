// GPU sweep throughput: bar x parameter-set evaluations per second for EMA and RSI over many parameter sets in one
// dispatch per chunk, including upload and read-back, next to the CPU twin (registry batch function, one thread).
// Prints ONE JSON line: {"bench":"indicators-gpu", adapter, ...}.
//
//   npx tsx bench/indicators-gpu.bench.ts [--bars N] [--params N] [--chunk-mib N] [--ids ema,rsi|all]
//
// --ids picks the kernels (default ema,rsi); `all` takes every kernel whose self-test case has a `period`: the sweep
// varies the period 2..params+1 and keeps the case's other parameters (e.g. bbands mult 2).
//
// Defaults: 1,000,000 bars x 2,000 parameter sets on a hardware adapter. On a software adapter (SwiftShader) the
// run is scaled down to 100,000 bars x 64 parameter sets (it would take many minutes) and the JSON says so:
// SwiftShader's figure only proves the kernels run. On a real GPU (e.g. NVIDIA with libvulkan1 and the NVIDIA
// Vulkan ICD) leave VK_ICD_FILENAMES unset so Dawn finds the hardware driver; see docs/gpu.md.
import { availableParallelism, cpus } from 'node:os';
import { requestNodeGpu } from '../server/compute/node-gpu.ts';
import { adapterLabel } from '../shared/gpu/gpu-context.ts';
import { KERNELS } from '../shared/gpu/kernels/index.ts';
import { syntheticBars } from '../shared/gpu/selftest.ts';
import { SweepKernel } from '../shared/gpu/sweep-kernel.ts';
import { SELFTEST_CASES } from '../shared/gpu/selftest-cases.ts';
import { getIndicator } from '../shared/indicators/registry.ts';

function argStr(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function arg(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : undefined;
}

// Without a hardware driver (a CI box), fall back to Chromium's SwiftShader so the kernels at least run.
const ctx = await requestNodeGpu({ softwareFallback: true });
const out: Record<string, unknown> = { bench: 'indicators-gpu' };
if (typeof ctx === 'string') {
  out.adapter = null;
  out.error = ctx;
} else {
  out.adapter = adapterLabel(ctx.adapter);
  out.software_adapter = ctx.adapter.isFallback;
}
const software = typeof ctx === 'string' || ctx.adapter.isFallback;
const nBars = arg('bars') ?? (software ? 100_000 : 1_000_000);
const nParams = arg('params') ?? (software ? 64 : 2000);
if (software && arg('bars') === undefined) {
  out.scaled_down = 'software adapter (SwiftShader): 100,000 bars x 64 parameter sets instead of 1,000,000 x 2,000; this figure only proves the kernels run, not GPU speed';
}
out.bars = nBars;
out.param_sets = nParams;
out.instruments = 1;
out.cpu = `${cpus()[0]?.model ?? 'unknown'} x${availableParallelism()}`;

const instruments = syntheticBars(nBars, 1, 42);
const evals = nBars * nParams;
const idsArg = argStr('ids') ?? 'ema,rsi';
const withPeriod = SELFTEST_CASES.filter((c) => KERNELS[c.id] && c.paramSets.some((p) => 'period' in p));
const ids = idsArg === 'all' ? withPeriod.map((c) => c.id) : idsArg.split(',').filter(Boolean);
for (const id of ids) {
  if (!KERNELS[id] || !withPeriod.some((c) => c.id === id)) {
    console.error(`--ids: no GPU kernel with a period parameter named "${id}"; known: ${withPeriod.map((c) => c.id).join(', ')}`);
    process.exit(2);
  }
}

for (const id of ids) {
  // Periods 2..(nParams+1): the sweep an optimiser would run; the case's other parameters stay as they are.
  const template = withPeriod.find((c) => c.id === id)!.paramSets.find((p) => 'period' in p)!;
  const paramSets = Array.from({ length: nParams }, (_, i) => ({ ...template, period: 2 + i }));
  const row: Record<string, number | string> = {};
  if (typeof ctx !== 'string') {
    const chunkMiB = arg('chunk-mib') ?? 512;
    const host = new SweepKernel(ctx, KERNELS[id], { maxChunkBytes: chunkMiB * 1024 * 1024 });
    // Warm-up: compiles the pipeline and allocates buffers.
    await host.runChunks({ indicator: id, instruments, paramSets: paramSets.slice(0, 2) }, () => undefined);
    let checksum = 0;
    const t0 = performance.now();
    await host.runChunks({ indicator: id, instruments, paramSets }, (c) => {
      checksum += c.data[c.data.length - 1];
    });
    const ms = performance.now() - t0;
    row.gpu_ms = Math.round(ms);
    row.gpu_evals_per_s = Math.round(evals / (ms / 1000));
    // The same sweep without reading the values back: what the kernels alone cost.
    const t2 = performance.now();
    await host.runChunks({ indicator: id, instruments, paramSets }, null);
    const computeMs = performance.now() - t2;
    row.gpu_compute_only_ms = Math.round(computeMs);
    row.gpu_compute_only_evals_per_s = Math.round(evals / (computeMs / 1000));
    row.gpu_memory_mib = Math.round(host.memoryBytes / 1024 / 1024);
    row.checksum_last_bar = Number(checksum.toPrecision(6));
    host.destroy();
  }
  // CPU twin: the registry's batch function over a sample of the same periods, one thread, extrapolated.
  const def = getIndicator(id);
  const sample = paramSets.filter((_, i) => i % Math.max(1, Math.floor(nParams / 16)) === 0).slice(0, 16);
  const cols = instruments[0] as unknown as Parameters<typeof def.batch>[0];
  def.batch(cols, { ...template, period: 14 });
  const t1 = performance.now();
  for (const p of sample) def.batch(cols, p);
  const cpuMs = performance.now() - t1;
  row.cpu_evals_per_s_1thread = Math.round((nBars * sample.length) / (cpuMs / 1000));
  if (row.gpu_evals_per_s !== undefined) row.gpu_over_cpu_1thread = Number(((row.gpu_evals_per_s as number) / (row.cpu_evals_per_s_1thread as number)).toFixed(2));
  out[id] = row;
}
out.note = 'gpu_evals_per_s includes upload, dispatch and read-back of every output value (float32); gpu_compute_only skips the read-back; cpu figures are one thread';
console.log(JSON.stringify(out));
if (typeof ctx !== 'string') ctx.destroy();
