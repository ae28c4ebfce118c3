import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../api/client.ts';
import type { StrategySpec } from '../../shared/strategy/spec.ts';
import { AioDb, WorkspaceStore, buildExportFile, parseExportFile, type StoredResult } from '../storage/index.ts';
import { BacktestRunner, type RunRecord } from './backtest-runner.svelte.ts';
import { runSpecBacktest } from './run-spec.ts';
import { reopenStoredResult, toStoredResult } from './saved-run.ts';
import { SavedRuns, toRow } from './saved-runs.svelte.ts';

const DAY = 86_400_000;
const close = Array.from({ length: 300 }, (_, i) => 100 + 10 * Math.sin(i / 9));
const columns = {
  time: close.map((_, i) => Date.UTC(2020, 0, 1) + i * DAY),
  open: close.map((c, i) => (i === 0 ? c : close[i - 1])),
  high: close.map((c) => c + 0.5),
  low: close.map((c) => c - 0.5),
  close,
  volume: close.map(() => 1000),
};
const spec: StrategySpec = {
  version: 1,
  name: 'SMA 3/8 cross',
  instruments: ['TEST.SIM'],
  timeframe: '1d',
  indicators: [
    { id: 'fast', type: 'SMA', params: { period: 3 } },
    { id: 'slow', type: 'SMA', params: { period: 8 } },
  ],
  long: { entry: { op: 'crossesAbove', left: 'fast', right: 'slow' }, exit: { op: 'crossesBelow', left: 'fast', right: 'slow' } },
  sizing: { type: 'percentEquity', percent: 50 },
};

function freshRun(id = 'run-1'): RunRecord {
  const summary = runSpecBacktest({ spec, instrumentId: 'TEST.SIM', timeframe: '1d', columns });
  return { id, name: 'SMA 3/8 cross · TEST.SIM 1d', createdAt: Date.UTC(2026, 10, 25, 15), summary, elapsedMs: 123 };
}

/** An export written and read back as a file would be (JSON drops nothing the report needs). */
const throughJson = (r: StoredResult): StoredResult => JSON.parse(JSON.stringify(r)) as StoredResult;

describe('saved backtest runs', () => {
  it('reopen the same report a fresh run showed, after a JSON round trip', () => {
    const rec = freshRun();
    expect(rec.summary.trades.length).toBeGreaterThan(3);
    const back = reopenStoredResult(throughJson(toStoredResult(rec, 'spec:SMA 3/8 cross')));
    expect(back).toEqual({ ok: true, run: JSON.parse(JSON.stringify(rec)) });
  });

  it('does not store the equity columns twice', () => {
    const stored = toStoredResult(freshRun(), 's');
    expect(stored.equity?.time.length).toBeGreaterThan(0);
    expect(JSON.stringify(stored.extra)).not.toContain('"equity"');
    expect(typeof stored.metrics.tradeCount).toBe('number');
  });

  it('explain an old record (metrics and equity only) instead of crashing', () => {
    const old: StoredResult = {
      id: 'r-old', strategyId: 's', name: 'Old run', createdAt: 1, dataset: { instrument: 'SPX.INDEX', timeframe: '1d' },
      metrics: { totalReturn: 0.1 }, equity: { time: [1, 2], value: [100, 110] }, extra: { trades: 4, spec },
    };
    const back = reopenStoredResult(old);
    expect(back.ok).toBe(false);
    if (!back.ok) expect(back.error).toMatch(/"Old run" was saved by an earlier version.*Run the strategy again/);
    expect(reopenStoredResult({ ...old, extra: undefined }).ok).toBe(false);
  });

  it('name the broken part of an edited import', () => {
    const stored = throughJson(toStoredResult(freshRun(), 's'));
    const extra = stored.extra as { drawdown: number[]; summary: { trades: unknown } };
    const shortDd = { ...stored, extra: { ...extra, drawdown: extra.drawdown.slice(1) } };
    expect(reopenStoredResult(shortDd)).toMatchObject({ ok: false, error: expect.stringContaining('the drawdown series') });
    const noTrades = { ...stored, extra: { ...extra, summary: { ...extra.summary, trades: 'x' } } };
    expect(reopenStoredResult(noTrades)).toMatchObject({ ok: false, error: expect.stringContaining('the trade list') });
    expect(reopenStoredResult({ ...stored, extra: { ...extra, version: 9 } })).toMatchObject({ ok: false, error: expect.stringContaining('format 9') });
  });

  it('list, open, compare and delete runs kept in IndexedDB, imported ones included', async () => {
    const store = new WorkspaceStore(new AioDb(`saved-runs-${Math.random()}`));
    const runner = new BacktestRunner({} as ApiClient, store);
    const saved = new SavedRuns(store, runner);
    const a = toStoredResult(freshRun('run-a'), 's1');
    const file = buildExportFile([{ id: 's1', name: 'x', spec, createdAt: 1, updatedAt: 1 }], [a], 2);
    const parsed = parseExportFile(JSON.stringify(file));
    if (!parsed.ok) throw new Error(parsed.error);
    await store.importFile(parsed.file, 'merge');
    await store.saveResult({ ...a, id: 'run-old', name: 'Old run', createdAt: 0, extra: undefined });

    await saved.refresh();
    expect(saved.rows.map((r) => r.id)).toEqual(['run-a', 'run-old']);
    expect(saved.rows[0]).toEqual(toRow(a));
    expect(saved.rows[0].trades).toBe(a.metrics.tradeCount);

    await saved.open('run-a');
    expect(runner.current?.summary.report).toEqual(a.extra && (a.extra as { summary: { report: unknown } }).summary.report);
    await saved.open('run-old');
    expect(saved.message).toMatch(/earlier version/);
    expect(runner.currentId).toBe('run-a');

    await saved.toggleCompare('run-a');
    expect(runner.compare).toEqual(['run-a']);
    await saved.remove('run-a');
    expect(saved.rows.map((r) => r.id)).toEqual(['run-old']);
    expect(runner.runs).toEqual([]);
    expect(runner.compare).toEqual([]);
    expect(runner.currentId).toBeNull();
  });
});
