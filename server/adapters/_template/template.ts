/**
 * Skeleton of an adapter: copy into server/adapters/<venue>/ and split into the files README.md lists.
 * It compiles against the contracts, so a missing method is a type error, not a runtime surprise.
 */
import type { Instrument } from '../../../shared/model/instrument.ts';
import type { BarColumns } from '../../../shared/data/columns.ts';
import { NotSupportedError, type AdapterClients, type ExecutionClient, type FeedStatus, type HistoricalRequest, type InstrumentProvider, type LiveBar, type MarketDataClient, type Subscription } from '../types.ts';

export interface TemplateConfig {
  venue: string;
}

export class TemplateInstrumentProvider implements InstrumentProvider {
  private byId = new Map<string, Instrument>();
  async loadAll(): Promise<Instrument[]> {
    return [...this.byId.values()];
  }
  find(id: string): Instrument | undefined {
    return this.byId.get(id);
  }
}

export class TemplateDataClient implements MarketDataClient {
  async requestBars(_req: HistoricalRequest): Promise<BarColumns> {
    throw new NotSupportedError('requestBars: implement for the venue');
  }
  subscribeBars(_instrument: string, _timeframe: string, _onBar: (b: LiveBar) => void, _onStatus?: (s: FeedStatus) => void): Subscription {
    throw new NotSupportedError('subscribeBars: implement for the venue');
  }
  async close(): Promise<void> {}
}

export class TemplateExecutionClient implements ExecutionClient {
  readonly supported = false;
  async submitOrder(): Promise<void> {
    throw new NotSupportedError('this venue does not trade through the gateway yet');
  }
  async cancelOrder(): Promise<void> {
    throw new NotSupportedError('this venue does not trade through the gateway yet');
  }
}

export function createTemplateClients(_config: TemplateConfig): AdapterClients {
  return { instruments: new TemplateInstrumentProvider(), data: new TemplateDataClient(), execution: new TemplateExecutionClient() };
}
