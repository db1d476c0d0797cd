/**
 * Documents inserted without an `_id` (a client with `forceServerObjectId`), and the server on its
 * own thread: both as the store uses them.
 */
import { MongoClient, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedMongo, startEmbeddedMongoThread, type EmbeddedMongo } from './index';

let server: EmbeddedMongo;
let client: MongoClient;

beforeAll(async () => {
  server = await startEmbeddedMongo({ dataDir: ':memory:' });
  client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 5000 });
  await client.connect();
});
afterAll(async () => {
  await client?.close();
  await server?.close();
});

describe('server-assigned _id', () => {
  it('puts a fresh ObjectId first and keeps every field, indexed or not', async () => {
    const db = client.db('ids', { forceServerObjectId: true });
    const coll = db.collection<{ k: string; n: number; nested: { a: number[] } }>('docs');
    await coll.createIndex({ k: 1 }, { unique: true });
    await coll.insertMany([
      { k: 'a', n: 1, nested: { a: [1, 2] } },
      { k: 'b', n: 2, nested: { a: [] } },
    ]);
    await coll.insertOne({ k: 'c', n: 3, nested: { a: [3] } });
    const docs = await coll.find({}, { sort: { k: 1 } }).toArray();
    expect(docs.map((d) => Object.keys(d))).toEqual([
      ['_id', 'k', 'n', 'nested'],
      ['_id', 'k', 'n', 'nested'],
      ['_id', 'k', 'n', 'nested'],
    ]);
    expect(docs.every((d) => d._id instanceof ObjectId)).toBe(true);
    expect(new Set(docs.map((d) => String(d._id))).size).toBe(3);
    expect(docs.map(({ _id, ...rest }) => rest)).toEqual([
      { k: 'a', n: 1, nested: { a: [1, 2] } },
      { k: 'b', n: 2, nested: { a: [] } },
      { k: 'c', n: 3, nested: { a: [3] } },
    ]);
    // The unique index saw the fields of the rewritten bytes.
    await expect(coll.insertOne({ k: 'a', n: 9, nested: { a: [] } })).rejects.toMatchObject({ code: 11000 });
    expect(await coll.findOne({ _id: docs[1]!._id })).toMatchObject({ k: 'b' });
  });
});

describe('the server on its own thread', () => {
  it('serves the driver, keeps data across a restart on the same folder, and closes', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'sluice-thread-'));
    try {
      for (const round of [1, 2]) {
        const threaded = await startEmbeddedMongoThread({ dataDir: dir });
        const c = new MongoClient(threaded.uri, { serverSelectionTimeoutMS: 5000 });
        await c.connect();
        const coll = c.db('t').collection<{ round: number }>('rounds');
        await coll.insertOne({ round });
        expect((await coll.find({}).toArray()).map((d) => d.round)).toEqual(round === 1 ? [1] : [1, 2]);
        await c.close();
        await threaded.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
