import { Worker } from 'node:worker_threads';
import type { EmbeddedMongo, EmbeddedMongoOptions } from './embedded-mongo.server';
export type { EmbeddedMongo, EmbeddedMongoOptions };

/** What the thread posts back: the address once listening, or why it could not start. */
type Hello = { ok: true; uri: string; port: number; osThreadId?: number } | { ok: false; message: string };

/**
 * Starts the embedded server on a worker thread of this process: the same server as
 * `startEmbeddedMongo`, but its storage work (SQLite, BSON, index upkeep) runs on another core,
 * so the event loop that serves the API and runs syncs only waits for answers, as it does with a
 * real MongoDB. The thread lives and dies with the process; `close()` stops it cleanly (every
 * commit is on disk first). The thread starts from `embedded-mongo.thread-entry.mjs` beside this
 * module: the sources' one registers tsx (development, Vitest), the production build's one is
 * compiled JavaScript (embedded-mongo.thread-main.ts).
 */
export async function startEmbeddedMongoThread(options: EmbeddedMongoOptions): Promise<EmbeddedMongo & { osThreadId?: number }> {
  const worker = new Worker(new URL('./embedded-mongo.thread-entry.mjs', import.meta.url), {
    workerData: options,
    // The thread inherits no stdin; its errors reach us as messages or 'error' events.
    stdin: false,
  });
  const hello = await new Promise<Hello>((resolve) => {
    worker.once('message', (m: Hello) => resolve(m));
    worker.once('error', (e) => resolve({ ok: false, message: e.message }));
    worker.once('exit', (code) => resolve({ ok: false, message: `the database thread exited with code ${code} before listening` }));
  });
  if (!hello.ok) {
    await worker.terminate();
    throw new Error(hello.message);
  }
  // An idle thread must not keep the process alive on its own (the caller closes it).
  worker.unref();
  let closing: Promise<void> | undefined;
  // The database dying under a running process is not something to limp on with: say why and stop,
  // so a supervisor (systemd, Docker) starts Sluice again on its intact data folder.
  worker.on('error', (e) => {
    process.stderr.write(`sluice: the embedded database thread failed: ${e.message}\n`);
  });
  worker.on('exit', (code) => {
    if (closing) return;
    process.stderr.write(`sluice: the embedded database thread stopped unexpectedly (code ${code}); exiting\n`);
    process.exit(70);
  });
  return {
    uri: hello.uri,
    port: hello.port,
    // Linux only: the thread's id under /proc/self/task, for measuring its CPU time (benchmarks).
    ...(hello.osThreadId ? { osThreadId: hello.osThreadId } : {}),
    close() {
      closing ??= new Promise<void>((resolve) => {
        worker.ref(); // keep the process alive until the thread has closed the database
        worker.once('exit', () => resolve());
        worker.postMessage('close');
      });
      return closing;
    },
  };
}
