import type { ErrorCodeOf } from './error-codes';

/**
 * A passing fault of the world (network, rate limit, database): retried with backoff by whoever owns
 * the retry policy (the connection machine, or the HTTP helper for a single request).
 */
export class OperationalError extends Error {
  override readonly name = 'OperationalError';
  constructor(
    /** An `operational` code of the registry (`errorCodes`). */
    readonly code: ErrorCodeOf<'operational'>,
    message: string,
    /** How long the other side asked us to wait (Retry-After), when it said. */
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
