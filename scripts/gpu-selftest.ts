// Every WGSL kernel against its CPU twin on this machine's WebGPU adapter in Node (npm `webgpu`, Dawn over Vulkan):
// the check to run on a new GPU before trusting its sweeps. The same cases and tolerances as the shader tests
// (shared/gpu/selftest-cases.ts), here on whatever adapter Dawn finds, at any size.
//
//   npm run gpu:selftest -- [--bars N] [--instruments N] [--only ema,rsi] [--software]
//
// Prints one row per kernel on stderr and one JSON line on stdout; exits 1 if any kernel is outside its tolerance,
// 2 if there is no adapter (the message says how to get one). Without --software, a software adapter (SwiftShader)
// is refused: it proves nothing about a GPU.
import { availableParallelism, cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { requestNodeGpu } from '../server/compute/node-gpu.ts';
import { adapterLabel } from '../shared/gpu/gpu-context.ts';
import { runSelfTest } from '../shared/gpu/selftest.ts';

const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const positive = (name: string, def: number): number => {
  const raw = opt(name);
  if (raw === undefined) return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name} must be a positive integer (got "${raw}")`);
    process.exit(2);
  }
  return n;
};
const nBars = positive('bars', 100_000);
const nInstruments = positive('instruments', 2);
const only = opt('only')?.split(',').filter(Boolean);
const software = argv.includes('--software');

const ctx = await requestNodeGpu({ softwareFallback: software });
if (typeof ctx === 'string') {
  console.error(ctx);
  console.log(JSON.stringify({ selftest: 'gpu', adapter: null, error: ctx }));
  process.exit(2);
}
if (ctx.adapter.isFallback && !software) {
  const msg = `adapter ${adapterLabel(ctx.adapter)} is a software fallback; pass --software to check the kernels on it anyway`;
  console.error(msg);
  console.log(JSON.stringify({ selftest: 'gpu', adapter: adapterLabel(ctx.adapter), error: msg }));
  ctx.destroy();
  process.exit(2);
}

const adapter = adapterLabel(ctx.adapter);
console.error(`[gpu-selftest] ${adapter}; ${nBars.toLocaleString('en-US')} bars x ${nInstruments} instruments`);
const t0 = performance.now();
const results = await runSelfTest(ctx, {
  nBars, nInstruments, only, now: () => performance.now(),
  onResult: (r) => console.error(
    `${r.id.padEnd(12)} ${r.ok ? 'ok  ' : 'FAIL'} worst ${(r.worstRatio * 100).toFixed(1).padStart(6)}% of tolerance, ` +
    `max |gpu-cpu| ${r.worstAbs.toExponential(2)}, ${r.cells.toLocaleString('en-US')} cells, ${r.ms.toFixed(0)} ms` +
    (r.ok ? '' : `  ${r.detail}`),
  ),
});
const failed = results.filter((r) => !r.ok).map((r) => r.id);
console.log(JSON.stringify({
  selftest: 'gpu',
  adapter,
  software_adapter: ctx.adapter.isFallback,
  cpu: `${cpus()[0]?.model ?? 'unknown'} x${availableParallelism()}`,
  bars: nBars,
  instruments: nInstruments,
  kernels: results.length,
  failed,
  seconds: Number(((performance.now() - t0) / 1000).toFixed(2)),
  results: results.map((r) => ({
    id: r.id, ok: r.ok, worst_ratio: Number(r.worstRatio.toPrecision(3)), worst_abs: Number(r.worstAbs.toPrecision(3)),
    cells: r.cells, ms: Math.round(r.ms), ...(r.ok ? {} : { detail: r.detail }),
  })),
}));
ctx.destroy();
process.exit(failed.length || results.length === 0 ? 1 : 0);
