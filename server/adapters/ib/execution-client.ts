import { NotSupportedError, type ExecutionClient } from '../types.ts';

/** Order routing to IB is not built yet (issue 7); the connection and contracts here are ready for it. */
export class IbExecutionClient implements ExecutionClient {
  readonly supported = false;
  async submitOrder(): Promise<void> {
    throw new NotSupportedError('Interactive Brokers order routing is not implemented yet (issue 7); use the paper venue');
  }
  async cancelOrder(): Promise<void> {
    throw new NotSupportedError('Interactive Brokers order routing is not implemented yet (issue 7)');
  }
}
