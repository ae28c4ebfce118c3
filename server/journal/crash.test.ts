import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditResponse, AuditVerifyResponse } from '../../shared/api/audit.ts';
import { startGatewayProcess as startGateway } from '../testing.ts';


let running: ChildProcess | undefined;
afterEach(() => {
  if (running && running.exitCode === null) running.kill('SIGKILL');
});

describe('journal across a crash (real process, SIGKILL)', () => {
  it('keeps every acknowledged append, duplicates none, and still verifies after a restart', async () => {
    const home = mkdtempSync(join(tmpdir(), 'aio-crash-'));
    const first = await startGateway(home);
    running = first.proc;
    expect(first.out()).toMatch(/API token created/); // printed once, at first start
    const token = readFileSync(join(home, 'api-token'), 'utf8').trim();
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

    // Writers keep appending; the process is killed mid-stream, with requests in flight.
    const acked = new Map<string, number>();
    let stop = false;
    const writer = async (w: number): Promise<void> => {
      for (let i = 0; !stop; i++) {
        const text = `w${w}-n${i}`;
        try {
          const r = await fetch(`${first.base}/api/journal/notes`, { method: 'POST', headers, body: JSON.stringify({ text }) });
          if (r.status === 200) acked.set(text, ((await r.json()) as { seq: number }).seq);
        } catch {
          return; // connection died with the process
        }
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    while (acked.size < 200) await new Promise((r) => setTimeout(r, 5));
    const exited = new Promise((r) => first.proc.once('exit', r)); // listen before the kill: exit may come first
    first.proc.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    await exited;

    const second = await startGateway(home);
    running = second.proc;
    expect(second.out()).not.toMatch(/API token created/); // the same token, not printed again
    const audit = (await (await fetch(`${second.base}/api/audit?limit=100000`, { headers })).json()) as AuditResponse;
    const notes = audit.entries.filter((e) => e.kind === 'operator.note').map((e) => ({ seq: e.seq, text: (JSON.parse(e.payload) as { text: string }).text }));
    const bySeq = new Map(notes.map((n) => [n.text, n.seq]));
    for (const [text, seq] of acked) expect(bySeq.get(text), text).toBe(seq); // nothing acknowledged is lost
    expect(new Set(notes.map((n) => n.text)).size).toBe(notes.length); // nothing duplicated
    const v = (await (await fetch(`${second.base}/api/audit/verify`, { headers })).json()) as AuditVerifyResponse;
    expect(v.ok).toBe(true);
    expect(audit.entries.filter((e) => e.kind === 'gateway.started')).toHaveLength(2); // one per start
    const gone = new Promise((r) => second.proc.once('exit', r));
    second.proc.kill('SIGTERM');
    await gone;
  });
});
