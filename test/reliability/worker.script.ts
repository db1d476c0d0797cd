/**
 * A sync worker process for the reliability suite: what `sluice worker` runs (the runtime's SyncWorker,
 * the server's connector directory, the shared database), with the settings read as the server
 * reads them (`loadConfig`: lease length, sync interval, keys) and a poll period from SLUICE_POLL_MS,
 * so a takeover can be measured in seconds rather than the production minute. Logs pino-style JSON lines on stdout, like the real command.
 *
 * `tsx test/reliability/worker.script.ts` with MONGODB_URI, SLUICE_DATA, SLUICE_SECRET_KEY set.
 * With SLUICE_REL_MEMORY_MS it also logs its memory every that many ms (`msg: "memory"`): after a
 * full garbage collection, so `heapUsedMb` is what is still alive, not what is waiting to be freed.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { directoryFromRegistry, SyncWorker, type WorkerLog } from '@sluice/runtime';
import { createConnectorRegistry } from '@sluice/connectors';
import { loadConfig, storeSettings } from '@sluice/server';
import { openStore } from '@sluice/store';

function line(level: string, obj: object | string, msg?: string): void {
  const fields = typeof obj === 'string' ? { msg: obj } : { ...serialisable(obj), ...(msg ? { msg } : {}) };
  process.stdout.write(`${JSON.stringify({ level, time: Date.now(), pid: process.pid, ...fields })}\n`);
}

/** Errors as their code and message (JSON.stringify drops both). */
function serialisable(obj: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) out[k] = v instanceof Error ? { message: v.message, code: (v as { code?: unknown }).code } : v;
  return out;
}

const log: WorkerLog = {
  info: (obj, msg) => line('info', obj, msg),
  warn: (obj, msg) => line('warn', obj, msg),
  error: (obj, msg) => line('error', obj, msg),
};

const config = loadConfig();
const uri = config.mongodbUri;
if (!uri) {
  process.stderr.write('worker.script: set MONGODB_URI\n');
  process.exit(2);
}
const filesRoot = join(config.dataDir, 'files');
mkdirSync(filesRoot, { recursive: true });
const store = await openStore({ uri, ...storeSettings(config) });
const worker = new SyncWorker({
  db: store,
  connectors: directoryFromRegistry(createConnectorRegistry({ sandboxStore: store.sandbox, allowPrivateUrls: config.allowPrivateUrls }), {
    filesRoot,
    allowPrivateUrls: config.allowPrivateUrls,
  }),
  log,
  leaseTtlMs: config.leaseTtlMs,
  intervalMs: config.syncIntervalMs,
  ...(process.env.SLUICE_POLL_MS ? { pollMs: Number(process.env.SLUICE_POLL_MS) } : {}),
});
worker.start();
log.info({ owner: worker.owner }, 'sync worker started');
const memoryMs = Number(process.env.SLUICE_REL_MEMORY_MS);
if (memoryMs > 0) {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const mb = (n: number) => Number((n / 1_048_576).toFixed(1));
  setInterval(() => {
    gc();
    const m = process.memoryUsage();
    log.info({ rssMb: mb(m.rss), heapUsedMb: mb(m.heapUsed), heapTotalMb: mb(m.heapTotal), externalMb: mb(m.external), arrayBuffersMb: mb(m.arrayBuffers) }, 'memory');
  }, memoryMs).unref();
}
const stop = () => {
  log.info({}, 'stopping: finishing batches in flight, releasing leases');
  void worker
    .stop()
    .then(() => store.close())
    .finally(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
