import { describe, expect, it } from 'vitest';
import { syntheticSpec } from '../../shared/data/embedded-instruments.ts';
import { SyntheticMarket } from '../../shared/data/synthetic.ts';
import { Hub, type HubSocket } from '../ws/hub.ts';
import { REPLAY_SPAN_MS, ReplayFeed, replaySampleTime } from './replay-feed.ts';

function fakeSocket(): HubSocket & { sent: Array<{ topic: string; data: Record<string, number> }> } {
  const sent: Array<{ topic: string; data: Record<string, number> }> = [];
  return { sent, bufferedAmount: 0, send: (s: string) => void sent.push(JSON.parse(s)), close: () => {} };
}

describe('ReplayFeed', () => {
  it('maps now to the same time of week inside the sample', () => {
    const now = Date.UTC(2026, 10, 25, 14, 30); // a Wednesday
    const t = replaySampleTime(now);
    expect(t).toBeGreaterThanOrEqual(Date.UTC(2024, 0, 1));
    expect(t).toBeLessThan(Date.UTC(2024, 0, 1) + REPLAY_SPAN_MS);
    expect(new Date(t).getUTCDay()).toBe(3);
    expect(new Date(t).getUTCHours()).toBe(14);
    expect((now - t) % (7 * 86_400_000)).toBe(0);
  });

  it('publishes the sample trades, quotes and completed bars of subscribed topics only, shifted to the wall clock', () => {
    let now = Date.UTC(2026, 10, 25, 14, 30, 0);
    const hub = new Hub({ maxBufferedBytes: 1e9, maxTopicsPerClient: 10, now: () => now });
    const s = fakeSocket();
    const c = hub.add(s);
    hub.subscribe(c, ['trades.BTCUSDT.SIM', 'bars.BTCUSDT.SIM.1m']);
    const feed = new ReplayFeed({ hub, now: () => now });
    feed.step(); // arms at 14:30:00
    now += 90_000; // 14:31:30
    feed.step();
    const trades = s.sent.filter((m) => m.topic === 'trades.BTCUSDT.SIM').map((m) => m.data);
    const bars = s.sent.filter((m) => m.topic === 'bars.BTCUSDT.SIM.1m').map((m) => m.data);
    expect(s.sent.some((m) => m.topic.startsWith('quotes.') || m.topic.includes('EURUSD'))).toBe(false);

    // Independent reference: the generator asked directly for the same sample window.
    const a = replaySampleTime(Date.UTC(2026, 10, 25, 14, 30, 0));
    const ref = new SyntheticMarket(syntheticSpec('BTCUSDT.SIM')!).ticks(a + 1, a + 90_000).trades;
    expect(trades.map((t) => t.price)).toEqual(ref.map((t) => t.price));
    expect(trades[0].ts - trades[0].sampleTs).toBe(Date.UTC(2026, 10, 25, 14, 30, 0) - a);
    expect(trades.every((t) => t.synthetic)).toBe(true);
    // The 14:30 minute completed inside the window; 14:31 had not.
    expect(bars.map((b) => b.time)).toEqual([Date.UTC(2026, 10, 25, 14, 30)]);
    const refBar = new SyntheticMarket(syntheticSpec('BTCUSDT.SIM')!).minuteBars(a, a);
    expect(bars[0].close).toBe(refBar.close[0]);
  });

  it('in 100 ms steps across minute boundaries, hands out exactly the ticks the generator gives for the whole window', () => {
    let now = Date.UTC(2026, 10, 25, 14, 29, 50);
    const hub = new Hub({ maxBufferedBytes: 1e9, maxTopicsPerClient: 10, now: () => now });
    const s = fakeSocket();
    hub.subscribe(hub.add(s), ['trades.EURUSD.SIM', 'quotes.EURUSD.SIM']);
    const fed: Array<{ ts: number; price: number }> = [];
    const feed = new ReplayFeed({
      hub,
      now: () => now,
      alwaysOn: ['BTCUSDT.SIM'],
      onTicks: (id, t) => fed.push(...t.trades.map((x) => ({ ts: x.ts, price: x.price }))),
    });
    feed.step(); // arms
    const start = now;
    for (let i = 0; i < 1500; i++) {
      now += 100; // 150 s: three minute boundaries
      feed.step();
    }
    const shift = start - replaySampleTime(start);
    const a = replaySampleTime(start);
    // Independent reference: fresh generators asked once for the whole window.
    const btc = new SyntheticMarket(syntheticSpec('BTCUSDT.SIM')!).ticks(a + 1, a + 150_000);
    const eur = new SyntheticMarket(syntheticSpec('EURUSD.SIM')!).ticks(a + 1, a + 150_000);
    expect(btc.trades.length).toBeGreaterThan(10);
    expect(eur.trades.length).toBeGreaterThan(10);
    expect(fed).toEqual(btc.trades.map((t) => ({ ts: t.ts + shift, price: t.price })));
    const sent = (topic: string) => s.sent.filter((m) => m.topic === topic).map((m) => m.data);
    expect(sent('trades.EURUSD.SIM').map((t) => [t.sampleTs, t.price, t.size])).toEqual(eur.trades.map((t) => [t.ts, t.price, t.size]));
    expect(sent('quotes.EURUSD.SIM').map((q) => [q.sampleTs, q.bid, q.ask])).toEqual(eur.quotes.map((q) => [q.ts, q.bid, q.ask]));
  });
});
