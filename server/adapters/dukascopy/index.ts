export * from './config.ts';
export { Bi5Downloader, DownloadError, type FetchLike } from './downloader.ts';
export { DukascopyDataClient } from './data-client.ts';
export { DukascopyInstrumentProvider } from './instrument-provider.ts';
export { DukascopyExecutionClient } from './execution-client.ts';
export { createDukascopyClients, type DukascopyClients } from './factory.ts';
export { backfillDukascopy, type DukascopyBackfillOptions } from './backfill.ts';
