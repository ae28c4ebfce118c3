/**
 * The error the ccxt and IB venue services throw for a request they refuse (routes map `code` to an HTTP status).
 * In its own module so that routes and the IB venue can use it without loading ccxt (server/live/ccxt-venue.ts
 * imports the ccxt package, ~40 MB of heap, which the gateway loads only when a ccxt venue is configured).
 */
export class CcxtVenueError extends Error {
  override name = 'CcxtVenueError';
  constructor(
    readonly code: 'NOT_READY' | 'UNKNOWN_INSTRUMENT' | 'VALIDATION' | 'NOT_FOUND',
    message: string,
  ) {
    super(message);
  }
}
