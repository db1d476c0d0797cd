import { OperationalError } from '@sluice/core';

/**
 * The driver's names for "the database cannot be reached right now": a dropped socket, no server
 * to select, a pool cleared after a failure, a client closed under a running call. They say nothing
 * about the connection's configuration, so the connection must wait and retry, not stop.
 */
const OUTAGE_ERROR_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoPoolClearedError',
  'MongoTopologyClosedError',
  'MongoNotConnectedError',
  'MongoServerClosedError',
]);

/** True when `error` (or an error in its `cause` chain) is the database being unreachable. */
export function isDatabaseOutage(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; depth++) {
    if (OUTAGE_ERROR_NAMES.has(e.name)) return true;
    // A bulk write cut off by a dropped socket is a MongoBulkWriteError with no write errors whose
    // `errorResponse` is the network error itself; follow it as well as `cause`.
    const response: unknown = (e as { errorResponse?: unknown }).errorResponse;
    e = response instanceof Error ? response : e.cause;
  }
  return false;
}

/**
 * Runs `work`; a database outage becomes `OperationalError('E_DB_UNAVAILABLE')`, so the connection
 * machine backs off and resumes when the database is back instead of going to `invalid`.
 * @example await asOperationalOnOutage(() => runSync(job))
 */
export async function asOperationalOnOutage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isDatabaseOutage(error)) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new OperationalError('E_DB_UNAVAILABLE', `the database is unreachable (${detail}); the sync waits and resumes when it is back`, undefined, { cause: error });
  }
}
