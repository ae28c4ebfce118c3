#!/usr/bin/env node
// `npm run bench [-- name ...]`: runs every bench/*.bench.ts (discovered, so adding a benchmark edits no list) in
// sequence with tsx, one process each so they do not disturb each other. Each prints one JSON line
// (`{"bench": "...", ...figures}`); those lines pass through to stdout, anything else goes to stderr.
// Exits 1 if any benchmark fails or prints no JSON line. Results go in docs/benchmarks.md by hand, with the machine.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// AIO_BENCH_DIR: another folder of benchmarks (the runner's own test uses it).
const dir = process.env.AIO_BENCH_DIR ?? join(root, 'bench');
const filters = process.argv.slice(2);
const all = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort() : [];
const files = filters.length ? all.filter((f) => filters.some((x) => f.includes(x))) : all;
if (!files.length) {
  console.error(filters.length ? `bench: nothing matches ${filters.join(', ')} in bench/ (have: ${all.join(', ') || 'none'})` : 'bench: no bench/*.bench.ts files');
  process.exit(filters.length ? 2 : 0);
}
console.error(`[bench] ${files.length} benchmark(s) on ${cpus()[0]?.model ?? 'unknown CPU'} x${cpus().length}, Node ${process.version}`);

const failed = [];
for (const f of files) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(dir, f)], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  let jsonLines = 0;
  for (const line of (r.stdout ?? '').split('\n')) {
    if (!line.trim()) continue;
    let parsed;
    try {
      parsed = JSON.parse(line);
    } catch {
      parsed = undefined;
    }
    if (parsed && typeof parsed === 'object' && typeof parsed.bench === 'string') {
      process.stdout.write(`${line.trim()}\n`);
      jsonLines++;
    } else {
      process.stderr.write(`[${f}] ${line}\n`);
    }
  }
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  if (r.status !== 0 || jsonLines === 0) {
    failed.push(f);
    console.error(`[bench] ${f}: FAILED (exit ${r.status ?? r.signal}${jsonLines ? '' : ', no JSON line'}) in ${secs} s`);
  } else {
    console.error(`[bench] ${f}: ok in ${secs} s`);
  }
}
if (failed.length) {
  console.error(`[bench] failed: ${failed.join(', ')}`);
  process.exit(1);
}
