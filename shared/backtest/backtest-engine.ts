/**
 * BacktestEngine: a Kernel driven by a TestClock and historical data, with one simulated exchange per venue.
 *
 *   const bt = new BacktestEngine({ equityIntervalMs: 0 });
 *   bt.addVenue({ venue: 'SIM', accountType: 'CASH', baseCurrency: USD, startingBalances: [{ currency: USD, total: 100_000 }] });
 *   bt.addInstrument(instrument);
 *   bt.addData(bars);                 // arrays, iterables or generators; any number of instruments
 *   bt.addStrategy(new MyStrategy());
 *   const result = bt.run({ onProgress, signal });
 *
 * Per data item, in the merged order (k-way-merge.ts: ts, then BAR < QUOTE < TRADE, then instrument/bar type, then
 * the order the sources were added):
 *   1. items before `start` are skipped; the run ends at the first item after `end`;
 *   2. the item is validated: unknown instrument, NaN/negative/crossed prices -> a DataError (skipped, counted,
 *      reported in result.dataErrors and on topic `events.data_error`); timestamps going backwards within a source
 *      -> DataError DATA_TIME_BACKWARDS (the merge never reorders a source);
 *   3. the clock advances to the item's ts, firing due timers (strategy timers, time-bar closes) in order;
 *   4. the venue's exchange matches resting orders against it (before strategies see it: an order placed on a bar
 *      is filled by later data, never by the bar that caused it);
 *   5. the DataEngine caches and publishes it; strategies react (indicators first, then onBar / onQuote / onTrade);
 *   6. when the data moves past ts (and at the end), every exchange runs the commands that have arrived by ts
 *      (`exchange.process(ts)`); zero-latency commands already ran when they were sent.
 * Arrays given to addData are sorted (stable) by the same rule; iterables must already be in time order.
 *
 * Determinism: no wall clock, no Math.random (the exchanges draw from their seeded generators), every collection
 * iterated in insertion order; the same inputs give a byte-identical JSON.stringify(result).
 * One engine runs once: build a new one for another run.
 */
import { Bar, DomainError, QuoteTick, TradeTick, venue as makeVenue, type BarType, type Currency, type Instrument, type InstrumentId } from '../model/index.ts';
import { TestClock } from '../engine/clock.ts';
import { DataErrorCode } from '../engine/events.ts';
import { Kernel } from '../engine/kernel.ts';
import type { RiskEngineConfig } from '../engine/risk-engine.ts';
import type { Strategy } from '../strategy/strategy.ts';
import { SimulatedExchange } from '../venues/sim/exchange.ts';
import type { OrderMatchingEngine } from '../venues/sim/matching-engine.ts';
import type { SimExchangeConfig } from '../venues/sim/types.ts';
import { BacktestExecutionClient, type SimulatedVenue, type VenueFactory } from './backtest-execution-client.ts';
import { BarColumnSource, type BarColumnOptions, type BarColumnsLike } from './bar-column-source.ts';
import { barProblem, quoteProblem, tradeProblem } from './data-validation.ts';
import { compareItems, KWayMerge, type MergeKeys } from './k-way-merge.ts';
import { describe, type MarketData } from './reports.ts';
import { ResultCollector, type CollectedVenue } from './result-collector.ts';
import type { BacktestResult, RunOptions } from './results.ts';

export type { MarketData };

export interface BacktestConfig {
  traderId?: string;
  risk?: RiskEngineConfig;
  /**
   * Equity curve sampling: one point per `equityIntervalMs` bucket of data time (the state after the last data
   * timestamp of each bucket). 0 (default) = one point per distinct data timestamp (one per bar for bar data);
   * use e.g. 60_000 for tick data so the curve does not grow with every tick.
   */
  equityIntervalMs?: number;
  /** Builds each venue's simulated exchange (default: venues/sim SimulatedExchange). */
  venueFactory?: VenueFactory;
  /** Keep at most this many DataErrors in the result (all are counted). Default 1000. */
  maxDataErrors?: number;
  /** Periods per year for the report's annualisation (default: inferred from the equity curve). */
  periodsPerYear?: number;
  riskFreeRate?: number;
}

export interface BacktestVenueConfig extends SimExchangeConfig {
  /** Currency the equity curve is measured in (default: baseCurrency, else the first starting balance's). */
  equityCurrency?: Currency;
}

/** A configuration mistake (unknown venue, instrument added twice, run twice): thrown before or instead of a run. */
export class BacktestConfigError extends DomainError {
  constructor(code: string, message: string) {
    super(code, message);
  }
}

