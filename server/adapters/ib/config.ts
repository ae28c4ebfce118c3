/**
 * Interactive Brokers connection settings. The API talks to a running TWS or IB Gateway on this machine (or one
 * reachable on the LAN), never to IB's servers directly. Default ports (TWS: Configure > API > Settings):
 *   TWS          paper 7497   live 7496
 *   IB Gateway   paper 4002   live 4001
 * "Enable ActiveX and Socket Clients" must be on, and 127.0.0.1 in "Trusted IPs".
 */
export type IbApp = 'tws' | 'gateway';
export type IbAccountMode = 'paper' | 'live';

export interface IbConfig {
  host?: string;
  /** Explicit port; default from app + mode. */
  port?: number;
  app?: IbApp;
  mode?: IbAccountMode;
  /** Distinct per connected program (TWS allows up to 32). */
  clientId?: number;
  /** Venue name for instruments whose exchange is SMART routing (default: the primary exchange). */
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
}

export const IB_PORTS: Record<IbApp, Record<IbAccountMode, number>> = {
  tws: { paper: 7497, live: 7496 },
  gateway: { paper: 4002, live: 4001 },
};

export interface ResolvedIbConfig {
  host: string;
  port: number;
  clientId: number;
  app: IbApp;
  mode: IbAccountMode;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  reconnectBaseMs: number;
  reconnectMaxMs: number;
}

export function resolveIbConfig(c: IbConfig = {}): ResolvedIbConfig {
  const app = c.app ?? 'tws';
  const mode = c.mode ?? 'paper';
  if (!IB_PORTS[app]) throw new RangeError(`app must be 'tws' or 'gateway', got '${app}'`);
  if (!IB_PORTS[app][mode]) throw new RangeError(`mode must be 'paper' or 'live', got '${mode}'`);
  const port = c.port ?? IB_PORTS[app][mode];
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new RangeError(`port ${port} is not a TCP port`);
  const clientId = c.clientId ?? 17;
  if (!Number.isInteger(clientId) || clientId < 0) throw new RangeError(`clientId ${clientId} must be a non-negative integer`);
  return {
    host: c.host ?? '127.0.0.1',
    port,
    clientId,
    app,
    mode,
    connectTimeoutMs: c.connectTimeoutMs ?? 10_000,
    requestTimeoutMs: c.requestTimeoutMs ?? 60_000,
    reconnectBaseMs: c.reconnectBaseMs ?? 1000,
    reconnectMaxMs: c.reconnectMaxMs ?? 60_000,
  };
}
