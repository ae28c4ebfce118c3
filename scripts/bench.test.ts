import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function runBench(files: Record<string, string>, ...args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'aio-bench-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return spawnSync(process.execPath, [join(root, 'scripts', 'bench.mjs'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, AIO_BENCH_DIR: dir }, timeout: 60_000 });
}

describe('npm run bench (scripts/bench.mjs)', () => {
  it('discovers every *.bench.ts, passes their JSON lines to stdout and other output to stderr', () => {
    const r = runBench({
      'a.bench.ts': "const n: number = 2;\nconsole.log('warming up');\nconsole.log(JSON.stringify({ bench: 'a', opsPerSec: n }));\n",
      'b.bench.ts': "console.log(JSON.stringify({ bench: 'b', ms: 1.5 }));\n",
      'helper.ts': "console.log(JSON.stringify({ bench: 'not-a-bench' }));\n",
    });
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(['{"bench":"a","opsPerSec":2}', '{"bench":"b","ms":1.5}']);
    expect(r.stderr).toContain('[a.bench.ts] warming up');
  });

  it('exits non-zero when a benchmark fails or prints no JSON line, and still runs the others', () => {
    const r = runBench({
      'a.bench.ts': "throw new Error('boom');\n",
      'b.bench.ts': "console.log('no json here');\n",
      'c.bench.ts': "console.log(JSON.stringify({ bench: 'c' }));\n",
    });
    expect(r.status).toBe(1);
    expect(r.stdout.trim()).toBe('{"bench":"c"}');
    expect(r.stderr).toMatch(/failed: a\.bench\.ts, b\.bench\.ts/);
  });

  it('runs only the benchmarks named on the command line', () => {
    const r = runBench({ 'x.bench.ts': "console.log(JSON.stringify({ bench: 'x' }));\n", 'y.bench.ts': "throw new Error('not me');\n" }, 'x');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('{"bench":"x"}');
  });
});
