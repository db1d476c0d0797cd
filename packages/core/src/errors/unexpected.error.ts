import type { OperationalError } from './operational.error';
import type { UserError } from './user.error';

/** A bug: logged with its context, shown to users as a generic failure without internals. */
export class UnexpectedError extends Error {
  override readonly name = 'UnexpectedError';
  constructor(
    message: string,
    readonly context?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Narrowing helpers that work across package copies (by name, not identity). Pure. */
export function isUserError(e: unknown): e is UserError {
  return e instanceof Error && e.name === 'UserError';
}
export function isOperationalError(e: unknown): e is OperationalError {
  return e instanceof Error && e.name === 'OperationalError';
}
