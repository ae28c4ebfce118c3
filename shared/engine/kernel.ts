/**
 * Kernel: builds and wires the components — the same wiring for backtests and live trading (NautilusTrader
 * `system/kernel.py`). What differs between hosts is passed in: the Clock (TestClock | LiveClock) and the data
 * and execution clients (simulated exchange | ccxt / IB / paper).
 *
 *   Strategy --SubmitOrder--> RiskEngine.execute --> ExecutionEngine.execute --> ExecutionClient (venue)
 *   ExecutionClient --events--> ExecutionEngine.process --> Order.apply, Cache, events.order.*, events.position.*
 *   DataClient / BacktestEngine --> DataEngine --> Cache, data.quotes.* / data.trades.* / data.bars.* --> Strategy
 */
import type { Instrument } from '../model/index.ts';
import type { Strategy, StrategyContext } from '../strategy/strategy.ts';
import { Cache } from './cache.ts';
import type { Clock } from './clock.ts';
import { DataEngine, type DataClient } from './data-engine.ts';
import { ExecutionEngine, type ExecutionClient } from './execution-engine.ts';
import { MessageBus } from './message-bus.ts';
import { Portfolio } from './portfolio.ts';
import { RiskEngine, type RiskEngineConfig } from './risk-engine.ts';
import { Trader } from './trader.ts';

export interface KernelConfig {
  clock: Clock;
  traderId?: string;
  risk?: RiskEngineConfig;
  /**
   * Live nodes: a strategy handler that throws faults that strategy (state FAULTED: no more data or events reach
   * it, its working orders stay at the venue, the other strategies go on) and is reported here. Without it
   * (backtests) the exception propagates and stops the run: it is a bug in the strategy, not a market condition.
   */
  onStrategyError?: (strategyId: string, error: unknown, where: string) => void;
  /**
   * Live nodes: every `everyMs`, closed orders whose last event is more than `keepMs` old leave the Cache and the
   * execution clients' records (ExecutionEngine.purgeClosedOrders), so memory stays flat however long the node trades. Off in backtests (a run's result
   * lists all its orders).
   */
  purgeClosedOrders?: { everyMs: number; keepMs: number };
}

/** The live nodes' default: closed orders stay in memory for an hour, checked every five minutes. */
export const LIVE_ORDER_PURGE = { everyMs: 5 * 60_000, keepMs: 60 * 60_000 } as const;

const PURGE_TIMER = 'kernel.purge-closed-orders';

export class Kernel {
  readonly traderId: string;
  readonly clock: Clock;
  readonly bus: MessageBus;
  readonly cache: Cache;
  readonly portfolio: Portfolio;
  readonly dataEngine: DataEngine;
  readonly riskEngine: RiskEngine;
  readonly execEngine: ExecutionEngine;
  readonly trader: Trader;

  private readonly purge: KernelConfig['purgeClosedOrders'];

  constructor(config: KernelConfig) {
    this.traderId = config.traderId ?? 'TRADER-001';
    this.purge = config.purgeClosedOrders;
    this.clock = config.clock;
    this.bus = new MessageBus(this.traderId);
    this.cache = new Cache();
    this.portfolio = new Portfolio(this.bus, this.cache);
    this.dataEngine = new DataEngine(this.bus, this.cache, this.clock);
    this.execEngine = new ExecutionEngine(this.bus, this.cache, this.clock, this.portfolio);
    this.riskEngine = new RiskEngine(this.bus, this.cache, this.clock, config.risk);
    const onError = config.onStrategyError;
    const ctx: StrategyContext = {
      bus: this.bus, clock: this.clock, cache: this.cache, portfolio: this.portfolio,
      ...(onError ? { onStrategyError: (s: { id: string }, e: unknown, where: string) => onError(s.id, e, where) } : {}),
    };
    this.trader = new Trader(this.traderId, ctx, this.execEngine);
  }

  addInstrument(i: Instrument): void {
    this.cache.addInstrument(i);
  }

  addExecutionClient(c: ExecutionClient): void {
    this.execEngine.registerClient(c);
  }

  addDataClient(c: DataClient): void {
    this.dataEngine.registerClient(c);
  }

  addStrategy(s: Strategy): void {
    this.trader.addStrategy(s);
  }

  start(): void {
    this.trader.start();
    const purge = this.purge;
    if (purge !== undefined) {
      this.clock.setTimer(PURGE_TIMER, purge.everyMs, () => {
        this.execEngine.purgeClosedOrders(this.clock.now() - purge.keepMs);
      });
    }
  }

  stop(): void {
    this.trader.stop();
    if (this.purge !== undefined) this.clock.cancelTimer(PURGE_TIMER);
  }

  dispose(): void {
    this.trader.dispose();
    this.clock.cancelTimers();
  }
}
