import { mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// The thread's launcher alone: the database engine runs in the thread, from its own bundle entry.
import { startEmbeddedMongoThread, type EmbeddedMongo } from '@sluice/embedded-mongo/thread';
import { openStore, type Store } from '@sluice/store';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import type { SluiceConfig } from '../config/config.schema';
import { loadConfig } from '../config/load-config';
import { storeSettings } from '../config/store-settings';
import { loggerOptions } from '../http/logger.options';
import { buildServer } from '../server';
import { attachLivePublisher, livePublisher, moveSharedFiles, SyncWorker } from '@sluice/runtime';
import { startAlerts } from './alerts.wiring';
import { buildConnectorDirectory } from './connector-directory.factory';
import { createMetrics } from '../metrics/sluice.metrics';

export interface SluiceOptions {
  /** The settings (default: read from the environment by `loadConfig`). The three below override it. */
  config?: SluiceConfig;
  /** Default PORT or 3000; 0 picks a free port. */
  port?: number;
  /** Default HOST or 127.0.0.1. */
  host?: string;
  /** Default SLUICE_DATA or ./.sluice. */
  dataDir?: string;
  /** Default apps/web/dist. */
  webRoot?: string | null;
  /** Run the sync workers in this process (default true). */
  workers?: boolean;
  logger?: Logger;
}

export interface RunningSluice {
  url: string;
  app: FastifyInstance;
  store: Store;
  worker: SyncWorker;
  embedded: EmbeddedMongo | null;
  /** Graceful: stops taking requests, lets runs finish their batch, releases leases, closes the database. */
  close(): Promise<void>;
}

const moduleDir = dirname(fileURLToPath(import.meta.url));
/**
 * The built web app next to this package: apps/web/dist, found from this module's place, which is
 * apps/server/src/runtime when run from the sources and apps/server/dist when run from the bundle
 * (`pnpm build`, what `sluice start` runs).
 */
export const defaultWebRoot = basename(moduleDir) === 'dist' ? resolve(moduleDir, '../../web/dist') : resolve(moduleDir, '../../../web/dist');

/**
 * Opens the database: the embedded one in `<data>/db` unless MONGODB_URI names another. The
 * embedded server runs on its own thread, so its storage work does not hold up requests and syncs.
 */
export async function openDatabase(config: SluiceConfig): Promise<{ store: Store; embedded: EmbeddedMongo | null }> {
  const { dataDir, mongodbUri } = config;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const embedded = mongodbUri ? null : await startEmbeddedMongoThread({ dataDir: join(dataDir, 'db'), port: 0, host: '127.0.0.1' });
  try {
    const store = await openStore({ uri: mongodbUri || embedded!.uri, ...storeSettings(config) });
    return { store, embedded };
  } catch (e) {
    await embedded?.close();
    throw e;
  }
}

/**
 * Everything `sluice start` runs in one process: database, API, web app and workers, listening.
 * @example const sluice = await startSluice({ port: 0, dataDir: tmp }); await fetch(`${sluice.url}/healthz`); await sluice.close();
 */
export async function startSluice(options: SluiceOptions = {}): Promise<RunningSluice> {
  const base = options.config ?? loadConfig();
  const config: SluiceConfig = {
    ...base,
    dataDir: options.dataDir === undefined ? base.dataDir : resolve(options.dataDir),
    port: options.port ?? base.port,
    host: options.host ?? base.host,
  };
  const { port, host } = config;
  const log = options.logger ?? pino(loggerOptions(config.logLevel));
  const { store, embedded } = await openDatabase(config);
  const { connectors, sandbox } = buildConnectorDirectory(store, config);
  try {
    // Files from before each workspace had its own folder, moved before any run reads them.
    await moveSharedFiles(store, connectors.filesRoot!, log.child({ component: 'files' }));
  } catch (e) {
    await store.close();
    await embedded?.close();
    throw e;
  }
  // The workers' events go to the database's live feed, for this process's subscribers and any other's.
  const live = livePublisher(store, { log: log.child({ component: 'live' }) });
  const worker = new SyncWorker({ db: live.watchingActive(store), connectors, log: log.child({ component: 'worker' }), leaseTtlMs: config.leaseTtlMs, intervalMs: config.syncIntervalMs });
  attachLivePublisher(live, worker);
  const stopAlerts = startAlerts(worker, store, config, log.child({ component: 'alerts' }));
  const metrics = createMetrics();
  metrics.follow(worker);
  let accepting = true;
  const app = await buildServer({
    db: store,
    engine: worker,
    connectors,
    sandbox,
    webRoot: options.webRoot === undefined ? defaultWebRoot : options.webRoot,
    logger: log,
    config,
    metrics,
    ready: () => accepting && (options.workers === false || worker.started),
  });
  try {
    await app.listen({ port, host });
  } catch (e) {
    await store.close();
    await embedded?.close();
    throw e;
  }
  if (options.workers !== false) worker.start();
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
  let closing: Promise<void> | null = null;
  return {
    url,
    app,
    store,
    worker,
    embedded,
    close: () =>
      (closing ??= (async () => {
        accepting = false;
        await worker.stop();
        await stopAlerts();
        await live.close();
        // Live subscriptions (SSE) never go idle: cut them after a short grace.
        const cut = setTimeout(() => app.server.closeAllConnections(), 2_000);
        await app.close();
        clearTimeout(cut);
        await store.close();
        await embedded?.close();
      })()),
  };
}
