import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('npm start (scripts/start.mjs)', () => {
  it('starts the gateway, prints its URL and sample-data banner, and serves the API', async () => {
    const home = mkdtempSync(join(tmpdir(), 'aio-start-'));
    const proc = spawn(process.execPath, [join(root, 'scripts', 'start.mjs'), '--no-build'], {
      cwd: root,
      env: { ...process.env, PORT: '0', AIO_HOME: home, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.stderr.on('data', (d) => (out += d));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const t = setInterval(() => {
          const m = /ai-indicator-optimizer gateway on (http:\/\/127\.0\.0\.1:\d+) \(sample data: S&P 500 daily \[real\], BTCUSDT\/EURUSD\/ACME \[synthetic\]; venue: paper\)/.exec(out);
          if (m) {
            clearInterval(t);
            resolve(m[1]);
          }
        }, 50);
        proc.once('exit', (c) => reject(new Error(`exited ${c}: ${out}`)));
      });
      const health = (await (await fetch(`${url}/api/health`)).json()) as { status: string };
      expect(health.status).toBe('ok');
      expect(out).toMatch(/API token created/);
    } finally {
      const gone = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await gone;
    }
  });

  it('refuses an unknown option with the usage', async () => {
    const proc = spawn(process.execPath, [join(root, 'scripts', 'start.mjs'), '--frobnicate'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    proc.stderr.on('data', (d) => (err += d));
    const code = await new Promise((r) => proc.once('exit', r));
    expect(code).toBe(2);
    expect(err).toContain("unknown option '--frobnicate'");
  });

  it('refuses a bad environment variable by name, without a stack trace, before it opens anything', async () => {
    const home = mkdtempSync(join(tmpdir(), 'aio-start-'));
    const proc = spawn(process.execPath, [join(root, 'scripts', 'start.mjs'), '--no-build'], {
      cwd: root,
      env: { ...process.env, PORT: '0', AIO_HOME: home, AIO_EVENT_LOOP_SLICE_US: '20' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    proc.stderr.on('data', (d) => (err += d));
    const code = await new Promise((r) => proc.once('exit', r));
    expect(code).toBe(2);
    expect(err).toContain('The gateway could not start: AIO_EVENT_LOOP_SLICE_US=20 is not valid: use 0');
    expect(err).not.toMatch(/\n\s+at /);
    // Nothing was created: no token, no journal.
    expect(readdirSync(home)).toEqual([]);
  });
});
