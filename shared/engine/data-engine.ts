/**
 * DataEngine: the single entry of market data into the kernel. For each item: cache it, publish it on its topic
 * (`data.quotes.{id}`, `data.trades.{id}`, `data.bars.{barType}`), then feed the bar aggregators built from it.
 *
 * Hot path: one Map lookup per item (the instrument's record, created once, holding its topics and aggregators),
 * then a loop over precomputed handler arrays. No strings are built per item.
 *
 * Internal bars: a `SubscribeBars` command for a bar type with source INTERNAL makes the engine aggregate it from
 * quotes (price type BID, ASK or MID: bid/ask/mid price, bid/ask/mean size) or trades (LAST: trade price and size),
 * with the close semantics of bar-aggregator.ts. Live, subscriptions are also forwarded to the venue's DataClient.
 */
import { AggregationSource, Bar, BarAggregation, PriceType, QuoteTick, venueOf, type BarType, type InstrumentId, type TradeTick, type Venue } from '../model/index.ts';
import { TickBarAggregator, TimeBarAggregator, ValueBarAggregator, VolumeBarAggregator, type BarAggregator } from './bar-aggregator.ts';
import type { BarSlot, Cache, MarketSlot } from './cache.ts';
import type { Clock } from './clock.ts';
import type { DataCommand } from './data-commands.ts';
import { Endpoints, Topics } from './events.ts';
import type { MessageBus, Topic } from './message-bus.ts';

/** What a live data feed implements (ccxt, IB, Dukascopy, replay). It pushes data to the `DataEngine.process` endpoint. */
// Hot-path aliases of imported bindings (a plain slot read even where a transpiler turns imports into getters).
const BID = PriceType.BID;
const ASK = PriceType.ASK;
const BarCls = Bar;

export interface DataClient {
  readonly venue: Venue;
  subscribe(cmd: DataCommand): void;
  unsubscribe(cmd: DataCommand): void;
}

export type MarketData = QuoteTick | TradeTick | Bar;

interface FeedAggregator {
  readonly agg: BarAggregator;
  readonly priceType: PriceType;
  readonly barType: BarType;
}

class BarRecord {
  constructor(
    readonly topic: Topic<Bar>,
    readonly slot: BarSlot,
  ) {}
}

class InstrumentRecord {
  quoteAggs: FeedAggregator[] = [];
  tradeAggs: FeedAggregator[] = [];
  constructor(
    readonly quoteTopic: Topic<QuoteTick>,
    readonly tradeTopic: Topic<TradeTick>,
    readonly slot: MarketSlot,
  ) {}
}

export class DataEngine {
  private readonly records = new Map<InstrumentId, InstrumentRecord>();
  private readonly barRecords = new Map<string, BarRecord>();
  private readonly internalBars = new Map<string, { fa: FeedAggregator; refs: number }>();
  private readonly clients = new Map<Venue, DataClient>();
  /** Counters for the run statistics. */
  quotes = 0;
  trades = 0;
  bars = 0;

  constructor(
    private readonly bus: MessageBus,
    private readonly cache: Cache,
    private readonly clock: Clock,
  ) {
    bus.register<DataCommand>(Endpoints.DATA_EXECUTE, (c) => this.execute(c));
    bus.register<MarketData>(Endpoints.DATA_PROCESS, (d) => this.process(d));
  }

  registerClient(client: DataClient): void {
    this.clients.set(client.venue, client);
  }

  /** The record of an instrument (topics, aggregators); created on first use. */
  record(id: InstrumentId): InstrumentRecord {
    let r = this.records.get(id);
    if (r === undefined) {
      r = new InstrumentRecord(this.bus.topic<QuoteTick>(Topics.quotes(id)), this.bus.topic<TradeTick>(Topics.trades(id)), this.cache.slot(id));
      this.records.set(id, r);
    }
    return r;
  }

  /** The record of a bar type (topic, cache slot); created on first use. */
  barRecord(bt: BarType): BarRecord {
    let r = this.barRecords.get(bt.key);
    if (r === undefined) {
      r = new BarRecord(this.bus.topic<Bar>(Topics.bars(bt.key)), this.cache.barSlot(bt));
      this.barRecords.set(bt.key, r);
    }
    return r;
  }

  /** Generic entry (live clients): dispatches on the data's class. */
  process(d: MarketData): void {
    if (d instanceof QuoteTick) this.processQuote(d);
    else if (d instanceof Bar) this.processBar(d);
    else this.processTrade(d as TradeTick);
  }

