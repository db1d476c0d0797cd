/**
 * An error a command answers with, in MongoDB's own shape `{ ok: 0, errmsg, code, codeName }`.
 * The driver turns it into a `MongoServerError` carrying the same code, so callers can branch on
 * `err.code === 11000` exactly as they would against a real server.
 */
export class MongoCommandError extends Error {
  override readonly name = 'MongoCommandError';
  constructor(
    readonly code: number,
    readonly codeName: string,
    message: string,
    /** Extra fields copied into the error reply (for example keyPattern and keyValue). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** The reply document for this error. */
  toReply(): Record<string, unknown> {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra };
  }
}

/** MongoDB error codes this server answers with. */
export const ErrorCodes = {
  BadValue: 2,
  FailedToParse: 9,
  TypeMismatch: 14,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  NamespaceExists: 48,
  CommandNotFound: 59,
  ImmutableField: 66,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  NotImplemented: 238,
  DuplicateKey: 11000,
} as const;

/** Shorthand: a command error from a code name in {@link ErrorCodes}. */
export function commandError(
  codeName: keyof typeof ErrorCodes,
  message: string,
  extra?: Record<string, unknown>,
): MongoCommandError {
  return new MongoCommandError(ErrorCodes[codeName], codeName, message, extra);
}

/**
 * Errors that come from bad input to mingo (an unknown query operator, a malformed expression)
 * become BadValue; anything else is not the client's fault and is rethrown.
 */
export function asCommandError(e: unknown): MongoCommandError {
  if (e instanceof MongoCommandError) return e;
  if (e instanceof Error && (e.name === 'MingoError' || e.constructor.name === 'MingoError')) {
    return commandError('BadValue', e.message);
  }
  throw e;
}
