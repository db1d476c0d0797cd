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
  PathNotViable: 28,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  NamespaceExists: 48,
  DollarPrefixedFieldName: 52,
  EmptyFieldName: 56,
  CommandNotFound: 59,
  ImmutableField: 66,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  NotImplemented: 238,
  BSONObjectTooLarge: 10334,
  DuplicateKey: 11000,
  /** mongod's "Resulting document after update is larger than 16777216" (it has no code name of its own). */
  Location17419: 17419,
  /** Projection path collisions and mixed inclusion/exclusion, as mongod numbers them. */
  Location31250: 31250,
  Location31253: 31253,
  Location31254: 31254,
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
