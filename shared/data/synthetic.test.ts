import { describe, expect, it } from 'vitest';
import { SyntheticMarket, newYorkOffsetMinutes, type SyntheticBars, type SyntheticSpec } from './synthetic.ts';
import { SYNTHETIC_SPECS, embeddedInstruments, syntheticSpec } from './embedded-instruments.ts';

const spec = (id: string): SyntheticSpec => syntheticSpec(id)!;
const H = 3_600_000;
const D = 86_400_000;

// Independent reference for New York wall-clock time: the host's IANA database through Intl.
const nyFmt = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  hourCycle: 'h23',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
});
function nyClock(t: number): { weekday: string; minutes: number } {
  const parts = Object.fromEntries(nyFmt.formatToParts(t).map((p) => [p.type, p.value]));
  return { weekday: parts.weekday, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}
function intlNyOffsetMinutes(t: number): number {
  const f = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', timeZoneName: 'shortOffset' });
  const name = f.formatToParts(t).find((p) => p.type === 'timeZoneName')!.value; // e.g. GMT-4
  return Number(name.replace('GMT', '')) * 60;
}

function checkOhlc(b: SyntheticBars): void {
  for (let i = 0; i < b.time.length; i++) {
    expect(b.high[i]).toBeGreaterThanOrEqual(Math.max(b.open[i], b.close[i]));
    expect(b.low[i]).toBeLessThanOrEqual(Math.min(b.open[i], b.close[i]));
    expect(b.low[i]).toBeGreaterThan(0);
    expect(b.volume[i]).toBeGreaterThan(0);
    if (i > 0) expect(b.time[i]).toBeGreaterThan(b.time[i - 1]);
  }
}

describe('New York clock', () => {
  it('matches the IANA time zone database at and around every DST switch 2007-2035', () => {
    for (let y = 2007; y <= 2035; y++) {
      for (const month of [2, 10]) {
        for (let d = 1; d <= 14; d++) {
          for (const hour of [0, 5, 6, 7, 8, 12]) {
            const t = Date.UTC(y, month, d, hour, 30);
            expect(newYorkOffsetMinutes(t)).toBe(intlNyOffsetMinutes(t));
          }
        }
      }
      expect(newYorkOffsetMinutes(Date.UTC(y, 0, 15))).toBe(-300);
      expect(newYorkOffsetMinutes(Date.UTC(y, 6, 15))).toBe(-240);
    }
  });
});

describe('SyntheticMarket', () => {
  it('is deterministic for a seed and differs for another seed', () => {
    const a = new SyntheticMarket(spec('BTCUSDT.SIM')).minuteBars(Date.UTC(2024, 5, 3), Date.UTC(2024, 5, 4));
    const b = new SyntheticMarket(spec('BTCUSDT.SIM')).minuteBars(Date.UTC(2024, 5, 3), Date.UTC(2024, 5, 4));
    expect(b).toEqual(a);
    const c = new SyntheticMarket({ ...spec('BTCUSDT.SIM'), seed: 7 }).minuteBars(Date.UTC(2024, 5, 3), Date.UTC(2024, 5, 4));
    expect(c.close).not.toEqual(a.close);
  });

  it('gives the same bars for a range whether asked alone or inside a larger range (lazy by range)', () => {
    const from = Date.UTC(2025, 2, 10, 14);
    const to = Date.UTC(2025, 2, 12, 18);
    const direct = new SyntheticMarket(spec('ACME.SIM')).minuteBars(from, to);
    const wide = new SyntheticMarket(spec('ACME.SIM'));
    wide.minuteBars(Date.UTC(2024, 0, 1), Date.UTC(2025, 0, 1)); // warm the anchors and caches in another order
    const all = wide.minuteBars(Date.UTC(2025, 2, 1), Date.UTC(2025, 2, 31));
    const i0 = all.time.indexOf(direct.time[0]);
    expect(i0).toBeGreaterThan(0);
    expect(all.close.slice(i0, i0 + direct.time.length)).toEqual(direct.close);
    expect(all.volume.slice(i0, i0 + direct.time.length)).toEqual(direct.volume);
  });

  it('keeps OHLC consistent, prices on the tick grid and each open equal to the previous close in a 24h market', () => {
    for (const s of SYNTHETIC_SPECS) {
      const b = new SyntheticMarket(s).minuteBars(Date.UTC(2024, 10, 1), Date.UTC(2024, 10, 5));
      expect(b.time.length).toBeGreaterThanOrEqual(780); // ACME: Friday + Monday sessions
      checkOhlc(b);
      const inv = Math.round(1 / s.tickSize);
      for (const p of [...b.open.slice(0, 500), ...b.high.slice(0, 500), ...b.low.slice(0, 500)]) {
        expect(Math.abs(p * inv - Math.round(p * inv))).toBeLessThan(1e-6);
      }
    }
    const btc = new SyntheticMarket(spec('BTCUSDT.SIM')).minuteBars(Date.UTC(2024, 1, 1), Date.UTC(2024, 1, 3));
    expect(btc.time.length).toBe(2 * 1440 + 1);
    for (let i = 1; i < btc.time.length; i++) expect(btc.open[i]).toBe(btc.close[i - 1]);
  });

  it('respects NYSE hours for the equity: every bar 09:30-15:59 New York on a weekday, full sessions, DST included', () => {
    // Range spans the 2024-03-10 DST switch.
    const b = new SyntheticMarket(spec('ACME.SIM')).minuteBars(Date.UTC(2024, 2, 4), Date.UTC(2024, 2, 17));
    const perDay = new Map<string, number>();
    for (const t of b.time) {
      const { weekday, minutes } = nyClock(t);
      expect(['Mon', 'Tue', 'Wed', 'Thu', 'Fri']).toContain(weekday);
      expect(minutes).toBeGreaterThanOrEqual(9 * 60 + 30);
      expect(minutes).toBeLessThan(16 * 60);
      const day = new Date(t).toISOString().slice(0, 10);
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
    expect(perDay.size).toBe(10); // two trading weeks
    for (const n of perDay.values()) expect(n).toBe(390); // 6.5 h
  });

  it('respects the FX week: closed from Friday 17:00 to Sunday 17:00 New York, open otherwise', () => {
    const from = Date.UTC(2024, 10, 1); // Friday 2024-11-01; DST ends Sunday 2024-11-03
    const to = Date.UTC(2024, 10, 5);
    const b = new SyntheticMarket(spec('EURUSD.SIM')).minuteBars(from, to);
    const open = new Set(b.time);
    for (let t = from; t <= to; t += 60_000) {
      const { weekday, minutes } = nyClock(t);
      const closed = weekday === 'Sat' || (weekday === 'Fri' && minutes >= 17 * 60) || (weekday === 'Sun' && minutes < 17 * 60);
      expect(open.has(t)).toBe(!closed);
    }
  });

  it('builds every 1-minute bar from its ticks: first/max/min/last trade price and the sum of sizes', () => {
    for (const s of SYNTHETIC_SPECS) {
      const m = new SyntheticMarket(s);
      const from = Date.UTC(2024, 6, 9, 14); // Tuesday, open for all three
      const to = from + H - 1;
      const bars = m.minuteBars(from, to);
      const { trades, quotes } = m.ticks(from, to);
      expect(bars.time.length).toBe(60);
      const byMinute = new Map<number, typeof trades>();
      for (const t of trades) {
        const k = Math.floor(t.ts / 60_000) * 60_000;
        byMinute.set(k, [...(byMinute.get(k) ?? []), t]);
      }
      for (let i = 0; i < bars.time.length; i++) {
        const ts = byMinute.get(bars.time[i])!;
        expect(ts.length).toBeGreaterThanOrEqual(4);
        expect(ts[0].price).toBe(bars.open[i]);
        expect(ts[ts.length - 1].price).toBe(bars.close[i]);
        expect(Math.max(...ts.map((t) => t.price))).toBe(bars.high[i]);
        expect(Math.min(...ts.map((t) => t.price))).toBe(bars.low[i]);
        const vol = ts.reduce((a, t) => a + t.size, 0);
        expect(vol).toBeCloseTo(bars.volume[i], 6);
      }
      // Each trade hits the quote published just before it (same timestamp, same index).
      expect(quotes.length).toBe(trades.length);
      for (let j = 0; j < trades.length; j++) {
        const q = quotes[j];
        const t = trades[j];
        expect(q.ts).toBe(t.ts);
        expect(q.ask).toBeGreaterThan(q.bid);
        expect(t.price).toBe(t.aggressor === 'buy' ? q.ask : q.bid);
        if (j > 0) expect(t.ts).toBeGreaterThan(trades[j - 1].ts);
      }
    }
  });

  it('has realistic statistics: annual volatility near the spec, volatility clustering, a U-shaped equity volume', () => {
    const s = spec('BTCUSDT.SIM');
    const m = new SyntheticMarket(s);
    const b = m.minuteBars(Date.UTC(2024, 0, 1), Date.UTC(2025, 11, 31, 23, 59));
    // Daily closes from the last minute of each UTC day.
    const daily: number[] = [];
    for (let i = 1439; i < b.close.length; i += 1440) daily.push(Math.log(b.close[i]));
    const r = daily.slice(1).map((x, i) => x - daily[i]);
    const mean = r.reduce((a, x) => a + x, 0) / r.length;
    const annVol = Math.sqrt((r.reduce((a, x) => a + (x - mean) ** 2, 0) / (r.length - 1)) * 365);
    expect(annVol).toBeGreaterThan(s.annualVol * 0.7);
    expect(annVol).toBeLessThan(s.annualVol * 1.4);

    // Clustering: squared 1-minute returns are positively autocorrelated (i.i.d. GBM would give ~0).
    const lr = b.close.slice(1, 200_001).map((c, i) => Math.log(c / b.close[i]));
    const sq = lr.map((x) => x * x);
    const mu = sq.reduce((a, x) => a + x, 0) / sq.length;
    let num = 0, den = 0;
    for (let i = 0; i < sq.length; i++) {
      den += (sq[i] - mu) ** 2;
      if (i > 0) num += (sq[i] - mu) * (sq[i - 1] - mu);
    }
    expect(num / den).toBeGreaterThan(0.05);

    const eq = new SyntheticMarket(spec('ACME.SIM')).minuteBars(Date.UTC(2024, 3, 1), Date.UTC(2024, 5, 30));
    let first = 0, mid = 0;
    for (let i = 0; i < eq.time.length; i++) {
      const { minutes } = nyClock(eq.time[i]);
      if (minutes < 10 * 60) first += eq.volume[i];
      else if (minutes >= 12 * 60 && minutes < 12 * 60 + 30) mid += eq.volume[i];
    }
    expect(first).toBeGreaterThan(1.5 * mid); // same 30-minute length
  });

  it('generates a year of 1-minute bars of the 24/7 pair in well under a second', () => {
    const m = new SyntheticMarket(spec('BTCUSDT.SIM'));
    const t0 = performance.now();
    const b = m.minuteBars(Date.UTC(2024, 0, 1), Date.UTC(2024, 11, 31, 23, 59));
    const ms = performance.now() - t0;
    expect(b.time.length).toBe(366 * 1440); // 2024 is a leap year
    expect(ms).toBeLessThan(1000);
  });

  it('counts minutes without generating them', () => {
    const m = new SyntheticMarket(spec('ACME.SIM'));
    const from = Date.UTC(2024, 0, 1);
    const to = Date.UTC(2024, 0, 31, 23, 59);
    expect(m.countMinutes(from, to)).toBe(m.minuteBars(from, to).time.length);
    expect(m.countMinutes(from, to)).toBe(23 * 390); // 23 weekdays in January 2024
  });

  it('labels every synthetic instrument synthetic and the S&P 500 real', () => {
    const list = embeddedInstruments();
    expect(list.find((i) => i.id === 'SPX.INDEX')!.synthetic).toBe(false);
    for (const s of SYNTHETIC_SPECS) {
      const info = list.find((i) => i.id === s.id)!;
      expect(info.synthetic).toBe(true);
      expect(info.description).toMatch(/SYNTHETIC/);
      expect(info.from).toBeLessThan(info.to!);
    }
    expect(D).toBe(24 * H);
  });
});
