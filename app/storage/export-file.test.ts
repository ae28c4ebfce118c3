import { describe, expect, it } from 'vitest';
import { buildExportFile, exportFileName, parseExportFile } from './export-file.ts';
import type { StoredResult, StoredStrategy } from './records.ts';

const strategy: StoredStrategy = {
  id: 's1', name: 'SMA cross', spec: { version: 1, indicators: [] }, createdAt: 1_700_000_000_000, updatedAt: 1_700_000_001_000,
};
const result: StoredResult = {
  id: 'r1', strategyId: 's1', name: 'SPX 2000-2020', createdAt: 1_700_000_002_000,
  dataset: { instrument: 'SPX.INDEX', timeframe: '1d' }, metrics: { sharpe: 0.41, maxDrawdown: -0.33 },
  equity: { time: [1, 2], value: [100, 101] },
};

describe('workspace export file', () => {
  it('round-trips what it wrote', () => {
    const file = buildExportFile([strategy], [result], 1_764_000_000_000);
    const back = parseExportFile(JSON.stringify(file));
    expect(back).toEqual({ ok: true, file });
    expect(exportFileName(Date.UTC(2026, 10, 25))).toBe('aio-workspace-2026-11-25.json');
  });

  it('refuses files that are not ours, with the reason', () => {
    expect(parseExportFile('{not json')).toMatchObject({ ok: false, error: expect.stringContaining('not valid JSON') });
    expect(parseExportFile('{"format":"other"}')).toMatchObject({ ok: false, error: expect.stringContaining('not an AI Indicator Optimizer export') });
    expect(parseExportFile('{"format":"aio-workspace","version":2,"strategies":[],"results":[]}')).toMatchObject({
      ok: false, error: expect.stringContaining('version 2'),
    });
  });

  it('points at the record at fault', () => {
    const bad = (patch: object, where: 'strategies' | 'results') => {
      const f = buildExportFile([strategy], [result], 0) as unknown as Record<string, unknown[]>;
      f[where] = [{ ...(f[where][0] as object), ...patch }];
      return parseExportFile(JSON.stringify(f));
    };
    expect(bad({ id: '' }, 'strategies')).toMatchObject({ ok: false, error: 'strategies[0].id must be a non-empty string' });
    expect(bad({ strategyId: 'ghost' }, 'results')).toMatchObject({ ok: false, error: expect.stringContaining("'ghost' names no strategy") });
    expect(bad({ metrics: { sharpe: 'high' } }, 'results')).toMatchObject({ ok: false, error: 'results[0].metrics.sharpe must be a number' });
    expect(bad({ equity: { time: [1], value: [] } }, 'results')).toMatchObject({ ok: false, error: expect.stringContaining('same length') });
    const dup = buildExportFile([strategy, strategy], [], 0);
    expect(parseExportFile(JSON.stringify(dup))).toMatchObject({ ok: false, error: "strategies[1].id 's1' appears twice" });
  });
});
