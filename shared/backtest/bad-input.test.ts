/**
 * Bad input never crashes a run: each problem becomes a typed DataError (skipped data) or an OrderDenied event
 * (orders), with a reason a trader can act on, and the run goes on with the good data.
 */
import { describe, expect, it } from 'vitest';
import { AccountType, Bar, InvalidMarketDataError, OrderSide, QuoteTick, USD, type InstrumentId, type OrderDenied } from '../model/index.ts';
import { SimulatedExchange } from '../venues/sim/exchange.ts';
import { Strategy } from '../strategy/strategy.ts';
import { BacktestConfigError, BacktestEngine } from './backtest-engine.ts';
import { bar, MINUTE, minuteBars, quote, testEquity, trade } from './test-fixtures.ts';

const acme = testEquity('ACME');
const bt = minuteBars(acme.id);

class Recorder extends Strategy {
  readonly seen: string[] = [];
  readonly denied: OrderDenied[] = [];
  onStartHook: (s: Recorder) => void = () => {};
  override onStart(): void {
    this.subscribeBars(bt);
    this.subscribeQuotes(acme.id);
    this.subscribeTrades(acme.id);
    this.onStartHook(this);
  }
  override onBar(b: Bar): void {
    this.seen.push(`bar@${b.tsEvent / MINUTE}:${b.close}`);
  }
  override onQuote(q: QuoteTick): void {
    this.seen.push(`quote@${q.tsEvent / MINUTE}:${q.bid}`);
  }
  override onOrderDenied(e: OrderDenied): void {
    this.denied.push(e);
  }
}

function engine(): BacktestEngine {
  const e = new BacktestEngine();
  e.addVenue({ venue: 'SIM', accountType: AccountType.CASH, baseCurrency: USD, startingBalances: [{ currency: USD, total: 10_000 }] });
  e.addInstrument(acme);
  return e;
}

