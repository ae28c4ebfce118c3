export * from './config.ts';
export { IbConnection, IbError } from './connection.ts';
export { IbInstrumentProvider, type IbInstrumentEntry } from './instrument-provider.ts';
export { IbDataClient } from './data-client.ts';
export { IbExecutionClient, type IbTradingApi, type IbOrderRequest, type IbOrderEvent, type IbOrderView } from './execution-client.ts';
export { createIbClients, type IbClients } from './factory.ts';
export { instrumentFromDetails, parseIbBarTime, ibBarSize, ibDuration, ianaZone } from './mapping.ts';
export type { IbApiLike } from './ib-api.ts';
