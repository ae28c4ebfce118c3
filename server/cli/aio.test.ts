import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../config.ts';

/** Runs the real CLI in a child process, as a user would with `npx aio ...`. */
function aio(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(repoRoot, 'server', 'cli', 'aio.mjs'), ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('aio (spawned process)', () => {
  it('--help lists the commands, instruments among them', () => {
    const r = aio('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: aio <command>');
    expect(r.stdout).toMatch(/^\s+instruments\s+List the embedded instruments/m);
  });

  it('an unknown command exits 2 and names the known ones', () => {
    const r = aio('frobnicate');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
    expect(r.stderr).toContain('instruments');
  });

  it('instruments prints the table: the real S&P 500 and three synthetic instruments', () => {
    const r = aio('instruments');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+DATA\s+CLASS\s+TIMEFRAMES/);
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(/^SPX\.INDEX\s+REAL\s+index\s+1d,1w\s+2000-01-03 00:00\s+2020-04-17 00:00/);
    for (const [i, id] of ['BTCUSDT.SIM', 'EURUSD.SIM', 'ACME.SIM'].entries()) {
      expect(lines[i + 2]).toMatch(new RegExp(`^${id.replace('.', '\\.')}\\s+SYNTHETIC\\s`));
    }
  });

  it('instruments --json prints the API shape; a bad option is a usage error', () => {
    const r = aio('instruments', '--json');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as { instruments: Array<{ id: string; synthetic: boolean }> };
    expect(j.instruments.map((i) => [i.id, i.synthetic])).toEqual([
      ['SPX.INDEX', false],
      ['BTCUSDT.SIM', true],
      ['EURUSD.SIM', true],
      ['ACME.SIM', true],
    ]);
    const bad = aio('instruments', '--bogus');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("unknown option '--bogus'");
  });
});
