import type { Sleep } from '../backoff.ts';
import type { AdapterClients } from '../types.ts';
import { DUKASCOPY_DEFAULTS, type DukascopyConfig } from './config.ts';
import { DukascopyDataClient } from './data-client.ts';
import { Bi5Downloader, type FetchLike } from './downloader.ts';
import { DukascopyExecutionClient } from './execution-client.ts';
import { DukascopyInstrumentProvider } from './instrument-provider.ts';

export interface DukascopyClients extends AdapterClients {
  data: DukascopyDataClient;
  downloader: Bi5Downloader;
}

export function createDukascopyClients(config: DukascopyConfig = {}, deps: { fetch?: FetchLike; sleep?: Sleep; now?: () => number } = {}): DukascopyClients {
  const downloader = new Bi5Downloader(config, deps.fetch, deps.sleep, deps.now);
  return {
    downloader,
    instruments: new DukascopyInstrumentProvider(config.venue ?? DUKASCOPY_DEFAULTS.venue),
    data: new DukascopyDataClient(downloader, { concurrency: config.concurrency ?? DUKASCOPY_DEFAULTS.concurrency }),
    execution: new DukascopyExecutionClient(),
  };
}
