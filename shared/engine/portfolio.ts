/**
 * Portfolio: accounts (mirrored from the venues' AccountState reports), positions' PnL and exposure, equity.
 *
 * Equity of a venue's account, in one currency C (the account's base currency, or the one the caller names):
 *   equity = sum over balances b of  b.total * rate(b.currency -> C)
 *          + sum over open positions p of the venue of  value(p) * rate(p.settlementCurrency -> C), where
 *     value(p) = signedQty * mark * multiplier  for a CASH account holding an instrument without a base currency
 *                (an equity: the shares are not a balance, the cash paid for them left the balance);
 *              = 0                             for a CASH account holding a SPOT/FX pair (the base currency
 *                                              is itself a balance, already counted above);
 *              = unrealised PnL at mark        for MARGIN accounts and derivatives (only PnL moves cash).
 * The mark is the quote mid, else the last trade, else the last bar close (Cache.price). rate() uses an instrument
 * in the cache that quotes one currency in the other (BTCUSDT gives BTC->USDT and USDT->BTC); a balance with no
 * such instrument makes equity NaN rather than silently wrong.
 */
import { Account, AccountType, InstrumentClass, type AccountState, type Currency, type Instrument, type InstrumentId, type Position, type StrategyId, type Venue } from '../model/index.ts';
import type { Cache } from './cache.ts';
import type { MessageBus } from './message-bus.ts';

// Module-level aliases of imported bindings: under tsx (esbuild, CJS interop) every read of an imported name is a
// getter call; a const is a plain slot read (hot paths).
const Account_ = Account;
const AccountType_ = AccountType;
const InstrumentClass_ = InstrumentClass;

export class Portfolio {
  private readonly accountVenues = new Map<string, Venue>();

  constructor(
    private readonly bus: MessageBus,
    private readonly cache: Cache,
  ) {
    this.bus.subscribe<AccountState>('events.account.*', (s) => this.onAccountState(s), 100);
  }

  /** Mirror a venue's reported account state (creates the Account on first sight). */
  onAccountState(s: AccountState): void {
    const v = this.accountVenues.get(s.accountId) ?? venueOfAccount(s.accountId);
    let a = this.cache.account(v);
    if (a === undefined) {
      a = new Account_(s.accountId, s.accountType, s.baseCurrency, []);
      this.cache.addAccount(v, a);
    }
    a.applyState(s);
  }

  /** Tell the portfolio which venue an account belongs to (the ExecutionEngine does, per client). */
  registerAccount(accountId: string, venue: Venue): void {
    this.accountVenues.set(accountId, venue);
  }

  account(venue: Venue): Account | undefined {
    return this.cache.account(venue);
  }

  /** Signed open quantity (+long / -short) over all strategies, or one. */
  netPosition(id: InstrumentId, strategyId?: StrategyId): number {
    return this.cache.netQuantity(id, strategyId);
  }

  isFlat(id?: InstrumentId): boolean {
    return id === undefined ? this.cache.positionsOpenCount() === 0 : this.cache.netQuantity(id) === 0;
  }

  /** Signed notional of the open positions in an instrument at the mark (quote currency); NaN without a price. */
  netExposure(id: InstrumentId): number {
    const q = this.cache.netQuantity(id);
    if (q === 0) return 0;
    const inst = this.cache.instrument(id);
    const px = this.cache.price(id);
    if (inst === undefined || px === undefined) return Number.NaN;
    return q * px * inst.multiplier;
  }

  /** Unrealised PnL of the open positions of an instrument at the mark (settlement currency). */
  unrealizedPnl(id: InstrumentId, strategyId?: StrategyId): number {
    const px = this.cache.price(id);
    let u = 0;
    for (const p of this.cache.positionsOpen({ instrumentId: id, strategyId })) u += px === undefined ? Number.NaN : p.unrealizedPnl(px);
    return u;
  }

  /** Realised PnL (net of commissions) of all positions, open and closed, of an instrument. */
  realizedPnl(id: InstrumentId, strategyId?: StrategyId): number {
    let r = 0;
    for (const p of this.cache.positions({ instrumentId: id, strategyId })) r += p.realizedPnl;
    return r;
  }

  /** Sum over open positions of the venue of |signed notional| at the mark (in each instrument's quote currency). */
  grossExposure(venue: Venue, ccy?: Currency): number {
    let g = 0;
    for (const p of this.cache.openPositions()) {
      const inst = this.cache.instrument(p.instrumentId);
      if (inst === undefined || inst.venue !== venue) continue;
      const px = this.cache.price(p.instrumentId);
      if (px === undefined) continue;
      g += Math.abs(p.notionalValue(px)) * (ccy === undefined ? 1 : this.rate(inst.quoteCurrency, ccy));
    }
    return g;
  }

  /** The value one open position adds to its account's equity (see the class comment), in its settlement currency. */
  positionValue(p: Position, inst: Instrument, account: Account): number {
    const px = this.cache.price(p.instrumentId);
    if (px === undefined) return p.signedQty === 0 ? 0 : Number.NaN;
    const derivative = inst.kind === InstrumentClass_.PERPETUAL || inst.kind === InstrumentClass_.FUTURE;
    if (account.type === AccountType_.MARGIN || derivative) return p.unrealizedPnl(px);
    if (inst.baseCurrency !== null) return 0;
    return p.notionalValue(px);
  }

  /** Account equity of a venue in `ccy` (default: the account's base currency, else its first balance's currency). */
  equity(venue: Venue, ccy?: Currency): number {
    const a = this.cache.account(venue);
    if (a === undefined) return Number.NaN;
    const target = ccy ?? a.baseCurrency ?? a.currencies()[0];
    if (target === undefined) return 0;
    let e = 0;
    for (const b of a.balanceEntries()) if (b.total !== 0) e += b.total * this.rate(b.currency, target);
    e += this.positionsValue(venue, target);
    return e;
  }

  /** Sum of positionValue over the open positions of a venue, converted to `ccy`. */
  positionsValue(venue: Venue, ccy: Currency): number {
    const a = this.cache.account(venue);
    if (a === undefined) return Number.NaN;
    let v = 0;
    for (const p of this.cache.openPositions()) {
      const inst = this.cache.instrument(p.instrumentId);
      if (inst === undefined || inst.venue !== venue) continue;
      const pv = this.positionValue(p, inst, a);
      if (pv !== 0) v += pv * this.rate(inst.settlementCurrency, ccy);
    }
    return v;
  }

  /** Exchange rate from one currency to another from the cached prices; NaN when no instrument links them. */
  rate(from: Currency, to: Currency): number {
    if (from.code === to.code) return 1;
    for (const i of this.cache.instruments()) {
      if (i.baseCurrency?.code === from.code && i.quoteCurrency.code === to.code) {
        const px = this.cache.price(i.id);
        if (px !== undefined) return px;
      } else if (i.baseCurrency?.code === to.code && i.quoteCurrency.code === from.code) {
        const px = this.cache.price(i.id);
        if (px !== undefined) return 1 / px;
      }
    }
    return Number.NaN;
  }
}

/** Account ids are `{VENUE}-{suffix}` (e.g. SIM-001): the venue is what precedes the last '-'. */
export function venueOfAccount(accountId: string): Venue {
  const i = accountId.lastIndexOf('-');
  return (i > 0 ? accountId.slice(0, i) : accountId) as Venue;
}
