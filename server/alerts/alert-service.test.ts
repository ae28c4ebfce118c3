import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from '../journal/journal.ts';
import type { Hub } from '../ws/hub.ts';
import { AlertService, type AlertEvent } from './alert-service.ts';

const INSTRUMENTS = ['BTCUSDT.SIM', 'EURUSD.SIM'];

function setup(path = join(mkdtempSync(join(tmpdir(), 'aio-alerts-')), 'j.sqlite')) {
  const journal = new Journal(path);
  const published: Array<{ topic: string; data: AlertEvent }> = [];
  const hub = { publish: (topic: string, data: AlertEvent) => published.push({ topic, data }) } as unknown as Hub;
  const balances = [{ currency: 'USDT', total: 1000 }, { currency: 'BTC', total: 0.1 }];
  let t = Date.UTC(2026, 0, 5, 10, 0, 0);
  const svc = new AlertService(journal, hub, { balances: () => balances }, () => INSTRUMENTS, () => t);
  return { journal, published, svc, path, setTime: (x: number) => (t = x) };
}

const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);
const MIN = 60_000;

describe('alerts', () => {
  it('price: fires once per crossing (edge-triggered), journaled and published on topic alerts', () => {
    const { svc, published, journal } = setup();
    const r = svc.create({ kind: 'price', instrument: 'BTCUSDT.SIM', op: 'above', value: 101 }, 'breakout');
    for (const [i, p] of [100, 101.5, 102, 100.5, 101.2].entries()) svc.onTrade('BTCUSDT.SIM', p, T0 + i * 1000);
    svc.onTrade('EURUSD.SIM', 500, T0); // another instrument: nothing
    expect(published.map((p) => [p.topic, p.data.id, p.data.observed, p.data.note])).toEqual([
      ['alerts', r.id, 101.5, 'breakout'],
      ['alerts', r.id, 101.2, 'breakout'],
    ]);
    expect(journal.entries(1, 100).filter((e) => e.kind === 'alert.triggered').length).toBe(2);
    expect(svc.list()[0]).toMatchObject({ triggeredCount: 2, armed: false });
  });

  it('indicator: SMA(3) of 1-minute closes, counted when the minute is over (hand-computed)', () => {
    const { svc, published } = setup();
    svc.create({ kind: 'indicator', instrument: 'BTCUSDT.SIM', indicator: 'SMA', period: 3, op: 'above', value: 105 });
    svc.onTrade('BTCUSDT.SIM', 99, T0);
    svc.onTrade('BTCUSDT.SIM', 100, T0 + 30_000); // minute 0 closes at 100
    svc.onTrade('BTCUSDT.SIM', 104, T0 + MIN);
    svc.onTrade('BTCUSDT.SIM', 110, T0 + 2 * MIN);
    svc.onTrade('BTCUSDT.SIM', 112, T0 + 3 * MIN); // closes minute 2: SMA(100, 104, 110) = 104.67 -> no
    expect(published).toEqual([]);
    svc.onTrade('BTCUSDT.SIM', 90, T0 + 4 * MIN); // closes minute 3: SMA(104, 110, 112) = 108.67 -> fires
    expect(published.length).toBe(1);
    expect(published[0].data.observed).toBeCloseTo((104 + 110 + 112) / 3, 10);
  });

  it('pnl: paper equity against its value when the rule was created', () => {
    const { svc, published } = setup();
    svc.onTrade('BTCUSDT.SIM', 100, T0); // equity 1000 + 0.1 x 100 = 1010
    const r = svc.create({ kind: 'pnl', op: 'below', value: -5 });
    expect(r.baseline).toBe(1010);
    svc.onTrade('BTCUSDT.SIM', 60, T0 + 1000); // 1006: PnL -4
    expect(published).toEqual([]);
    svc.onTrade('BTCUSDT.SIM', 40, T0 + 2000); // 1004: PnL -6
    expect(published.map((p) => p.data.observed)).toEqual([-6]);
  });

  it('rules and their fired state survive a restart (rebuilt from the journal); delete is journaled', () => {
    const a = setup();
    const keep = a.svc.create({ kind: 'price', instrument: 'BTCUSDT.SIM', op: 'below', value: 50 });
    const gone = a.svc.create({ kind: 'price', instrument: 'BTCUSDT.SIM', op: 'above', value: 500 });
    a.svc.onTrade('BTCUSDT.SIM', 40, T0);
    a.svc.delete(gone.id);
    a.journal.close();
    const b = setup(a.path);
    expect(b.svc.list().map((r) => [r.id, r.armed, r.triggeredCount])).toEqual([[keep.id, false, 1]]);
    b.svc.onTrade('BTCUSDT.SIM', 45, T0 + 1000); // still below: already fired, no repeat after the restart
    expect(b.published).toEqual([]);
    expect(b.svc.create({ kind: 'pnl', op: 'above', value: 1 }).id).toBe('A-3'); // ids do not repeat
    expect(() => b.svc.create({ kind: 'price', instrument: 'NOPE.SIM', op: 'above', value: 1 })).toThrow(/live feed of BTCUSDT.SIM/);
    expect(() => b.svc.delete('A-99')).toThrow(/No alert 'A-99'/);
  });
});
