/**
 * Starts the embedded MongoDB-compatible server: SQLite storage, a TCP listener on loopback,
 * the TTL sweeper and cursor reaping. Close it to end every connection and close the file.
 */
import { createServer, type Socket } from 'node:net';
import { CursorRegistry } from './cursors/cursor.registry';
import { SqliteStore } from './storage/sqlite.store';
import { startTtlSweeper } from './storage/ttl.sweeper';
import { serveConnection } from './wire/client.connection';

export interface EmbeddedMongoOptions {
  /** Folder holding `sluice.sqlite` (created when missing), or `':memory:'` for a throwaway instance. */
  dataDir: string;
  /** TCP port; 0 or absent picks a free one. */
  port?: number;
  /** Interface to listen on; 127.0.0.1 unless given. */
  host?: string;
  /** `'full'` fsyncs every commit (power-cut safe); the default `'normal'` is kill -9 safe. */
  synchronous?: 'normal' | 'full';
  /** How often TTL indexes are swept, in ms (default 1000). */
  ttlIntervalMs?: number;
}

export interface EmbeddedMongo {
  /** `mongodb://HOST:PORT/`, ready for `new MongoClient(uri)`. */
  uri: string;
  port: number;
  close(): Promise<void>;
}

/**
 * @example
 * const db = await startEmbeddedMongo({ dataDir: './.sluice/db' });
 * const client = new MongoClient(db.uri);
 * // ...
 * await client.close();
 * await db.close();
 */
export async function startEmbeddedMongo(options: EmbeddedMongoOptions): Promise<EmbeddedMongo> {
  const host = options.host ?? '127.0.0.1';
  const store = new SqliteStore({ dataDir: options.dataDir, synchronous: options.synchronous });
  const cursors = new CursorRegistry();
  const sockets = new Set<Socket>();
  let connectionCount = 0;
  const server = createServer();
  const shared = { store, cursors, server: { startedAt: new Date(), host, port: 0 } };

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serveConnection(socket, ++connectionCount, shared);
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    store.close();
    throw e;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  shared.server.port = port;
  const stopSweeper = startTtlSweeper(store, options.ttlIntervalMs ?? 1000, () => cursors.reap());
  const uriHost = host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  return {
    uri: `mongodb://${uriHost}:${port}/`,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        stopSweeper();
        for (const s of sockets) s.destroy();
        server.close(() => {
          store.close();
          resolve();
        });
      });
      return closing;
    },
  };
}
