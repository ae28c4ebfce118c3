#!/usr/bin/env node
// `npm test`: everything — types, unit, shader, build, e2e — in that order, with one summary line at the end.
// It finds or installs what it needs (Chromium for e2e and SwiftShader's Vulkan driver for WGSL tests),
// or says exactly what is missing.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'test-results', 'summary');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const only = process.argv.slice(2); // e.g. `npm test -- unit e2e`

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  return candidates.find((p) => existsSync(p));
}

function ensureChromium() {
  let path = chromiumPath();
  const vk = '/usr/lib/chromium/vk_swiftshader_icd.json';
  if (path && existsSync(vk) && existsSync('/usr/lib/x86_64-linux-gnu/libvulkan.so.1')) return path;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync('/etc/debian_version')) {
    console.log('[test] Chromium or libvulkan1 missing: installing with apt-get (Debian, running as root)');
    if (!run('apt-get', ['update', '-qq']) || !run('apt-get', ['install', '-y', '-qq', 'chromium', 'libvulkan1'], { DEBIAN_FRONTEND: 'noninteractive' })) {
      console.error('[test] apt-get failed. Install by hand: apt-get update && apt-get install -y chromium libvulkan1');
      process.exit(1);
    }
    path = chromiumPath();
  }
  if (!path) {
    console.error('[test] Chromium is missing. Run as root on Debian: apt-get update && apt-get install -y chromium libvulkan1\n' +
      '       or point CHROMIUM_PATH at a Chromium binary.');
    process.exit(1);
  }
  return path;
}

const chromium = ensureChromium();
const gpuEnv = { VK_ICD_FILENAMES: '/usr/lib/chromium/vk_swiftshader_icd.json', CHROMIUM_PATH: chromium };

const steps = [
  ['types', () => run('npx', ['tsc', '-p', 'tsconfig.json']) && run('npx', ['tsc', '-p', 'tsconfig.shared.json']) &&
    run('npx', ['svelte-check', '--tsconfig', './tsconfig.json', '--threshold', 'error', '--output', 'human'])],
  ['unit', () => run('npx', ['vitest', 'run', '--project', 'unit', '--reporter=default', '--reporter=json', `--outputFile.json=${out}/unit.json`])],
  ['gpu', () => run('npx', ['vitest', 'run', '--project', 'gpu', '--reporter=default', '--reporter=json', `--outputFile.json=${out}/gpu.json`], gpuEnv)],
  ['build', () => run('npx', ['vite', 'build', '--logLevel', 'warn'])],
  // A fresh gateway home for every e2e run: a halted kill switch or a journal from an earlier run must not leak in.
  ['e2e', () => {
    rmSync(join(root, 'test-results', 'aio-home'), { recursive: true, force: true });
    return run('npx', ['playwright', 'test'], { ...gpuEnv, PLAYWRIGHT_JSON_OUTPUT_NAME: `${out}/e2e.json` });
  }],
];

const failedSteps = [];
for (const [name, fn] of steps) {
  if (only.length && !only.includes(name)) continue;
  console.log(`\n[test] ── ${name} ──`);
  const t0 = Date.now();
  const ok = fn();
  console.log(`[test] ${name}: ${ok ? 'ok' : 'FAILED'} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (!ok) failedSteps.push(name);
}

let passed = 0, failed = 0;
for (const f of ['unit.json', 'gpu.json']) {
  const p = join(out, f);
  if (!existsSync(p)) continue;
  const j = JSON.parse(readFileSync(p, 'utf8'));
  passed += j.numPassedTests ?? 0;
  failed += (j.numFailedTests ?? 0);
}
const e2e = join(out, 'e2e.json');
if (existsSync(e2e)) {
  const s = JSON.parse(readFileSync(e2e, 'utf8')).stats ?? {};
  passed += s.expected ?? 0;
  failed += (s.unexpected ?? 0) + (s.flaky ?? 0);
}
if (failedSteps.length) console.log(`\n[test] failed steps: ${failedSteps.join(', ')}`);
// A step that failed without a failing test (a type error, a build error) still counts as a failure.
if (failedSteps.length && failed === 0) failed = failedSteps.length;
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failedSteps.length ? 1 : 0);
