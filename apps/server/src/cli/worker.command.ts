import { attachLivePublisher, livePublisher, moveSharedFiles, SyncWorker } from '@sluice/runtime';
import { openStore } from '@sluice/store';
import pino from 'pino';
import type { SluiceConfig } from '../config/config.schema';
import { storeSettings } from '../config/store-settings';
import { loggerOptions } from '../http/logger.options';
import { startAlerts } from '../runtime/alerts.wiring';
import { buildConnectorDirectory } from '../runtime/connector-directory.factory';

export const usage = `usage: sluice worker

Runs sync workers only (scale-out), against the database in MONGODB_URI. Each connection is run by
one worker at a time (a lease in the database); a stopped worker's connections move to the others.
State changes and run progress go to the database's live feed, where the server's subscriptions read them.

environment: MONGODB_URI (required), SLUICE_SECRET_KEY (the same key as the server), SLUICE_DATA,
SLUICE_LEASE_TTL_MS (lease length in milliseconds, at least 1000; default 60000), LOG_LEVEL`;

/** `sluice worker`: workers without the HTTP server, until SIGINT/SIGTERM. */
export async function run(args: string[], config: SluiceConfig): Promise<number> {
  if (args.length > 0) {
    process.stderr.write(`sluice worker: unexpected argument "${args[0]}" (see --help)\n`);
    return 1;
  }
  const uri = config.mongodbUri;
  if (!uri) {
    process.stderr.write('sluice worker: set MONGODB_URI to the database the server uses (workers share it)\n');
    return 1;
  }
  const log = pino(loggerOptions(config.logLevel));
  const store = await openStore({ uri, ...storeSettings(config) });
  // State changes and run progress go to the database, where the API processes' subscriptions read them.
  const live = livePublisher(store, { log });
  const { connectors } = buildConnectorDirectory(store, config);
  // A worker on another machine has its own files folder: the same move as `sluice start` makes.
  await moveSharedFiles(store, connectors.filesRoot!, log.child({ component: 'files' }));
  const worker = new SyncWorker({ db: live.watchingActive(store), connectors, log, leaseTtlMs: config.leaseTtlMs, intervalMs: config.syncIntervalMs });
  attachLivePublisher(live, worker);
  const stopAlerts = startAlerts(worker, store, config, log.child({ component: 'alerts' }));
  worker.start();
  log.info({ owner: worker.owner, leaseTtlMs: worker.leaseTtlMs }, 'sync worker started');
  await new Promise<void>((done) => {
    const stop = () => {
      log.info('stopping: finishing batches in flight, releasing leases');
      worker
        .stop()
        .then(() => stopAlerts())
        .then(() => live.close())
        .then(() => store.close())
        .then(done, done);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
