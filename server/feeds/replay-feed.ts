import { SYNTHETIC_FROM, SYNTHETIC_SPECS } from '../../shared/data/embedded-instruments.ts';
import { SyntheticMarket, type SyntheticTicks } from '../../shared/data/synthetic.ts';
import type { Hub } from '../ws/hub.ts';

const WEEK_MS = 7 * 86_400_000;
const MINUTE_MS = 60_000;
/** The replayed sample: 104 whole weeks from Monday 2024-01-01, so weekday and session patterns line up with now. */
export const REPLAY_SPAN_MS = 104 * WEEK_MS;

/** Sample time that the wall-clock instant `now` replays: the same time of week, folded into the sample span. */
export function replaySampleTime(now: number): number {
  const k = (((now - SYNTHETIC_FROM) % REPLAY_SPAN_MS) + REPLAY_SPAN_MS) % REPLAY_SPAN_MS;
  return SYNTHETIC_FROM + k;
}

export interface ReplayFeedOptions {
  hub: Hub;
  now: () => number;
  /** Instruments to replay whether or not a client subscribed (the paper venue trades them). */
  alwaysOn?: readonly string[];
  /** Receives each step's ticks (wall-clock `ts`) of the alwaysOn instruments, before they are published. */
  onTicks?: (id: string, ticks: SyntheticTicks) => void;
  /** Timer period; each step publishes what the sample holds between the previous step and now. */
  intervalMs?: number;
}

/**
 * A live-looking market-data feed replayed from the SYNTHETIC instruments, in real time: wall-clock now maps to the
 * same time of week in the sample. Publishes, only for topics someone subscribed to:
 * - `trades.<ID>`  { ts, sampleTs, price, size, aggressor, tradeId, synthetic: true }
 * - `quotes.<ID>`  { ts, sampleTs, bid, ask, bidSize, askSize, synthetic: true }
 * - `bars.<ID>.1m` the completed 1-minute bar { time, open, high, low, close, volume, synthetic: true }
 * `ts`/`time` are shifted to the wall clock; `sampleTs` is the time in the sample (GET /api/bars has those bars).
 * The same feed can drive the paper venue once the gateway wires one.
 */
export class ReplayFeed {
  private readonly markets = new Map(SYNTHETIC_SPECS.map((s) => [s.id, new SyntheticMarket(s)]));
  /** Each instrument's last generated sample minutes (start -> that minute's ticks), at most two. */
  private readonly minutes = new Map<string, Map<number, SyntheticTicks>>();
  private last: number | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly opts: ReplayFeedOptions) {}

  start(): void {
    if (this.timer) return;
    this.last = this.opts.now();
    this.prime(this.last);
    this.timer = setInterval(() => this.step(), this.opts.intervalMs ?? 100);
    this.timer.unref();
  }

  /**
   * Hands onTicks the last minute of the sample before `now`, so a venue fed by this feed has a market at once
   * (a market order sent right after start would otherwise be rejected for want of a price).
   */
  private prime(now: number): void {
    if (!this.opts.onTicks) return;
    const b = replaySampleTime(now);
    const shift = now - b;
    for (const id of this.opts.alwaysOn ?? []) {
      const m = this.markets.get(id);
      if (!m) continue;
      const { quotes, trades } = m.ticks(b - 60_000, b);
      this.opts.onTicks(id, { quotes: quotes.map((q) => ({ ...q, ts: q.ts + shift })), trades: trades.map((t) => ({ ...t, ts: t.ts + shift })) });
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * The same ticks as `m.ticks(from, to)`, cut from whole sample minutes that are generated once each: a step every
   * 100 ms would otherwise generate its whole minute again 600 times (CPU and garbage on the gateway's event loop).
   */
  private ticks(id: string, m: SyntheticMarket, from: number, to: number): SyntheticTicks {
    let cache = this.minutes.get(id);
    if (!cache) this.minutes.set(id, (cache = new Map()));
    const out: SyntheticTicks = { quotes: [], trades: [] };
    for (let t0 = Math.floor(from / MINUTE_MS) * MINUTE_MS; t0 <= to; t0 += MINUTE_MS) {
      let minute = cache.get(t0);
      if (!minute) {
        minute = m.ticks(t0, t0 + MINUTE_MS - 1);
        cache.set(t0, minute);
        if (cache.size > 2) cache.delete(cache.keys().next().value!);
      }
      for (const q of minute.quotes) if (q.ts >= from && q.ts <= to) out.quotes.push(q);
      for (const t of minute.trades) if (t.ts >= from && t.ts <= to) out.trades.push(t);
    }
    return out;
  }

  /** Publishes everything in (previous step, now]; returns how many events went out. Public for tests. */
  step(): number {
    const now = this.opts.now();
    const prev = this.last ?? now;
    this.last = now;
    if (now <= prev) return 0;
    const { hub } = this.opts;
    const a = replaySampleTime(prev);
    const b = replaySampleTime(now);
    if (b < a) return 0; // wrapped around the end of the sample: skip the seam
    const shift = now - b;
    let n = 0;
    for (const [id, m] of this.markets) {
      const tradesTopic = `trades.${id}`;
      const quotesTopic = `quotes.${id}`;
      const barsTopic = `bars.${id}.1m`;
      const wantTrades = hub.hasSubscribers(tradesTopic);
      const wantQuotes = hub.hasSubscribers(quotesTopic);
      const always = this.opts.alwaysOn?.includes(id) ?? false;
      if (wantTrades || wantQuotes || always) {
        const { trades, quotes } = this.ticks(id, m, a + 1, b);
        if (always && this.opts.onTicks) {
          this.opts.onTicks(id, {
            quotes: quotes.map((q) => ({ ...q, ts: q.ts + shift })),
            trades: trades.map((t) => ({ ...t, ts: t.ts + shift })),
          });
        }
        if (wantQuotes) for (const q of quotes) n += hub.publish(quotesTopic, { ...q, ts: q.ts + shift, sampleTs: q.ts, synthetic: true }) > 0 ? 1 : 0;
        if (wantTrades) for (const t of trades) n += hub.publish(tradesTopic, { ...t, ts: t.ts + shift, sampleTs: t.ts, synthetic: true }) > 0 ? 1 : 0;
      }
      if (hub.hasSubscribers(barsTopic)) {
        // Bars whose minute ended in (a, b]: open time in (a - 60s, b - 60s].
        const bars = m.minuteBars(a - 60_000 + 1, b - 60_000);
        for (let i = 0; i < bars.time.length; i++) {
          n += hub.publish(barsTopic, {
            time: bars.time[i] + shift,
            sampleTime: bars.time[i],
            open: bars.open[i],
            high: bars.high[i],
            low: bars.low[i],
            close: bars.close[i],
            volume: bars.volume[i],
            synthetic: true,
          }) > 0 ? 1 : 0;
        }
      }
    }
    return n;
  }
}