// Hot-path aliases of imported bindings: some hosts' transpilers (tsx/esbuild in Node) turn every read of an
// imported name into a getter call; a module-level const is a plain slot read. Measured: ~20 % of a bar run.
const BarCls = Bar;
const QuoteCls = QuoteTick;
const TradeCls = TradeTick;
const checkQuote = quoteProblem;
const checkTrade = tradeProblem;
const checkBarData = barProblem;
const DomainErrorCls = DomainError;
const SimulatedExchangeCls = SimulatedExchange;

const KIND_BAR = 0;
const KIND_QUOTE = 1;
const KIND_TRADE = 2;

/** Sort keys of market data (see the ordering rule in k-way-merge.ts). */
export const MARKET_DATA_KEYS: MergeKeys<MarketData> = {
  // A null/undefined item has no time: NaN makes the merge report it instead of crashing on it.
  ts: (d) => (d != null ? d.tsEvent : NaN),
  rank: (d) => (d instanceof BarCls ? KIND_BAR : d instanceof QuoteCls ? KIND_QUOTE : KIND_TRADE),
  key: (d) => (d instanceof BarCls ? d.barType.key : d.instrumentId),
};

function isSorted(items: readonly MarketData[]): boolean {
  for (let i = 1; i < items.length; i++) if (compareItems(MARKET_DATA_KEYS, items[i - 1], items[i]) > 0) return false;
  return true;
}

/** Stable sort by the ordering rule, with each item's keys read once. */
function sortByRule(items: readonly MarketData[]): MarketData[] {
  const k = MARKET_DATA_KEYS;
  const dec = items.map((d, i) => ({ d, i, ts: d.tsEvent, rank: k.rank(d), key: k.key(d) }));
  dec.sort((a, b) => a.ts - b.ts || a.rank - b.rank || (a.key === b.key ? 0 : a.key < b.key ? -1 : 1) || a.i - b.i);
  return dec.map((x) => x.d);
}

/**
 * The default exchange, unmodified: a subclass or an instance with its own processBar/... (a custom venueFactory,
 * tests) must be called through those methods, so the direct path (processBarOn with a held engine) is not used.
 */
function isPlainSimulatedExchange(x: SimulatedVenue): x is SimulatedExchange {
  if (Object.getPrototypeOf(x) !== SimulatedExchangeCls.prototype) return false;
  const own = (k: string): boolean => Object.prototype.hasOwnProperty.call(x, k);
  return !own('processBar') && !own('processQuoteTick') && !own('processTradeTick');
}

interface VenueState extends CollectedVenue {
  readonly config: BacktestVenueConfig;
  readonly exchange: SimulatedVenue;
  readonly client: BacktestExecutionClient;
}

/** What the run loop needs per instrument, found with one Map lookup per item. */
interface InstrumentSlot {
  readonly instrument: Instrument;
  readonly exchange: SimulatedVenue;
  /** The default SimulatedExchange and the instrument's matching engine in it (no lookup per item), or nulls. */
  readonly sim: SimulatedExchange | null;
  readonly engine: OrderMatchingEngine | null;
  readonly dataRec: ReturnType<Kernel['dataEngine']['record']>;
}

interface BarSlot {
  readonly exchange: SimulatedVenue;
  readonly sim: SimulatedExchange | null;
  readonly engine: OrderMatchingEngine | null;
  readonly rec: ReturnType<Kernel['dataEngine']['barRecord']>;
}

export class BacktestEngine {
  readonly clock = new TestClock(0);
  readonly kernel: Kernel;
  private readonly config: BacktestConfig;
  private readonly venues: VenueState[] = [];
  private readonly slots = new Map<InstrumentId, InstrumentSlot>();
  private readonly barSlots = new Map<string, BarSlot>();
  private readonly sources: Iterator<MarketData>[] = [];
  /** [min, max] ts over array sources (for progress fractions); NaN when a stream source makes it unknown. */
  private knownStart = Infinity;
  private knownEnd = -Infinity;
  private rangeKnown = true;
  private ran = false;
  private readonly venueFactory: VenueFactory;

  private readonly collector: ResultCollector;

  constructor(config: BacktestConfig = {}) {
    this.config = config;
    this.venueFactory = config.venueFactory ?? ((cfg, sink) => new SimulatedExchangeCls(cfg, sink));
    this.kernel = new Kernel({ clock: this.clock, traderId: config.traderId, risk: config.risk });
    this.collector = new ResultCollector(this.kernel, this.venues, config);
  }

