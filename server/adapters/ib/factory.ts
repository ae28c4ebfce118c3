/** Builds the IB adapter; the only place that constructs @stoqey/ib's IBApi (tests pass a simulator instead). */
import { IBApi, type Contract } from '@stoqey/ib';
import type { Sleep } from '../backoff.ts';
import type { AdapterClients } from '../types.ts';
import { resolveIbConfig, type IbConfig } from './config.ts';
import { IbConnection } from './connection.ts';
import { IbDataClient, type IbDataOptions } from './data-client.ts';
import { IbExecutionClient, type IbTradingApi } from './execution-client.ts';
import type { IbApiLike } from './ib-api.ts';
import { IbInstrumentProvider } from './instrument-provider.ts';

export interface IbClients extends AdapterClients {
  connection: IbConnection;
  instruments: IbInstrumentProvider;
  data: IbDataClient;
  execution: IbExecutionClient;
}

export function createIbClients(config: IbConfig = {}, deps: { api?: IbApiLike; contracts?: Contract[]; sleep?: Sleep } & IbDataOptions = {}): IbClients {
  const resolved = resolveIbConfig(config);
  const api = deps.api ?? (new IBApi({ host: resolved.host, port: resolved.port }) as unknown as IbApiLike);
  const connection = new IbConnection(api, resolved, deps.sleep);
  const instruments = new IbInstrumentProvider(connection, deps.contracts ?? []);
  return { connection, instruments, data: new IbDataClient(connection, instruments, deps), execution: new IbExecutionClient(api as IbTradingApi) };
}
