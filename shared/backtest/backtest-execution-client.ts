/**
 * The ExecutionClient of a backtest venue: forwards commands to a simulated exchange and reports its events to the
 * kernel, exactly as a live client (ccxt, IB, paper) reports a real venue's. It emits OrderSubmitted when it sends
 * (the venue answers from OrderAccepted / OrderRejected on), per the contract in venues/sim/types.ts.
 */
import {
  OmsType, type AccountId, type Bar, type CancelAllOrders, type CancelOrder, type Instrument, type ModifyOrder,
  type Order, type OrderSubmitted, type QuoteTick, type SubmitOrder, type SubmitOrderList, type TradeTick,
  type TradingCommand, type Venue,
} from '../model/index.ts';
import type { Clock } from '../engine/clock.ts';
import { Endpoints } from '../engine/events.ts';
import type { ExecReport, ExecutionClient } from '../engine/execution-engine.ts';
import type { Endpoint, MessageBus } from '../engine/message-bus.ts';
import type { SimExchangeConfig, SimExchangeEventSink } from '../venues/sim/types.ts';

// Module-level aliases of imported bindings: under tsx (esbuild, CJS interop) every read of an imported name is a
// getter call; a const is a plain slot read (hot paths).
const OmsType_ = OmsType;
const Endpoints_ = Endpoints;

/** The part of the model engineer's SimulatedExchange the backtest drives (see venues/sim/types.ts). */
export interface SimulatedVenue {
  readonly accountId: AccountId;
  addInstrument(instrument: Instrument): void;
  processQuoteTick(tick: QuoteTick): void;
  processTradeTick(tick: TradeTick): void;
  processBar(bar: Bar): void;
  /** Run commands that have arrived by `ts`; expire GTD/DAY orders. */
  process(ts: number): void;
  send(command: TradingCommand): void;
  /** Emit the account's current state (the run calls it once at the start so the Portfolio sees the opening balances). */
  reportAccount?(ts: number): void;
}

/** Builds the simulated exchange of a venue. The default uses venues/sim's SimulatedExchange. */
export type VenueFactory = (config: SimExchangeConfig, sink: SimExchangeEventSink, clock: Clock) => SimulatedVenue;

export class BacktestExecutionClient implements ExecutionClient {
  readonly venue: Venue;
  readonly omsType: OmsType;
  private readonly process: Endpoint<ExecReport>;

  constructor(
    readonly exchange: SimulatedVenue,
    venue: Venue,
    omsType: OmsType | undefined,
    bus: MessageBus,
    private readonly clock: Clock,
  ) {
    this.venue = venue;
    this.omsType = omsType ?? OmsType_.NETTING;
    this.process = bus.endpoint<ExecReport>(Endpoints_.EXEC_PROCESS);
  }

  get accountId(): AccountId {
    return this.exchange.accountId;
  }

  /** The sink to hand the exchange: its events go to `ExecutionEngine.process`. */
  static sink(bus: MessageBus): SimExchangeEventSink {
    const ep = bus.endpoint<ExecReport>(Endpoints_.EXEC_PROCESS);
    return { onOrderEvent: (e) => ep.send(e), onAccountState: (s) => ep.send(s) };
  }

  submitOrder(cmd: SubmitOrder): void {
    this.submitted(cmd.order);
    this.exchange.send(cmd);
  }

  submitOrderList(cmd: SubmitOrderList): void {
    for (const o of cmd.orderList.orders) this.submitted(o);
    this.exchange.send(cmd);
  }

  modifyOrder(cmd: ModifyOrder): void {
    this.exchange.send(cmd);
  }

  cancelOrder(cmd: CancelOrder): void {
    this.exchange.send(cmd);
  }

  cancelAllOrders(cmd: CancelAllOrders): void {
    this.exchange.send(cmd);
  }

  private submitted(o: Order): void {
    const now = this.clock.now();
    const ev: OrderSubmitted = {
      type: 'OrderSubmitted', strategyId: o.strategyId, instrumentId: o.instrumentId, clientOrderId: o.clientOrderId,
      accountId: this.exchange.accountId, tsEvent: now, tsInit: now,
    };
    this.process.send(ev);
  }
}
