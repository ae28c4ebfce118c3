/**
 * IB has no "list every instrument" call: instruments are resolved from contracts the user names
 * (reqContractDetails), e.g. { symbol: 'AAPL', secType: 'STK', exchange: 'SMART', currency: 'USD' }.
 */
import type { Contract, ContractDetails } from '@stoqey/ib';
import type { Instrument } from '../../../shared/model/instrument.ts';
import type { InstrumentProvider } from '../types.ts';
import { IbError, type IbConnection } from './connection.ts';
import { IB_NO_SECURITY } from './ib-api.ts';
import { ianaZone, instrumentFromDetails } from './mapping.ts';

export interface IbInstrumentEntry {
  instrument: Instrument;
  contract: Contract;
  /** IANA zone of the exchange (bar timestamps, sessions). */
  timeZone: string;
  details: ContractDetails;
}

export class IbInstrumentProvider implements InstrumentProvider {
  private byId = new Map<string, IbInstrumentEntry>();

  constructor(
    private readonly conn: IbConnection,
    private readonly contracts: Contract[] = [],
  ) {}

  async loadAll(): Promise<Instrument[]> {
    for (const c of this.contracts) await this.resolve(c);
    return [...this.byId.values()].map((e) => e.instrument);
  }

  /** Every instrument resolved or registered so far. */
  all(): Instrument[] {
    return [...this.byId.values()].map((e) => e.instrument);
  }

  find(id: string): Instrument | undefined {
    return this.byId.get(id)?.instrument;
  }

  entry(id: string): IbInstrumentEntry {
    const e = this.byId.get(id);
    if (!e) throw new RangeError(`unknown IB instrument '${id}'; resolve its contract first (known: ${[...this.byId.keys()].join(', ') || 'none'})`);
    return e;
  }

  /** Adds instruments from contract details obtained elsewhere (a cache, a previous session). */
  register(details: ContractDetails[]): IbInstrumentEntry[] {
    const out: IbInstrumentEntry[] = [];
    for (const d of details) {
      const instrument = instrumentFromDetails(d);
      if (!instrument) continue;
      const c: Contract = { ...d.contract, exchange: d.contract.secType === 'STK' ? 'SMART' : d.contract.exchange };
      const e = { instrument, contract: c, timeZone: ianaZone(d.timeZoneId), details: d };
      this.byId.set(instrument.id, e);
      out.push(e);
    }
    return out;
  }

  /** Every contract matching `contract` (an ambiguous symbol gives several). */
  async resolve(contract: Contract): Promise<IbInstrumentEntry[]> {
    // Stocks trade through SMART routing; the primary exchange stays the venue in the id (see register()).
    return this.register(await this.requestDetails(contract));
  }

  private requestDetails(contract: Contract): Promise<ContractDetails[]> {
    const api = this.conn.api;
    const reqId = this.conn.reqId();
    return new Promise((resolve, reject) => {
      const got: ContractDetails[] = [];
      const onDetails = (id: number, d: ContractDetails): void => {
        if (id === reqId) got.push(d);
      };
      const onEnd = (id: number): void => {
        if (id !== reqId) return;
        cleanup();
        resolve(got);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new IbError(0, `no contract details for ${describe(contract)} within ${this.conn.config.requestTimeoutMs} ms`, reqId));
      }, this.conn.config.requestTimeoutMs);
      const unwatch = this.conn.watchErrors(reqId, (e) => {
        cleanup();
        reject(e.code === IB_NO_SECURITY ? new IbError(e.code, `IB knows no security ${describe(contract)}: check symbol, secType, exchange and currency`, reqId) : e);
      });
      const cleanup = (): void => {
        clearTimeout(timer);
        unwatch();
        api.off('contractDetails', onDetails);
        api.off('contractDetailsEnd', onEnd);
      };
      api.on('contractDetails', onDetails);
      api.on('contractDetailsEnd', onEnd);
      api.reqContractDetails(reqId, contract);
    });
  }
}

function describe(c: Contract): string {
  return `${c.symbol ?? c.localSymbol ?? c.conId} ${c.secType ?? ''} ${c.exchange ?? ''} ${c.currency ?? ''}`.replace(/\s+/g, ' ').trim();
}
