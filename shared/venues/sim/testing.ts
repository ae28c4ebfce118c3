/**
 * Test kit for the simulated exchange (used by its tests, and handy for engine tests): a sink that records events and
 * applies them to the client's orders (so every test also proves the venue's events are legal for the client's
 * state machine), plus small builders.
 */
import {
  AccountType, Bar, BarType, equity, OrderFactory, QuoteTick, strategyId, TradeTick, USD, AggressorSide,
  type AccountState, type ClientOrderId, type Currency, type Instrument, type InstrumentId, type Order,
  type OrderEvent, type OrderList, type TradeId,
} from '../../model/index.ts';
import { SimulatedExchange } from './exchange.ts';
import type { SimExchangeConfig, SimExchangeEventSink } from './types.ts';

export class RecordingSink implements SimExchangeEventSink {
  readonly events: OrderEvent[] = [];
  readonly states: AccountState[] = [];
  readonly orders = new Map<ClientOrderId, Order>();

  track(order: Order): void {
    this.orders.set(order.clientOrderId, order);
  }

  onOrderEvent(event: OrderEvent): void {
    this.events.push(event);
    this.orders.get(event.clientOrderId)?.apply(event);
  }

  onAccountState(state: AccountState): void {
    this.states.push(state);
  }

  /** Compact "Type:clientOrderId" list, for asserting event order. */
  trail(): string[] {
    return this.events.map((e) => `${e.type.replace('Order', '')}:${e.clientOrderId.replace(/^O-S-1-/, '')}`);
  }

  fills(): Extract<OrderEvent, { type: 'OrderFilled' }>[] {
    return this.events.filter((e): e is Extract<OrderEvent, { type: 'OrderFilled' }> => e.type === 'OrderFilled');
  }

  clear(): void {
    this.events.length = 0;
    this.states.length = 0;
  }
}

/** 'AAA.SIM': tick 0.01, lot 1, USD, no fees unless given. */
export function testEquity(over: Partial<Parameters<typeof equity>[0]> = {}): Instrument {
  return equity({ id: 'AAA.SIM' as InstrumentId, quoteCurrency: USD, priceIncrement: 0.01, sizeIncrement: 1, ...over });
}

export class SimHarness {
  readonly sink = new RecordingSink();
  readonly exchange: SimulatedExchange;
  readonly factory: OrderFactory;
  readonly barType: BarType;
  clock = 0;

  constructor(
    readonly instrument: Instrument = testEquity(),
    config: Partial<SimExchangeConfig> = {},
    currency: Currency = USD,
  ) {
    this.exchange = new SimulatedExchange({
      venue: instrument.venue,
      accountType: AccountType.MARGIN,
      baseCurrency: currency,
      startingBalances: [{ currency, total: 1_000_000 }],
      ...config,
    }, this.sink);
    this.exchange.addInstrument(instrument);
    this.factory = new OrderFactory(strategyId('S-1'), () => this.clock);
    this.barType = new BarType(instrument.id, BarType.parse(`${instrument.id}-1-MINUTE-LAST-EXTERNAL`).spec);
  }

  private submitted(order: Order): void {
    this.sink.track(order);
    order.apply({
      type: 'OrderSubmitted', strategyId: order.strategyId, instrumentId: order.instrumentId,
      clientOrderId: order.clientOrderId, accountId: this.exchange.accountId, tsEvent: this.clock, tsInit: this.clock,
    });
  }

  submit(order: Order): Order {
    this.submitted(order);
    this.exchange.send({ type: 'SubmitOrder', strategyId: order.strategyId, instrumentId: order.instrumentId, order, positionId: null, tsInit: this.clock });
    return order;
  }

  submitList(list: OrderList): OrderList {
    for (const o of list.orders) this.submitted(o);
    this.exchange.send({ type: 'SubmitOrderList', strategyId: list.strategyId, instrumentId: list.instrumentId, orderList: list, positionId: null, tsInit: this.clock });
    return list;
  }

  cancel(order: Order): void {
    this.exchange.send({ type: 'CancelOrder', strategyId: order.strategyId, instrumentId: order.instrumentId, clientOrderId: order.clientOrderId, venueOrderId: order.venueOrderId, tsInit: this.clock });
  }

  modify(order: Order, change: { quantity?: number; price?: number; triggerPrice?: number }): void {
    this.exchange.send({
      type: 'ModifyOrder', strategyId: order.strategyId, instrumentId: order.instrumentId, clientOrderId: order.clientOrderId,
      venueOrderId: order.venueOrderId, quantity: (change.quantity ?? null) as never, price: (change.price ?? null) as never,
      triggerPrice: (change.triggerPrice ?? null) as never, tsInit: this.clock,
    });
  }

  quote(bid: number, ask: number, ts = this.clock, bidSize = 1_000, askSize = 1_000): void {
    this.clock = ts;
    this.exchange.processQuoteTick(new QuoteTick(this.instrument.id, bid, ask, bidSize, askSize, ts, ts));
  }

  trade(price: number, ts = this.clock, size = 1_000): void {
    this.clock = ts;
    this.exchange.processTradeTick(new TradeTick(this.instrument.id, price, size, AggressorSide.BUYER, `X-${ts}` as TradeId, ts, ts));
  }

  bar(open: number, high: number, low: number, close: number, ts = this.clock, volume = 1_000_000): void {
    this.clock = ts;
    this.exchange.processBar(new Bar(this.barType, open, high, low, close, volume, ts, ts));
  }
}
