/**
 * Contract between the simulated exchange and the kernel (the ENGINE side wires it to the ExecutionEngine through a
 * backtest execution client). Agreed interface — change it only together.
 *
 * How the engine drives a SimulatedExchange (one per venue):
 *   1. `exchange.addInstrument(instrument)` for each instrument of the venue, before data.
 *   2. For each market-data event in time order: `processQuoteTick(t)` / `processTradeTick(t)` / `processBar(b)`
 *      BEFORE the DataEngine hands it to strategies (so an order placed on a bar is matched against later data,
 *      never against the bar that caused it).
 *   3. After strategies have handled that event: `exchange.process(ts)` — runs commands whose arrival time
 *      (tsInit + latency) is <= ts and expires GTD/DAY orders. (Data calls also run commands that arrived strictly
 *      before the data's timestamp first, so an order always sees the book as of its arrival.)
 *   4. The execution client forwards each command with `exchange.send(command)`. It should emit OrderSubmitted
 *      itself when it sends (the venue answers from OrderAccepted / OrderRejected on). With zero latency the venue
 *      answers synchronously inside send(); events emitted while the exchange is matching are never re-entrant:
 *      commands sent from inside a sink callback are queued and run right after the current step.
 *   5. Events come back through SimExchangeEventSink, synchronously, in the order they happen.
 *
 * The venue keeps its OWN record of every order (built from order.initEvent): it never mutates the client's Order.
 * Every order event it emits is legal for the client's Order in the state machine, provided the client applied
 * OrderSubmitted before (or the order is INITIALIZED: OrderAccepted/OrderRejected are legal from there too).
 *
 * Data notes: feed ONE bar type per instrument to an exchange (two bar series of one instrument would match orders
 * twice). Bars are matched as trade prices whatever their price type (a BID bar is not turned into an ask side);
 * fills from a bar carry the bar's tsEvent (its close time).
 *
 * Requests to the engine engineer (none needed so far): the sink must not throw; if it does, the exception propagates.
 */
import type {
  AccountState, AccountType, Currency, OrderEvent, OmsType,
} from '../../model/index.ts';

export interface SimExchangeEventSink {
  /** Order events for the client's orders: Accepted, Rejected, Canceled, Expired, Triggered, Updated, Filled, ... */
  onOrderEvent(event: OrderEvent): void;
  /**
   * The venue account after anything that changed it: every fill (balances, margin), and for CASH accounts any
   * accept/cancel/expire/modify that changed the funds locked by open orders. Call exchange.reportAccount(ts) once at
   * the start for the opening balances.
   */
  onAccountState(state: AccountState): void;
}

/** Fill model: chance and slippage, drawn from SeededRandom(seed) — same seed, same fills. */
export interface FillModelConfig {
  /** Probability that a resting limit whose price is touched (equal, not crossed) fills. Default 1. */
  probFillOnLimit?: number;
  /** Probability that a market-type fill (MARKET, STOP_MARKET, MIT, TRAILING_STOP_MARKET) slips. Default 0. */
  probSlippage?: number;
  /** Ticks of adverse slippage when it slips. Default 1. */
  slippageTicks?: number;
}

export interface SimExchangeConfig {
  /** Venue name, e.g. 'BINANCE' or 'SIM'; instruments added must carry this venue. */
  venue: string;
  accountType: AccountType;
  /** Single-currency account (e.g. USD) or null for multi-currency. */
  baseCurrency: Currency | null;
  startingBalances: readonly { currency: Currency; total: number }[];
  /** Venue position ids are per instrument (NETTING) — informational: fills carry positionId null. Default NETTING. */
  omsType?: OmsType;
  /** MARGIN accounts: margin = notional * instrument.margin rate / leverage. Default 1. */
  leverage?: number;
  /** Seed for the fill model's random draws. Default 0. */
  seed?: number;
  fillModel?: FillModelConfig;
  /** A command reaches the venue this many ms of simulated time after its tsInit. Default 0 (at once). */
  latencyMs?: number;
  /**
   * Max fraction of a bar's volume / a trade's size / the quote's top-of-book size that our fills may take in one
   * data event (shared by all orders of the instrument); the rest fills on later data. null = no cap. Default null.
   */
  volumeParticipation?: number | null;
  /**
   * With bar data, when do orders placed between bars first act?
   * - 'close' (default): at once, against the last bar's close (bid = ask = close);
   * - 'next-open': at the next bar's open, as TradingView does by default (process_orders_on_close = false): a
   *   MARKET order fills at the next open, a limit/stop marketable at that open fills there, the rest then rests.
   * Quote and trade data always act at once.
   */
  barFillTiming?: 'close' | 'next-open';
  /** When DAY orders expire: ms after UTC midnight (e.g. 21 * 3_600_000 for 21:00 UTC). Default 0 (midnight UTC). */
  dayEndOffsetMs?: number;
  /** Reject orders a CASH account cannot pay for (free balance check). Default true. */
  checkBalance?: boolean;
  /**
   * Live/paper use: data older than the venue's time (a feed lagging the clock that stamped a command) is matched as
   * if it arrived now instead of being refused. Backtests keep the default false: time going backwards is an error.
   */
  allowLateData?: boolean;
  /** Prefix for venue order ids and trade ids. Default the venue name. */
  idPrefix?: string;
}
