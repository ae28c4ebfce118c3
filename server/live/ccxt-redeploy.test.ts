import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../journal/journal.ts';
import { activeDeployments } from './ccxt-redeploy.ts';

const entry = (seq: number, kind: string, payload: unknown): JournalEntry =>
  ({ seq, ts: seq, kind, payload: JSON.stringify(payload), prevHash: '', hash: '' });

describe('activeDeployments (what a restart redeploys)', () => {
  it('keeps deployed strategies, drops stopped and faulted ones, ignores the other venue, in deploy order', () => {
    const d = (id: string) => ({ id, spec: { name: id }, instrument: 'BTC/USDT.BINANCE', startedAt: 1 });
    const entries = [
      entry(1, 'ccxt.strategy.deployed', d('A')),
      entry(2, 'ccxt.strategy.deployed', d('B')),
      entry(3, 'ccxt.strategy.deployed', d('C')),
      entry(4, 'ib.strategy.deployed', d('D')),
      entry(5, 'ccxt.strategy.stopped', { id: 'A' }),
      entry(6, 'ccxt.strategy.faulted', { id: 'B', status: 'FAULTED', error: 'onBar: boom' }),
      entry(7, 'ccxt.strategy.deployed', d('E')),
    ];
    expect(activeDeployments(entries, 'ccxt').map((x) => x.id)).toEqual(['C', 'E']);
    expect(activeDeployments(entries, 'ib').map((x) => x.id)).toEqual(['D']);
  });
});
