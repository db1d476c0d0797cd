import { resolve } from 'node:path';
import { openStore } from '@sluice/store';
import pino from 'pino';
import { loggerOptions } from '../http/logger.options';
import { buildConnectorDirectory } from '../runtime/connector-directory.factory';
import { attachLivePublisher, livePublisher, SyncWorker } from '@sluice/api';

export const usage = `usage: sluice worker

Runs sync workers only (scale-out), against the database in MONGODB_URI. Each connection is run by
one worker at a time (a lease in the database); a stopped worker's connections move to the others.
State changes and run progress go to the database's live feed, where the server's subscriptions read them.

environment: MONGODB_URI (required), SLUICE_SECRET_KEY (the same key as the server), SLUICE_DATA,
SLUICE_LEASE_TTL_MS (lease length in milliseconds, at least 1000; default 60000), LOG_LEVEL`;

/** A dead worker's connections move to another within the lease; 60 s unless SLUICE_LEASE_TTL_MS says otherwise. */
export const DEFAULT_LEASE_TTL_MS = 60_000;
/** Below 1 s, a renewal (every third of the lease) has less time than one slow database round trip may take. */
export const MIN_LEASE_TTL_MS = 1_000;

/**
 * The lease length from SLUICE_LEASE_TTL_MS: unset or blank → 60 s; otherwise a whole number of
 * milliseconds, at least 1,000, or the one line that says what is wrong. Pure.
 * @example leaseTtl('5000') // { ok: true, ms: 5000 }
 */
export function leaseTtl(value: string | undefined): { ok: true; ms: number } | { ok: false; message: string } {
  const text = value?.trim() ?? '';
  if (text === '') return { ok: true, ms: DEFAULT_LEASE_TTL_MS };
  const ms = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(ms)) return { ok: false, message: `SLUICE_LEASE_TTL_MS must be a whole number of milliseconds (got ${JSON.stringify(text.slice(0, 40))})` };
  if (ms < MIN_LEASE_TTL_MS) return { ok: false, message: `SLUICE_LEASE_TTL_MS must be at least ${MIN_LEASE_TTL_MS} (milliseconds; got ${ms})` };
  return { ok: true, ms };
}

/** `sluice worker`: workers without the HTTP server, until SIGINT/SIGTERM. */
export async function run(args: string[]): Promise<number> {
  if (args.length > 0) {
    process.stderr.write(`sluice worker: unexpected argument "${args[0]}" (see --help)\n`);
    return 1;
  }
  const uri = process.env.MONGODB_URI;
  if (!uri) {
    process.stderr.write('sluice worker: set MONGODB_URI to the database the server uses (workers share it)\n');
    return 1;
  }
  const lease = leaseTtl(process.env.SLUICE_LEASE_TTL_MS);
  if (!lease.ok) {
    process.stderr.write(`sluice worker: ${lease.message}\n`);
    return 1;
  }
  const dataDir = resolve(process.env.SLUICE_DATA ?? './.sluice');
  const log = pino(loggerOptions());
  const store = await openStore({ uri, dataDir });
  // State changes and run progress go to the database, where the API processes' subscriptions read them.
  const live = livePublisher(store, { log });
  const worker = new SyncWorker({ db: live.watchingActive(store), connectors: buildConnectorDirectory(store, dataDir).connectors, log, leaseTtlMs: lease.ms });
  attachLivePublisher(live, worker);
  worker.start();
  log.info({ owner: worker.owner, leaseTtlMs: lease.ms }, 'sync worker started');
  await new Promise<void>((done) => {
    const stop = () => {
      log.info('stopping: finishing batches in flight, releasing leases');
      worker
        .stop()
        .then(() => live.close())
        .then(() => store.close())
        .then(done, done);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
