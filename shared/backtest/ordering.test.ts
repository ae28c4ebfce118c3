/**
 * Multi-instrument runs deliver events in timestamp order; ties are broken by the documented rule:
 * ts, then kind (BAR < QUOTE < TRADE), then instrument id / bar type, then the order the sources were added.
 */
import { describe, expect, it } from 'vitest';
import { AccountType, USD, type Bar, type QuoteTick, type TradeTick } from '../model/index.ts';
import { Strategy } from '../strategy/strategy.ts';
import { BacktestEngine } from './backtest-engine.ts';
import { bar, MINUTE, minuteBars, quote, testEquity, trade } from './test-fixtures.ts';

const a = testEquity('AAA');
const b = testEquity('BBB');
const c = testEquity('CCC');

class Log extends Strategy {
  readonly log: string[] = [];
  override onStart(): void {
    for (const i of [a, b, c]) {
      this.subscribeBars(minuteBars(i.id));
      this.subscribeQuotes(i.id);
      this.subscribeTrades(i.id);
    }
  }
  override onBar(x: Bar): void {
    this.log.push(`${x.tsEvent}:bar:${x.barType.instrumentId}:${x.close}`);
  }
  override onQuote(x: QuoteTick): void {
    this.log.push(`${x.tsEvent}:quote:${x.instrumentId}:${x.bid}`);
  }
  override onTrade(x: TradeTick): void {
    this.log.push(`${x.tsEvent}:trade:${x.instrumentId}:${x.price}`);
  }
}

function engine(): BacktestEngine {
  const e = new BacktestEngine();
  e.addVenue({ venue: 'SIM', accountType: AccountType.CASH, baseCurrency: USD, startingBalances: [{ currency: USD, total: 1 }] });
  for (const i of [a, b, c]) e.addInstrument(i);
  return e;
}

describe('event ordering across instruments', () => {
  it('merges streams by time and breaks ties by kind, then instrument, then insertion order', () => {
    const e = engine();
    function* cStream() {
      yield trade(c.id, MINUTE, 30);
      yield quote(c.id, MINUTE, 31, 32);
      yield bar(minuteBars(c.id), 2 * MINUTE, 33);
    }
    e.addData(cStream()); // source 0: a stream keeps its own order (trade before quote at the same ts)
    e.addData([quote(b.id, 2 * MINUTE, 20, 21), bar(minuteBars(b.id), MINUTE, 22), trade(b.id, MINUTE, 23)]); // an array is sorted
    e.addData([quote(a.id, MINUTE, 10, 11), quote(a.id, 3 * MINUTE, 12, 13)]);
    e.addData([quote(a.id, MINUTE, 14, 15)]); // same ts, kind and instrument as a's first quote: added later, so after it
    const s = new Log();
    e.addStrategy(s);
    e.run();
    expect(s.log).toEqual([
      '60000:bar:BBB.SIM:22',
      '60000:quote:AAA.SIM:10',
      '60000:quote:AAA.SIM:14',
      // c's stream: its trade at 60000 is its head; a TRADE ranks after QUOTEs, and b's trade (BBB < CCC) goes first.
      '60000:trade:BBB.SIM:23',
      '60000:trade:CCC.SIM:30',
      '60000:quote:CCC.SIM:31',
      '120000:bar:CCC.SIM:33',
      '120000:quote:BBB.SIM:20',
      '180000:quote:AAA.SIM:12',
    ]);
  });

  it('is deterministic: the same inputs in the same order give the same sequence', () => {
    const run = () => {
      const e = engine();
      for (const i of [c, a, b]) e.addData([0, 1, 2].map((k) => quote(i.id, (k + 1) * MINUTE, 10 + k, 11 + k)));
      const s = new Log();
      e.addStrategy(s);
      e.run();
      return s.log;
    };
    const first = run();
    expect(run()).toEqual(first);
    expect(first.slice(0, 3)).toEqual(['60000:quote:AAA.SIM:10', '60000:quote:BBB.SIM:10', '60000:quote:CCC.SIM:10']);
  });
});
