/**
 * Test support for the compatibility suites: an embedded server on ':memory:' and an official
 * driver client connected to it, started before a file's tests and closed after them.
 */
import { afterAll, beforeAll } from 'vitest';
import { MongoClient, type Db } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo } from './index';

export interface CompatServer {
  server: EmbeddedMongo;
  client: MongoClient;
  /** The database the file's tests use. */
  db: Db;
}

/**
 * Registers the hooks; the returned object is filled in before the first test runs.
 * @example const env = useCompatServer('types'); it('…', () => env.db.collection('c'))
 */
export function useCompatServer(dbName: string): CompatServer {
  const env = {} as CompatServer;
  beforeAll(async () => {
    env.server = await startEmbeddedMongo({ dataDir: ':memory:' });
    env.client = new MongoClient(env.server.uri, { serverSelectionTimeoutMS: 5000 });
    await env.client.connect();
    env.db = env.client.db(dbName);
  });
  afterAll(async () => {
    await env.client?.close();
    await env.server?.close();
  });
  return env;
}
