// Wire types of the gateway's read API, as the app sees them: the server's TypeBox schemas in shared/api are the
// single source, so a change to the contract is a type error here, not a surprise at runtime.
// (`import type` only: the app bundle does not carry TypeBox.)
import type {
  AssetClass,
  BarColumns,
  BarsResponse,
  ErrorBody,
  HealthResponse,
  InstrumentInfo,
  InstrumentListResponse,
} from '../../shared/api/index.ts';

export type { AssetClass, BarColumns, BarsResponse, InstrumentInfo };
export type { Timeframe } from '../../shared/api/timeframes.ts';
export type Health = HealthResponse;
export type InstrumentsResponse = InstrumentListResponse;
export type ApiErrorBody = ErrorBody;