  addVenue(config: BacktestVenueConfig): void {
    this.ensureNotRun();
    const v = makeVenue(config.venue);
    if (this.venues.some((x) => x.venue === v)) throw new BacktestConfigError('VENUE_EXISTS', `venue ${v} was already added`);
    const exchange = this.venueFactory(config, BacktestExecutionClient.sink(this.kernel.bus), this.clock);
    const client = new BacktestExecutionClient(exchange, v, config.omsType, this.kernel.bus, this.clock);
    this.kernel.addExecutionClient(client);
    const eq = config.equityCurrency ?? config.baseCurrency ?? config.startingBalances[0]?.currency;
    this.venues.push({ venue: v, config, exchange, client, accountId: exchange.accountId, equityCurrency: eq });
  }

  /** The simulated exchange of a venue (tests and tools read its own account and books). */
  exchange(venueName: string): SimulatedVenue | undefined {
    return this.venues.find((v) => v.venue === venueName)?.exchange;
  }

  addInstrument(instrument: Instrument): void {
    this.ensureNotRun();
    const vs = this.venues.find((x) => x.venue === instrument.venue);
    if (vs === undefined) {
      throw new BacktestConfigError('UNKNOWN_VENUE', `instrument ${instrument.id} is on venue ${instrument.venue}, which was not added: call addVenue({ venue: '${instrument.venue}', ... }) first`);
    }
    if (this.slots.has(instrument.id)) throw new BacktestConfigError('INSTRUMENT_EXISTS', `instrument ${instrument.id} was already added`);
    this.kernel.addInstrument(instrument);
    vs.exchange.addInstrument(instrument);
    const sim = isPlainSimulatedExchange(vs.exchange) ? vs.exchange : null;
    const engine = sim?.matchingEngine(instrument.id) ?? null;
    this.slots.set(instrument.id, {
      instrument, exchange: vs.exchange, sim: engine === null ? null : sim, engine, dataRec: this.kernel.dataEngine.record(instrument.id),
    });
  }

  /**
   * Add market data: an array (sorted here by the ordering rule; any mix of instruments and kinds), or any iterable /
   * iterator / generator already in time order (streamed: never held in memory).
   */
  addData(data: readonly MarketData[] | Iterable<MarketData> | Iterator<MarketData>): void {
    this.ensureNotRun();
    if (data instanceof BarColumnSource) {
      // Columns know their range (progress fractions stay available), unlike other streams.
      if (data.length > 0) {
        this.knownStart = Math.min(this.knownStart, data.firstTs);
        this.knownEnd = Math.max(this.knownEnd, data.lastTs);
      }
      this.sources.push(data);
    } else if (Array.isArray(data)) {
      // Items without a usable timestamp go first, unsorted: the run reports each as DATA_INVALID_TIMESTAMP.
      const bad: MarketData[] = [];
      const good: MarketData[] = [];
      for (const d of data as readonly MarketData[]) (d != null && Number.isFinite(d.tsEvent) ? good : bad).push(d);
      const sorted = isSorted(good) ? good : sortByRule(good);
      if (sorted.length > 0) {
        this.knownStart = Math.min(this.knownStart, sorted[0].tsEvent);
        this.knownEnd = Math.max(this.knownEnd, sorted[sorted.length - 1].tsEvent);
      }
      this.sources.push((bad.length > 0 ? [...bad, ...sorted] : sorted)[Symbol.iterator]());
    } else if (typeof (data as Iterable<MarketData>)[Symbol.iterator] === 'function') {
      this.rangeKnown = false;
      this.sources.push((data as Iterable<MarketData>)[Symbol.iterator]());
    } else {
      this.rangeKnown = false;
      this.sources.push(data as Iterator<MarketData>);
    }
  }

  /**
   * Add one bar type's bars from typed-array columns (the catalog's shape; `time` is the bar's open time unless
   * `{ time: 'close' }`): each Bar is built when the run reaches it, so the run holds no array of bars. Rows must be
   * in time order (see bar-column-source.ts).
   */
  addBarColumns(barType: BarType, columns: BarColumnsLike, opts?: BarColumnOptions): void {
    this.addData(new BarColumnSource(barType, columns, opts));
  }

  addStrategy(s: Strategy): void {
    this.ensureNotRun();
    this.kernel.addStrategy(s);
  }

