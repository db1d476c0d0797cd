/**
 * Compatibility suite, part 4: 20 clients at once, each with its own connection pool.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo } from './index';

let server: EmbeddedMongo;
beforeAll(async () => {
  server = await startEmbeddedMongo({ dataDir: ':memory:' });
});
afterAll(async () => {
  await server?.close();
});

describe('20 concurrent clients', () => {
  it('interleave inserts, counters and lease takeovers without losing or doubling anything', async () => {
    const clients = Array.from({ length: 20 }, () => new MongoClient(server.uri, { maxPoolSize: 3 }));
    try {
      await Promise.all(clients.map((c) => c.connect()));
      const setup = clients[0]!.db('conc');
      await setup.collection('items').createIndex({ key: 1 }, { unique: true });
      await setup.collection('counters').insertOne({ _id: 'c' as never, n: 0 });
      const leaseWins: number[] = [];
      await Promise.all(
        clients.map(async (c, ci) => {
          const db = c.db('conc');
          const ops: Promise<unknown>[] = [];
          for (let i = 0; i < 25; i++) {
            ops.push(db.collection('items').insertOne({ key: `${ci}-${i}`, ci }));
            ops.push(db.collection('counters').updateOne({ _id: 'c' as never }, { $inc: { n: 1 } }));
            if (i % 5 === 0) ops.push(db.collection('items').find({ ci }).toArray());
          }
          // everyone tries to take the same free lease; exactly one may win
          const won = await db
            .collection('leases')
            .findOneAndUpdate({ _id: 'conn-1' as never, owner: { $exists: false } }, { $set: { owner: ci } }, { returnDocument: 'after' });
          if (won) leaseWins.push(ci);
          await Promise.all(ops);
        }),
      );
      const db = clients[0]!.db('conc');
      expect(await db.collection('items').countDocuments()).toBe(500);
      expect((await db.collection('counters').findOne({ _id: 'c' as never }))!.n).toBe(500);
      await db.collection('leases').insertOne({ _id: 'conn-2' as never });
      const takeovers = await Promise.all(
        clients.map((c, ci) =>
          c.db('conc').collection('leases').findOneAndUpdate({ _id: 'conn-2' as never, owner: { $exists: false } }, { $set: { owner: ci } }),
        ),
      );
      expect(takeovers.filter((t) => t !== null)).toHaveLength(1);
      expect(leaseWins).toHaveLength(0); // conn-1 never existed and nobody upserted it
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
  });
});
