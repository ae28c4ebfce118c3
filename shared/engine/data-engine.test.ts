import { describe, expect, it } from 'vitest';
import { AggregationSource, BarAggregation, BarSpecification, BarType, PriceType, type Bar, type QuoteTick } from '../model/index.ts';
import { quote, testEquity, trade } from '../backtest/test-fixtures.ts';
import { TestClock } from './clock.ts';
import { DataEngine } from './data-engine.ts';
import { Cache } from './cache.ts';
import { MessageBus } from './message-bus.ts';

const acme = testEquity('ACME');
const internal = (step: number, agg: BarAggregation, pt: PriceType) => new BarType(acme.id, new BarSpecification(step, agg, pt), AggregationSource.INTERNAL);

function setup() {
  const bus = new MessageBus();
  const cache = new Cache();
  const clock = new TestClock(0);
  const de = new DataEngine(bus, cache, clock);
  return { bus, cache, clock, de };
}

describe('DataEngine', () => {
  it('caches and publishes quotes, trades and bars; the cache marks at mid, else last trade, else last bar', () => {
    const { bus, cache, de } = setup();
    const got: number[] = [];
    bus.subscribe<QuoteTick>(`data.quotes.${acme.id}`, (q) => got.push(q.bid));
    de.processTrade(trade(acme.id, 1, 50));
    expect(cache.price(acme.id)).toBe(50);
    de.processQuote(quote(acme.id, 2, 49, 51));
    expect(cache.price(acme.id)).toBe(50);
    expect(cache.price(acme.id, 'BUY')).toBe(51);
    expect(cache.price(acme.id, 'SELL')).toBe(49);
    expect(got).toEqual([49]);
    expect(cache.trade(acme.id)?.price).toBe(50);
  });

  it('aggregates VOLUME bars from trades on subscription and stops on unsubscribe', () => {
    const { bus, de } = setup();
    const bt = internal(10, BarAggregation.VOLUME, PriceType.LAST);
    const bars: Bar[] = [];
    bus.subscribe<Bar>(`data.bars.${bt.key}`, (b) => bars.push(b));
    de.execute({ type: 'SubscribeBars', barType: bt });
    de.processTrade(trade(acme.id, 1, 100, 4));
    de.processTrade(trade(acme.id, 2, 102, 8)); // 6 close the first bar, 2 carry
    de.processTrade(trade(acme.id, 3, 101, 8)); // 10: second bar
    expect(bars.map((b) => [b.open, b.high, b.low, b.close, b.volume, b.tsEvent])).toEqual([
      [100, 102, 100, 102, 10, 2],
      [102, 102, 101, 101, 10, 3],
    ]);
    de.execute({ type: 'UnsubscribeBars', barType: bt });
    de.processTrade(trade(acme.id, 4, 100, 50));
    expect(bars).toHaveLength(2);
  });

  it('shares one aggregator between subscribers and keeps it until the last unsubscribes', () => {
    const { bus, de } = setup();
    const bt = internal(2, BarAggregation.TICK, PriceType.ASK);
    const bars: Bar[] = [];
    bus.subscribe<Bar>(`data.bars.${bt.key}`, (b) => bars.push(b));
    de.execute({ type: 'SubscribeBars', barType: bt });
    de.execute({ type: 'SubscribeBars', barType: bt });
    de.execute({ type: 'UnsubscribeBars', barType: bt });
    for (let i = 0; i < 4; i++) de.processQuote(quote(acme.id, i, 10 + i, 11 + i));
    expect(bars.map((b) => [b.open, b.close])).toEqual([
      [11, 12],
      [13, 14],
    ]);
  });
});
