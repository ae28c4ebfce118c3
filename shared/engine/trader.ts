/**
 * Trader: owns the strategies of a kernel and drives their lifecycle (register -> start -> stop -> dispose).
 * Strategy ids must be unique; strategies start in the order they were added and stop in reverse order.
 */
import { DomainError } from '../model/errors.ts';
import type { Strategy, StrategyContext } from '../strategy/strategy.ts';
import type { ExecutionEngine } from './execution-engine.ts';

/** A strategy registration mistake (duplicate id). Code TRADER. */
export class TraderError extends DomainError {
  constructor(message: string) {
    super('TRADER', message);
  }
}

export class Trader {
  private readonly list: Strategy[] = [];
  private running = false;

  constructor(
    readonly traderId: string,
    private readonly ctx: StrategyContext,
    private readonly exec: ExecutionEngine,
  ) {}

  addStrategy(s: Strategy): void {
    if (this.list.some((x) => x.id === s.id)) {
      throw new TraderError(`a strategy with id '${s.id}' is already registered; give each strategy a unique config.id`);
    }
    s.register(this.ctx);
    this.exec.setStrategyOms(s.id, s.omsType);
    this.list.push(s);
    if (this.running) s.start();
  }

  strategies(): readonly Strategy[] {
    return this.list;
  }

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    for (const s of this.list) s.start();
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    for (let i = this.list.length - 1; i >= 0; i--) this.list[i].stop();
  }

  dispose(): void {
    this.stop();
    for (let i = this.list.length - 1; i >= 0; i--) this.list[i].dispose();
  }
}
