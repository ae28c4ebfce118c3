import type { Currency } from './currency.ts';
import { AccountType, OrderSide } from './enums.ts';
import { AccountBalanceError } from './errors.ts';
import type { AccountId, InstrumentId } from './identifiers.ts';
import { InstrumentClass, type Instrument } from './instrument.ts';
import type { OrderFilled } from './order-events.ts';
import type { Money } from './units.ts';

// Module-level aliases of imported bindings: under tsx (esbuild, CJS interop) every read of an imported name is a
// getter call; a const is a plain slot read (hot paths).
const AccountType_ = AccountType;
const OrderSide_ = OrderSide;
const AccountBalanceError_ = AccountBalanceError;
const InstrumentClass_ = InstrumentClass;

/** One currency's balance: total = locked + free. */
export interface AccountBalance {
  readonly currency: Currency;
  readonly total: Money;
  readonly locked: Money;
  readonly free: Money;
}

/** Margin held for one instrument. */
export interface MarginBalance {
  readonly currency: Currency;
  readonly instrumentId: InstrumentId;
  readonly initial: Money;
  readonly maintenance: Money;
}

/** Snapshot of an account, as a venue reports it (and as the Portfolio stores it). */
export interface AccountState {
  readonly type: 'AccountState';
  readonly accountId: AccountId;
  readonly accountType: AccountType;
  /** Single-currency accounts report everything in this currency; null = multi-currency. */
  readonly baseCurrency: Currency | null;
  readonly balances: readonly AccountBalance[];
  readonly margins: readonly MarginBalance[];
  /** True when it came from the venue, false when computed locally. */
  readonly isReported: boolean;
  readonly tsEvent: number;
  readonly tsInit: number;
}

interface MutableBalance {
  currency: Currency;
  total: number;
  locked: number;
}

/**
 * A CASH or MARGIN account with multi-currency balances.
 *
 * How a fill moves balances (`applyFill`):
 * - CASH account, instrument with a base currency (SPOT, FX): the trade swaps currencies. A BUY of q at p pays
 *   q*p*multiplier quote and receives q base; a SELL the reverse.
 * - CASH account, EQUITY: a BUY pays q*p*multiplier quote, a SELL receives it; the shares are a position, not a balance.
 * - MARGIN account, or a derivative (PERPETUAL, FUTURE) in any account: only realised PnL moves cash (settlement
 *   currency); the position's value lives in the Portfolio. Margin (initial/maintenance) is locked beside it.
 * Commission is always deducted from its currency (a negative commission — a maker rebate — adds to it).
 * So: change in cash == realised PnL - commissions for margin accounts, and == -(signed notional) - commissions for cash.
 */
export class Account {
  private readonly balanceMap = new Map<string, MutableBalance>();
  private readonly marginMap = new Map<InstrumentId, MarginBalance>();
  /** Locked amounts for open orders, per currency (CASH accounts), set by whoever tracks the orders. */
  private readonly orderLocks = new Map<string, number>();

  constructor(
    readonly id: AccountId,
    readonly type: AccountType,
    readonly baseCurrency: Currency | null,
    startingBalances: readonly { currency: Currency; total: number }[],
    /** MARGIN accounts: margin = notional * instrument margin rate / leverage (applied by whoever calls setMargin). */
    readonly leverage = 1,
  ) {
    for (const b of startingBalances) {
      if (!Number.isFinite(b.total)) {
        throw new AccountBalanceError_(`Account ${id}: starting balance ${b.total} ${b.currency.code} must be a finite number.`);
      }
      this.balanceMap.set(b.currency.code, { currency: b.currency, total: b.currency.round(b.total), locked: 0 });
    }
  }

  isCash(): boolean {
    return this.type === AccountType_.CASH;
  }

  /** The balances as they are held (currency, total, locked), without copies: for sums on hot paths. Read, do not keep. */
  balanceEntries(): IterableIterator<Readonly<{ currency: Currency; total: number; locked: number }>> {
    return this.balanceMap.values();
  }

  currencies(): Currency[] {
    return [...this.balanceMap.values()].map((b) => b.currency);
  }

  total(c: Currency): number {
    return this.balanceMap.get(c.code)?.total ?? 0;
  }

  locked(c: Currency): number {
    return this.balanceMap.get(c.code)?.locked ?? 0;
  }

  free(c: Currency): number {
    const b = this.balanceMap.get(c.code);
    return b === undefined ? 0 : c.round(b.total - b.locked);
  }

  balance(c: Currency): AccountBalance {
    const total = this.total(c);
    const locked = this.locked(c);
    return { currency: c, total: total as Money, locked: locked as Money, free: c.round(total - locked) };
  }

  balances(): AccountBalance[] {
    // One array, no spread/map copies: this runs for every account report (one per fill).
    const out: AccountBalance[] = [];
    for (const b of this.balanceMap.values()) {
      const c = b.currency;
      out.push({ currency: c, total: b.total as Money, locked: b.locked as Money, free: c.round(b.total - b.locked) });
    }
    return out;
  }

  margins(): MarginBalance[] {
    // Per account report (one per fill); most accounts hold no margin.
    return this.marginMap.size === 0 ? [] : [...this.marginMap.values()];
  }

  margin(id: InstrumentId): MarginBalance | undefined {
    return this.marginMap.get(id);
  }

