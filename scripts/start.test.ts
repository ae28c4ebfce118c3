import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** `node scripts/start.mjs <args>` with a fresh AIO_HOME and any port; what it prints, on each stream, as it comes. */
function start(args: string[], env: NodeJS.ProcessEnv = {}) {
  const home = mkdtempSync(join(tmpdir(), 'aio-start-'));
  const proc = spawn(process.execPath, [join(root, 'scripts', 'start.mjs'), ...args], {
    cwd: root,
    env: { ...process.env, PORT: '0', AIO_HOME: home, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const printed = { out: '', err: '' };
  proc.stdout.on('data', (d) => (printed.out += d));
  proc.stderr.on('data', (d) => (printed.err += d));
  const exited = new Promise<number | null>((r) => proc.once('exit', r));
  return { proc, home, printed, exited };
}

describe('npm start (scripts/start.mjs)', () => {
  it('starts the gateway, prints its URL and sample-data banner, and serves the API', async () => {
    const { proc, printed, exited } = start(['--no-build']);
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const t = setInterval(() => {
          const m = /ai-indicator-optimizer gateway on (http:\/\/127\.0\.0\.1:\d+) \(sample data: S&P 500 daily \[real\], BTCUSDT\/EURUSD\/ACME \[synthetic\]; venue: paper\)/.exec(printed.out);
          if (m) {
            clearInterval(t);
            resolve(m[1]);
          }
        }, 50);
        void exited.then((c) => reject(new Error(`exited ${c}: ${printed.out}${printed.err}`)));
      });
      const health = (await (await fetch(`${url}/api/health`)).json()) as { status: string };
      expect(health.status).toBe('ok');
      expect(printed.out).toMatch(/API token created/);
    } finally {
      proc.kill('SIGTERM');
      await exited;
    }
  });

  it('refuses an unknown option with the usage', async () => {
    const { printed, exited } = start(['--frobnicate']);
    expect(await exited).toBe(2);
    expect(printed.err).toContain("unknown option '--frobnicate'");
  });

  it('refuses a bad environment variable by name, without a stack trace, before it opens anything', async () => {
    const { home, printed, exited } = start(['--no-build'], { AIO_EVENT_LOOP_SLICE_US: '20' });
    expect(await exited).toBe(2);
    expect(printed.err).toContain('The gateway could not start: AIO_EVENT_LOOP_SLICE_US=20 is not valid: use 0');
    expect(printed.err).not.toMatch(/\n\s+at /);
    // Nothing was created: no token, no journal.
    expect(readdirSync(home)).toEqual([]);
  });
});
