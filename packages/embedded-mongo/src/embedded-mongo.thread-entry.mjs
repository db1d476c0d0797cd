// Entry of the embedded server's worker thread (see embedded-mongo.thread.ts). Plain JavaScript so
// that it loads without a TypeScript loader; it registers tsx, then starts the server and reports
// its address.
import { readlinkSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

async function load() {
  // Loader hooks do not reach worker threads on Node 20 even when the process has them, so the
  // thread registers tsx for itself (it is a dependency of this package).
  const { register } = await import('tsx/esm/api');
  register();
  return import('./embedded-mongo.server.ts');
}

try {
  const { startEmbeddedMongo } = await load();
  const server = await startEmbeddedMongo(workerData);
  parentPort.on('message', (m) => {
    if (m === 'close') void server.close().then(() => process.exit(0));
  });
  // The thread's id in the operating system (Linux), so tools can read its CPU time apart.
  let osThreadId;
  try {
    osThreadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    osThreadId = undefined;
  }
  parentPort.postMessage({ ok: true, uri: server.uri, port: server.port, osThreadId });
} catch (e) {
  parentPort.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) });
}