  processQuote(q: QuoteTick, rec: InstrumentRecord = this.record(q.instrumentId)): void {
    this.quotes++;
    rec.slot.quote = q;
    rec.quoteTopic.publish(q);
    const aggs = rec.quoteAggs;
    for (let i = 0; i < aggs.length; i++) {
      const fa = aggs[i];
      const pt = fa.priceType;
      if (pt === BID) fa.agg.handle(q.bid, q.bidSize, q.tsEvent);
      else if (pt === ASK) fa.agg.handle(q.ask, q.askSize, q.tsEvent);
      else fa.agg.handle((q.bid + q.ask) / 2, (q.bidSize + q.askSize) / 2, q.tsEvent);
    }
  }

  processTrade(t: TradeTick, rec: InstrumentRecord = this.record(t.instrumentId)): void {
    this.trades++;
    rec.slot.trade = t;
    rec.tradeTopic.publish(t);
    const aggs = rec.tradeAggs;
    for (let i = 0; i < aggs.length; i++) aggs[i].agg.handle(t.price, t.size, t.tsEvent);
  }

  processBar(b: Bar, rec: BarRecord = this.barRecord(b.barType)): void {
    this.bars++;
    const slot = rec.slot;
    slot.bar = b;
    const m = slot.market;
    if (m.bar === undefined || b.tsEvent >= m.bar.tsEvent) m.bar = b;
    rec.topic.publish(b);
  }

  execute(cmd: DataCommand): void {
    switch (cmd.type) {
      case 'SubscribeBars':
        if (cmd.barType.source === AggregationSource.INTERNAL) this.startAggregation(cmd.barType);
        else this.forward(venueOf(cmd.barType.instrumentId), cmd, true);
        break;
      case 'UnsubscribeBars':
        if (cmd.barType.source === AggregationSource.INTERNAL) this.stopAggregation(cmd.barType);
        else this.forward(venueOf(cmd.barType.instrumentId), cmd, false);
        break;
      case 'SubscribeQuotes':
      case 'SubscribeTrades':
        this.forward(venueOf(cmd.instrumentId), cmd, true);
        break;
      case 'UnsubscribeQuotes':
      case 'UnsubscribeTrades':
        this.forward(venueOf(cmd.instrumentId), cmd, false);
        break;
    }
  }

  private forward(venue: Venue, cmd: DataCommand, sub: boolean): void {
    const c = this.clients.get(venue);
    if (c === undefined) return; // backtest: the data is already there
    if (sub) c.subscribe(cmd);
    else c.unsubscribe(cmd);
  }

  private startAggregation(bt: BarType): void {
    const existing = this.internalBars.get(bt.key);
    if (existing !== undefined) {
      existing.refs++;
      return;
    }
    const brec = this.barRecord(bt);
    const emit = (o: number, h: number, l: number, c: number, v: number, ts: number): void => {
      this.processBar(new BarCls(bt, o, h, l, c, v, ts, ts), brec);
    };
    const spec = bt.spec;
    let agg: BarAggregator;
    switch (spec.aggregation) {
      case BarAggregation.TICK:
        agg = new TickBarAggregator(spec.step, emit);
        break;
      case BarAggregation.VOLUME:
        agg = new VolumeBarAggregator(spec.step, emit);
        break;
      case BarAggregation.VALUE:
        agg = new ValueBarAggregator(spec.step, emit);
        break;
      default: {
        const name = `bar:${bt.key}`;
        const tagg: TimeBarAggregator = new TimeBarAggregator(spec.durationMs(), emit, (closeAt) =>
          this.clock.setTimeAlert(name, closeAt, (e) => tagg.onTime(e.ts)),
        );
        agg = tagg;
      }
    }
    const fa: FeedAggregator = { agg, priceType: spec.priceType, barType: bt };
    const rec = this.record(bt.instrumentId);
    if (spec.priceType === PriceType.LAST) {
      rec.tradeAggs = [...rec.tradeAggs, fa];
      this.forward(venueOf(bt.instrumentId), { type: 'SubscribeTrades', instrumentId: bt.instrumentId }, true);
    } else {
      rec.quoteAggs = [...rec.quoteAggs, fa];
      this.forward(venueOf(bt.instrumentId), { type: 'SubscribeQuotes', instrumentId: bt.instrumentId }, true);
    }
    this.internalBars.set(bt.key, { fa, refs: 1 });
  }

  private stopAggregation(bt: BarType): void {
    const e = this.internalBars.get(bt.key);
    if (e === undefined || --e.refs > 0) return;
    this.internalBars.delete(bt.key);
    const rec = this.record(bt.instrumentId);
    rec.quoteAggs = rec.quoteAggs.filter((x) => x !== e.fa);
    rec.tradeAggs = rec.tradeAggs.filter((x) => x !== e.fa);
    this.clock.cancelTimer(`bar:${bt.key}`);
  }
}