describe('bad input', () => {
  it('data for an unknown instrument is skipped with DATA_UNKNOWN_INSTRUMENT', () => {
    const e = engine();
    e.addData([bar(bt, MINUTE, 100), quote('GHOST.SIM' as InstrumentId, 2 * MINUTE, 5, 6), bar(bt, 3 * MINUTE, 101)]);
    const s = new Recorder();
    e.addStrategy(s);
    const r = e.run();
    expect(s.seen).toEqual(['bar@1:100', 'bar@3:101']);
    expect(r.dataErrors).toEqual([
      { code: 'DATA_UNKNOWN_INSTRUMENT', message: 'Quote GHOST.SIM at 120000: instrument GHOST.SIM was not added (addInstrument); skipped', ts: 120000, instrumentId: 'GHOST.SIM' },
    ]);
    expect(r.stats.rejectedData).toBe(1);
  });

  it('timestamps going backwards within a stream are skipped with DATA_TIME_BACKWARDS (not reordered)', () => {
    const e = engine();
    function* stream() {
      yield bar(bt, 2 * MINUTE, 100);
      yield bar(bt, 1 * MINUTE, 99); // backwards
      yield bar(bt, 3 * MINUTE, 101);
    }
    e.addData(stream());
    const s = new Recorder();
    e.addStrategy(s);
    const r = e.run();
    expect(s.seen).toEqual(['bar@2:100', 'bar@3:101']);
    expect(r.dataErrors.map((d) => d.code)).toEqual(['DATA_TIME_BACKWARDS']);
    expect(r.dataErrors[0].message).toBe(`Bar ${bt.key} at 60000: timestamp 60000 is before the previous item of its source (120000); sort the source by time. Skipped`);
  });

  it('NaN, negative and crossed prices are skipped with DATA_INVALID_PRICE', () => {
    const e = engine();
    e.addData([
      quote(acme.id, 1 * MINUTE, 100, 100.1),
      quote(acme.id, 2 * MINUTE, Number.NaN, 100.1),
      quote(acme.id, 3 * MINUTE, -1, 100.1),
      quote(acme.id, 4 * MINUTE, 101, 100), // crossed
      bar(bt, 5 * MINUTE, 100, 100, 99, 101), // high below low
      trade(acme.id, 6 * MINUTE, Number.NaN),
      quote(acme.id, 7 * MINUTE, 102, 102.1),
    ]);
    const s = new Recorder();
    e.addStrategy(s);
    const r = e.run();
    expect(s.seen).toEqual(['quote@1:100', 'quote@7:102']);
    expect(r.dataErrors.map((d) => [d.code, d.ts! / MINUTE])).toEqual([
      ['DATA_INVALID_PRICE', 2],
      ['DATA_INVALID_PRICE', 3],
      ['DATA_INVALID_PRICE', 4],
      ['DATA_INVALID_PRICE', 5],
      ['DATA_INVALID_PRICE', 6],
    ]);
    expect(r.dataErrors[2].message).toMatch(/bid 101 is above ask 100 \(crossed book\); skipped$/);
    expect(r.dataErrors[3].message).toMatch(/high 99 \/ low 101 do not bound open 100 and close 100/);
  });

  it('a NaN timestamp is DATA_INVALID_TIMESTAMP, and something that is not market data is DATA_UNKNOWN_KIND', () => {
    const e = engine();
    e.addData([bar(bt, MINUTE, 100)]);
    function* odd() {
      yield new Bar(bt, 1, 1, 1, 1, 1, Number.NaN, 0);
      yield null as unknown as Bar;
      yield { tsEvent: 2 * MINUTE } as unknown as Bar;
    }
    e.addData(odd());
    e.addData([undefined as unknown as Bar, bar(bt, 3 * MINUTE, 101), new Bar(bt, 1, 1, 1, 1, 1, Number.NaN, 0), bar(bt, 2 * MINUTE, 99)]);
    const r = e.run();
    // Sources are opened in the order added: the stream's NaN bar and null, then the array's undefined and NaN bar
    // (an array puts items without a time first); the odd object is met in time order.
    expect(r.dataErrors.map((d) => d.code)).toEqual([
      'DATA_INVALID_TIMESTAMP',
      'DATA_INVALID_TIMESTAMP',
      'DATA_INVALID_TIMESTAMP',
      'DATA_INVALID_TIMESTAMP',
      'DATA_UNKNOWN_KIND',
    ]);
    expect(r.dataErrors[1].message).toBe('null: timestamp null is not epoch milliseconds; skipped');
    expect(r.dataErrors[2].message).toBe('undefined: timestamp undefined is not epoch milliseconds; skipped');
    expect(r.stats.dataEvents).toBe(3); // bars at 1, 2 (sorted into place) and 3 minutes
  });

  it('an order off the lot size is denied (OrderDenied INVALID_QUANTITY) and the run continues', () => {
    const e = engine();
    e.addData([bar(bt, MINUTE, 100), bar(bt, 2 * MINUTE, 101)]);
    const s = new Recorder();
    s.onStartHook = (st) => st.submitOrder(st.orderFactory.market({ instrumentId: acme.id, side: OrderSide.BUY, quantity: 0.5 }));
    e.addStrategy(s);
    const r = e.run();
    expect(s.denied.map((d) => d.reason)).toEqual([
      'INVALID_QUANTITY: quantity 0.5 is not a multiple of the lot size 1 for ACME.SIM; round it with instrument.makeQty()',
    ]);
    expect(r.orders[0]).toMatchObject({ status: 'DENIED', reason: s.denied[0].reason });
    expect(s.seen).toHaveLength(2);
  });

  it('data the venue refuses with a typed error is skipped as DATA_REJECTED_BY_VENUE (other exceptions propagate)', () => {
    const e = new BacktestEngine({
      venueFactory: (cfg, sink) => {
        const ex = new SimulatedExchange(cfg, sink);
        const original = ex.processBar.bind(ex);
        ex.processBar = (b: Bar) => {
          if (b.close === 13) throw new InvalidMarketDataError('unlucky close 13');
          original(b);
        };
        return ex;
      },
    });
    e.addVenue({ venue: 'SIM', accountType: AccountType.CASH, baseCurrency: USD, startingBalances: [{ currency: USD, total: 10_000 }] });
    e.addInstrument(acme);
    e.addData([bar(bt, MINUTE, 12), bar(bt, 2 * MINUTE, 13), bar(bt, 3 * MINUTE, 14)]);
    const s = new Recorder();
    e.addStrategy(s);
    const r = e.run();
    expect(s.seen).toEqual(['bar@1:12', 'bar@3:14']);
    expect(r.dataErrors).toEqual([
      { code: 'DATA_REJECTED_BY_VENUE', message: `Bar ${bt.key} at 120000: the venue refused it: unlucky close 13`, ts: 120000, instrumentId: 'ACME.SIM' },
    ]);
  });

  it('configuration mistakes are typed errors before the run', () => {
    const e = new BacktestEngine();
    expect(() => e.addInstrument(acme)).toThrow(BacktestConfigError);
    expect(() => e.addInstrument(acme)).toThrow(/venue SIM, which was not added/);
    const ok = engine();
    ok.run();
    expect(() => ok.run()).toThrow(/already run/);
  });
});