  /** Run over all data (or [start, end], both inclusive) and return the results. */
  run(opts: RunOptions = {}): BacktestResult {
    this.ensureNotRun();
    this.ran = true;
    const start = opts.start ?? -Infinity;
    const end = opts.end ?? Infinity;
    const every = Math.max(1, Math.floor(opts.progressEvery ?? 100_000));
    const interval = this.config.equityIntervalMs ?? 0;
    const de = this.kernel.dataEngine;
    const slots = this.slots;
    const exchanges = this.venues.map((v) => v.exchange);
    const nEx = exchanges.length;
    const merge = new KWayMerge<MarketData>(this.sources, MARKET_DATA_KEYS, (item, _src, prev) =>
      item != null && Number.isFinite(item.tsEvent)
        ? this.dataError(DataErrorCode.TIME_BACKWARDS, `${describe(item)}: timestamp ${item.tsEvent} is before the previous item of its source (${prev}); sort the source by time. Skipped`, item)
        : this.dataError(DataErrorCode.INVALID_TIMESTAMP, `${describe(item)}: timestamp ${item == null ? String(item) : item.tsEvent} is not epoch milliseconds; skipped`, item),
    );
    const rangeStart = Number.isFinite(start) ? start : this.rangeKnown ? this.knownStart : NaN;
    const rangeEnd = Number.isFinite(end) ? end : this.rangeKnown ? this.knownEnd : NaN;
    const fraction = (ts: number): number | null =>
      Number.isFinite(rangeStart) && Number.isFinite(rangeEnd) && rangeEnd > rangeStart ? Math.min(1, Math.max(0, (ts - rangeStart) / (rangeEnd - rangeStart))) : null;

    let events = 0;
    let timeEvents = 0;
    // Per-source caches: a source usually carries one instrument / bar type, so the slot is found by an array
    // index and a pointer compare instead of a Map lookup.
    const nSrc = this.sources.length;
    const srcId: (InstrumentId | null)[] = new Array<InstrumentId | null>(nSrc).fill(null);
    const srcSlot: (InstrumentSlot | undefined)[] = new Array<InstrumentSlot | undefined>(nSrc).fill(undefined);
    const srcBarType: (Bar['barType'] | null)[] = new Array<Bar['barType'] | null>(nSrc).fill(null);
    const srcBarSlot: (BarSlot | undefined)[] = new Array<BarSlot | undefined>(nSrc).fill(undefined);
    let started = false;
    let lastTs = NaN;
    let nextSample = -Infinity;
    let cancelled = false;
    const signal = opts.signal;
    const onProgress = opts.onProgress;

    for (let item = merge.next(); item !== undefined; item = merge.next()) {
      const ts = item.tsEvent;
      if (ts < start) continue;
      if (ts > end) break;
      if (!started) {
        // Strategies start at the first data time, so timers they set are relative to the data, not to epoch 0.
        this.clock.setTime(ts);
        for (const v of this.venues) v.exchange.reportAccount?.(ts);
        this.kernel.start();
        started = true;
        lastTs = ts;
      }
      if (ts !== lastTs) {
        // Every exchange runs the commands that have arrived by the timestamp just finished. (Commands with zero
        // latency ran when sent; those sent while a venue was busy ran at the end of its step; so the only ones due
        // are latency-delayed commands, and for the venue that had data, its own data step already ran them.)
        for (let i = 0; i < nEx; i++) exchanges[i].process(lastTs);
        if (ts >= nextSample) {
          this.sampleEquity(lastTs);
          nextSample = interval > 0 ? Math.floor(ts / interval) * interval + interval : ts;
        }
        lastTs = ts;
      }
      if (item instanceof QuoteCls) {
        const si = merge.source;
        let slot = srcSlot[si];
        if (item.instrumentId !== srcId[si]) {
          slot = slots.get(item.instrumentId);
          srcId[si] = item.instrumentId;
          srcSlot[si] = slot;
        }
        if (slot === undefined) {
          this.unknownInstrument(item, item.instrumentId);
          continue;
        }
        const bad = checkQuote(item);
        if (bad !== null) {
          this.dataError(DataErrorCode.INVALID_PRICE, `${bad}; skipped`, item);
          continue;
        }
        timeEvents += this.clock.advanceTo(ts);
        try {
          if (slot.sim !== null) slot.sim.processQuoteTickOn(slot.engine!, item);
          else slot.exchange.processQuoteTick(item);
        } catch (err) {
          // The venue refused the item (a typed domain error, e.g. data it considers invalid): report, skip, go on.
          if (!(err instanceof DomainErrorCls)) throw err;
          this.dataError(DataErrorCode.REJECTED_BY_VENUE, `${describe(item)}: the venue refused it: ${err.message}`, item);
          continue;
        }
        de.processQuote(item, slot.dataRec);
      } else if (item instanceof BarCls) {
        const si = merge.source;
        let bs = srcBarSlot[si];
        if (item.barType !== srcBarType[si]) {
          bs = this.barSlot(item);
          srcBarType[si] = item.barType;
          srcBarSlot[si] = bs;
        }
        if (bs === undefined) {
          this.unknownInstrument(item, item.barType.instrumentId);
          continue;
        }
        const bad = checkBarData(item);
        if (bad !== null) {
          this.dataError(DataErrorCode.INVALID_PRICE, `${bad}; skipped`, item);
          continue;
        }
        timeEvents += this.clock.advanceTo(ts);
        try {
          if (bs.sim !== null) bs.sim.processBarOn(bs.engine!, item);
          else bs.exchange.processBar(item);
        } catch (err) {
          // The venue refused the item (a typed domain error, e.g. data it considers invalid): report, skip, go on.
          if (!(err instanceof DomainErrorCls)) throw err;
          this.dataError(DataErrorCode.REJECTED_BY_VENUE, `${describe(item)}: the venue refused it: ${err.message}`, item);
          continue;
        }
        de.processBar(item, bs.rec);
      } else if (item instanceof TradeCls) {
        const si = merge.source;
        let slot = srcSlot[si];
        if (item.instrumentId !== srcId[si]) {
          slot = slots.get(item.instrumentId);
          srcId[si] = item.instrumentId;
          srcSlot[si] = slot;
        }
        if (slot === undefined) {
          this.unknownInstrument(item, item.instrumentId);
          continue;
        }
        const bad = checkTrade(item);
        if (bad !== null) {
          this.dataError(DataErrorCode.INVALID_PRICE, `${bad}; skipped`, item);
          continue;
        }
        timeEvents += this.clock.advanceTo(ts);
        try {
          if (slot.sim !== null) slot.sim.processTradeTickOn(slot.engine!, item);
          else slot.exchange.processTradeTick(item);
        } catch (err) {
          // The venue refused the item (a typed domain error, e.g. data it considers invalid): report, skip, go on.
          if (!(err instanceof DomainErrorCls)) throw err;
          this.dataError(DataErrorCode.REJECTED_BY_VENUE, `${describe(item)}: the venue refused it: ${err.message}`, item);
          continue;
        }
        de.processTrade(item, slot.dataRec);
      } else {
        this.dataError(DataErrorCode.UNKNOWN_KIND, `item ${String(item)} is not a QuoteTick, TradeTick or Bar; skipped`, null);
        continue;
      }
      events++;
      if (events % every === 0) {
        onProgress?.({ dataEvents: events, ts, fraction: fraction(ts) });
        if (signal?.aborted === true) {
          cancelled = true;
          break;
        }
      } else if ((events & 1023) === 0 && signal?.aborted === true) {
        cancelled = true;
        break;
      }
    }
    if (started) {
      for (let i = 0; i < nEx; i++) exchanges[i].process(lastTs);
      this.kernel.stop();
      for (let i = 0; i < nEx; i++) exchanges[i].process(lastTs);
      this.sampleEquity(lastTs);
    }
    onProgress?.({ dataEvents: events, ts: started ? lastTs : NaN, fraction: started ? fraction(lastTs) : null });
    return this.results(events, timeEvents, cancelled);
  }

