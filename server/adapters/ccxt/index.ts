export * from './config.ts';
export { CcxtInstrumentProvider, instrumentFromMarket } from './instrument-provider.ts';
export { CcxtDataClient } from './data-client.ts';
export { CcxtExecutionClient, isUnknownOutcome, type CcxtOrderRequest, type VenueOrderState, type SubmitOutcome } from './execution-client.ts';
export { createCcxtClients, type CcxtClients } from './factory.ts';
export { backfillOHLCV, type BackfillOptions, type BackfillResult } from './backfill.ts';
export { pageOHLCV, withRetry, isTransient } from './ohlcv-pager.ts';
export { CcxtUserStream, canStreamOrders, type UserStreamHandlers, type UserStreamOptions } from './user-stream.ts';
