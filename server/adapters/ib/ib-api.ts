/**
 * The slice of @stoqey/ib's IBApi the adapter uses, as an interface: production passes a real IBApi,
 * tests a simulator that emits recorded TWS message sequences. Event names and listener signatures are
 * @stoqey/ib's (EventName.*).
 */
import type { Contract, ContractDetails } from '@stoqey/ib';

export interface IbApiLike {
  connect(clientId?: number): unknown;
  disconnect(): unknown;
  readonly isConnected: boolean;
  reqContractDetails(reqId: number, contract: Contract): unknown;
  reqHistoricalData(reqId: number, contract: Contract, endDateTime: string | undefined, durationStr: string, barSizeSetting: string, whatToShow: string, useRTH: number | boolean, formatDate: number, keepUpToDate: boolean): unknown;
  cancelHistoricalData(reqId: number): unknown;
  reqRealTimeBars(reqId: number, contract: Contract, barSize: number, whatToShow: string, useRTH: boolean): unknown;
  cancelRealTimeBars(reqId: number): unknown;
  on(event: string, listener: (...args: any[]) => void): unknown;
  off(event: string, listener: (...args: any[]) => void): unknown;
}

export type { Contract, ContractDetails };

/** TWS message codes that are notices, not failures ("market data farm connection is OK", ...). */
export const IB_INFO_CODES = new Set([2104, 2106, 2107, 2108, 2119, 2158, 2100, 2150]);
/** Codes that mean the connection to IB's servers is lost / restored (TWS itself is still up). */
export const IB_CONNECTIVITY_LOST = 1100;
export const IB_CONNECTIVITY_RESTORED = new Set([1101, 1102]);
export const IB_NOT_CONNECTED = 502;
export const IB_NO_SECURITY = 200;
export const IB_PACING_VIOLATION = 162;
