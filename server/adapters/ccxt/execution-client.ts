/**
 * Order routing through ccxt is issue 7 (the server engineer's): until then this client says so clearly.
 * The fake Binance server (testing/fake-binance.ts) is ready for it: add POST /api/v3/order and GET /api/v3/account
 * with `fake.route(...)`.
 */
import { NotSupportedError, type ExecutionClient } from '../types.ts';

export class CcxtExecutionClient implements ExecutionClient {
  readonly supported = false;
  async submitOrder(): Promise<void> {
    throw new NotSupportedError('ccxt order routing is not implemented yet (issue 7); use the paper venue');
  }
  async cancelOrder(): Promise<void> {
    throw new NotSupportedError('ccxt order routing is not implemented yet (issue 7)');
  }
}
