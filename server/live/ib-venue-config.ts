/**
 * Settings of the Interactive Brokers venue: from the environment or from `AIO_HOME/ib.json` (environment wins, field
 * by field). The gateway talks to a TWS or IB Gateway the user runs and is logged in to (the login never passes here);
 * ports by app and account mode (server/adapters/ib/config.ts): TWS paper 7497 / live 7496, IB Gateway 4002 / 4001.
 *
 *   AIO_IB_APP=tws|gateway  AIO_IB_MODE=paper|live  AIO_IB_PORT (overrides the default of app + mode)
 *   AIO_IB_HOST (default 127.0.0.1)  AIO_IB_CLIENT_ID (default 17; one per program connected to TWS)
 *   AIO_IB_CONTRACTS=AAPL:STK:SMART:USD,MSFT:STK:SMART:USD   contracts resolved at start (reqContractDetails)
 *   AIO_IB_POLL_MS (default 5000): how often orders are reconciled (reqOpenOrders + reqExecutions)
 * The venue is off unless AIO_IB_APP, AIO_IB_PORT or ib.json is set. ib.json must be mode 0600 like ccxt.json.
 */
import { join } from 'node:path';
import type { Contract } from '@stoqey/ib';
import { IB_PORTS, type IbAccountMode, type IbApp } from '../adapters/ib/config.ts';
import { num, readVenueFile } from './ccxt-venue-config.ts';

export interface IbVenueConfig {
  host: string;
  port: number;
  app: IbApp;
  mode: IbAccountMode;
  clientId: number;
  contracts: Contract[];
  pollMs: number;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  source: string;
}

interface FileShape {
  host: string;
  port: number;
  app: IbApp;
  mode: IbAccountMode;
  clientId: number;
  contracts: Contract[];
  pollMs: number;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
}

function parseContracts(raw: string): Contract[] {
  return raw.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    const [symbol, secType = 'STK', exchange = 'SMART', currency = 'USD'] = s.split(':');
    if (!symbol || !/^[A-Za-z0-9. -]{1,20}$/.test(symbol)) throw new Error(`AIO_IB_CONTRACTS: '${s}' is not SYMBOL[:SECTYPE[:EXCHANGE[:CURRENCY]]].`);
    return { symbol, secType: secType as Contract['secType'], exchange, currency };
  });
}

/** Undefined when neither AIO_IB_APP / AIO_IB_PORT nor ib.json is set: the IB venue is then off. */
export function loadIbVenueConfig(env: NodeJS.ProcessEnv, home: string): IbVenueConfig | undefined {
  const path = join(home, 'ib.json');
  const file = readVenueFile<FileShape>(path, 'says where the trading account listens', '{"app":"tws","mode":"paper","clientId":17}');
  const fromEnv = Boolean(env.AIO_IB_APP || env.AIO_IB_PORT);
  const hasFile = Object.keys(file).length > 0;
  if (!fromEnv && !hasFile) return undefined;
  const app = (env.AIO_IB_APP || file.app || 'tws') as IbApp;
  const mode = (env.AIO_IB_MODE || file.mode || 'paper') as IbAccountMode;
  if (app !== 'tws' && app !== 'gateway') throw new Error(`AIO_IB_APP=${app} is not valid: use tws or gateway.`);
  if (mode !== 'paper' && mode !== 'live') throw new Error(`AIO_IB_MODE=${mode} is not valid: use paper or live.`);
  const host = env.AIO_IB_HOST || file.host || '127.0.0.1';
  if (!/^[A-Za-z0-9.:-]{1,253}$/.test(host)) throw new Error(`AIO_IB_HOST=${host} is not a host name or address.`);
  return {
    host,
    port: num(env.AIO_IB_PORT ?? file.port, 'AIO_IB_PORT', IB_PORTS[app][mode], 1, 65535),
    app,
    mode,
    clientId: num(env.AIO_IB_CLIENT_ID ?? file.clientId, 'AIO_IB_CLIENT_ID', 17, 0, 2_147_483_647),
    contracts: env.AIO_IB_CONTRACTS ? parseContracts(env.AIO_IB_CONTRACTS) : Array.isArray(file.contracts) ? file.contracts : [],
    pollMs: num(env.AIO_IB_POLL_MS ?? file.pollMs, 'AIO_IB_POLL_MS', 5_000, 50, 600_000),
    connectTimeoutMs: num(env.AIO_IB_CONNECT_TIMEOUT_MS ?? file.connectTimeoutMs, 'AIO_IB_CONNECT_TIMEOUT_MS', 10_000, 100, 120_000),
    requestTimeoutMs: num(env.AIO_IB_REQUEST_TIMEOUT_MS ?? file.requestTimeoutMs, 'AIO_IB_REQUEST_TIMEOUT_MS', 30_000, 100, 600_000),
    source: fromEnv && hasFile ? 'env+file' : fromEnv ? 'env' : 'file',
  };
}

/** What may be shown about the venue (no account numbers: TWS's managedAccounts is not kept). */
export function describeIbVenue(c: IbVenueConfig): { app: IbApp; mode: IbAccountMode; host: string; port: number; clientId: number; contracts: string[]; source: string } {
  return { app: c.app, mode: c.mode, host: c.host, port: c.port, clientId: c.clientId, contracts: c.contracts.map((k) => `${k.symbol}:${k.secType}:${k.exchange}:${k.currency}`), source: c.source };
}
