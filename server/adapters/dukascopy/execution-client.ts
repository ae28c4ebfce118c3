import { NotSupportedError, type ExecutionClient } from '../types.ts';

/** Dukascopy's datafeed is data only: no order routing. */
export class DukascopyExecutionClient implements ExecutionClient {
  readonly supported = false;
  async submitOrder(): Promise<void> {
    throw new NotSupportedError('Dukascopy is a historical data source; it does not take orders');
  }
  async cancelOrder(): Promise<void> {
    throw new NotSupportedError('Dukascopy is a historical data source; it does not take orders');
  }
}