  // ------------------------------------------------------------------ internals

  private ensureNotRun(): void {
    if (this.ran) throw new BacktestConfigError('ALREADY_RUN', 'this BacktestEngine has already run; create a new one for another run');
  }

  private barSlot(b: Bar): BarSlot | undefined {
    const key = b.barType.key;
    let s = this.barSlots.get(key);
    if (s === undefined) {
      const slot = this.slots.get(b.barType.instrumentId);
      if (slot === undefined) return undefined;
      s = { exchange: slot.exchange, sim: slot.sim, engine: slot.engine, rec: this.kernel.dataEngine.barRecord(b.barType) };
      this.barSlots.set(key, s);
    }
    return s;
  }

  private unknownInstrument(item: MarketData, id: string): void {
    this.dataError(DataErrorCode.UNKNOWN_INSTRUMENT, `${describe(item)}: instrument ${id} was not added (addInstrument); skipped`, item);
  }

  private dataError(code: DataErrorCode, message: string, item: MarketData | null): void {
    this.collector.dataError(code, message, item);
  }

  private sampleEquity(ts: number): void {
    this.collector.sampleEquity(ts);
  }

  private results(events: number, timeEvents: number, cancelled: boolean): BacktestResult {
    return this.collector.results(events, timeEvents, cancelled);
  }
}
