/**
 * What runs on the embedded server's worker thread (see embedded-mongo.thread.ts): starts the
 * server with the options the thread was given, reports its address (or why it could not start),
 * and closes cleanly when told. The production build compiles it to
 * `dist/embedded-mongo.thread-entry.mjs` beside the server's bundle; in development
 * `embedded-mongo.thread-entry.mjs` loads it through tsx.
 */
import { readlinkSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { startEmbeddedMongo, type EmbeddedMongoOptions } from './embedded-mongo.server';

/** The thread's id in the operating system (Linux), so tools can read its CPU time apart; else undefined. */
function osThreadId(): number | undefined {
  try {
    return Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return undefined;
  }
}

try {
  const server = await startEmbeddedMongo(workerData as EmbeddedMongoOptions);
  parentPort!.on('message', (m) => {
    if (m === 'close') void server.close().then(() => process.exit(0));
  });
  parentPort!.postMessage({ ok: true, uri: server.uri, port: server.port, osThreadId: osThreadId() });
} catch (e) {
  parentPort!.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) });
}