  /** Adds (or with a negative amount removes) cash: deposits, funding payments, manual adjustments. */
  adjust(c: Currency, amount: number): void {
    if (!Number.isFinite(amount)) throw new AccountBalanceError_(`Account ${this.id}: adjustment ${amount} ${c.code} must be finite.`);
    const b = this.ensure(c);
    b.total = c.round(b.total + amount);
  }

  /**
   * Applies a fill (see the class comment). `realizedPnl` is the gross realised PnL of this fill in the settlement
   * currency (Position.apply returns it); it is used by MARGIN accounts and derivatives only.
   */
  applyFill(fill: OrderFilled, instrument: Instrument, realizedPnl: number): void {
    if (!Number.isFinite(realizedPnl)) throw new AccountBalanceError_(`Account ${this.id}: realised PnL ${realizedPnl} for ${fill.tradeId} must be finite.`);
    const derivative = instrument.kind === InstrumentClass_.PERPETUAL || instrument.kind === InstrumentClass_.FUTURE;
    if (this.type === AccountType_.CASH && !derivative) {
      const sign = fill.orderSide === OrderSide_.BUY ? 1 : -1;
      const notional = fill.lastQty * fill.lastPx * instrument.multiplier;
      const quote = this.ensure(instrument.quoteCurrency);
      quote.total = quote.currency.round(quote.total - sign * notional);
      if (instrument.baseCurrency !== null) {
        const base = this.ensure(instrument.baseCurrency);
        base.total = base.currency.round(base.total + sign * fill.lastQty);
      }
    } else {
      const settle = this.ensure(instrument.settlementCurrency);
      settle.total = settle.currency.round(settle.total + realizedPnl);
    }
    const comm = this.ensure(fill.commissionCurrency);
    comm.total = comm.currency.round(comm.total - fill.commission);
  }

  /** Sets the margin held for an instrument (0/0 removes it) and re-derives locked balances. */
  setMargin(instrumentId: InstrumentId, c: Currency, initial: number, maintenance: number): void {
    if (initial === 0 && maintenance === 0) this.marginMap.delete(instrumentId);
    else this.marginMap.set(instrumentId, { currency: c, instrumentId, initial: c.round(initial), maintenance: c.round(maintenance) });
    this.relock();
  }

  /** True when the account holds a balance entry (even 0) in this currency. */
  hasBalance(c: Currency): boolean {
    return this.balanceMap.has(c.code);
  }

  /** True when some currency has an amount locked by open orders (setOrderLock). */
  hasOrderLocks(): boolean {
    return this.orderLocks.size !== 0;
  }

  /** Sets the amount locked by open orders in a currency (CASH accounts) and re-derives locked balances. */
  setOrderLock(c: Currency, amount: number): void {
    this.ensure(c);
    if (amount === 0) this.orderLocks.delete(c.code);
    else this.orderLocks.set(c.code, c.round(amount));
    this.relock();
  }

  private relock(): void {
    for (const b of this.balanceMap.values()) b.locked = this.orderLocks.get(b.currency.code) ?? 0;
    for (const m of this.marginMap.values()) {
      const b = this.ensure(m.currency);
      b.locked = m.currency.round(b.locked + m.initial);
    }
  }

  private ensure(c: Currency): MutableBalance {
    let b = this.balanceMap.get(c.code);
    if (b === undefined) {
      b = { currency: c, total: 0, locked: 0 };
      this.balanceMap.set(c.code, b);
    }
    return b;
  }

  /** Snapshot as an AccountState event. */
  toState(ts: number, isReported = true): AccountState {
    return {
      type: 'AccountState',
      accountId: this.id,
      accountType: this.type,
      baseCurrency: this.baseCurrency,
      balances: this.balances(),
      margins: this.margins(),
      isReported,
      tsEvent: ts,
      tsInit: ts,
    };
  }

  /** Replaces balances and margins with a reported state (how a Portfolio mirrors a venue). */
  applyState(state: AccountState): void {
    if (state.accountId !== this.id) {
      throw new AccountBalanceError_(`Account ${this.id}: got the state of account ${state.accountId}.`);
    }
    // Per fill the venue reports the same currencies again: update the held balances in place when they match in
    // order (same insertion order as a rebuild), else rebuild. No closures or temporary arrays: this runs per fill.
    const bs = state.balances;
    const ms = state.margins;
    let same = this.balanceMap.size === bs.length;
    if (same) {
      let i = 0;
      for (const held of this.balanceMap.values()) {
        if (held.currency.code !== bs[i].currency.code) {
          same = false;
          break;
        }
        i++;
      }
    }
    if (!same) this.balanceMap.clear();
    if (this.marginMap.size !== 0) this.marginMap.clear();
    if (this.orderLocks.size !== 0) this.orderLocks.clear();
    for (let i = 0; i < bs.length; i++) {
      const b = bs[i];
      const code = b.currency.code;
      if (same) {
        const held = this.balanceMap.get(code) as MutableBalance;
        held.currency = b.currency;
        held.total = b.total;
        held.locked = 0;
      } else {
        this.balanceMap.set(code, { currency: b.currency, total: b.total, locked: 0 });
      }
      let marginPart = 0;
      for (let k = 0; k < ms.length; k++) if (ms[k].currency.code === code) marginPart += ms[k].initial;
      const orderPart = b.currency.round(b.locked - marginPart);
      if (orderPart !== 0) this.orderLocks.set(code, orderPart);
    }
    for (const m of state.margins) this.marginMap.set(m.instrumentId, m);
    this.relock();
  }
}
