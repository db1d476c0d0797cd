import type { ErrorCodeOf } from './error-codes';

/**
 * Bad input from a user or an app: a clear message, a stable code, never retried.
 * @example throw new UserError('E_AUTH_REJECTED', 'Pipedrive rejected the API token. Paste a new one under Settings → Personal preferences → API.')
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    /** A `user` code of the registry (`errorCodes`). */
    readonly code: ErrorCodeOf<'user'>,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}
