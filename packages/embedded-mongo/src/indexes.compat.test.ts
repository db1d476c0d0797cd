/**
 * Compatibility suite, part 2: indexes (unique, compound, sparse, partial, TTL), query plans that
 * use them, aggregation across collections and database separation — through the driver only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient, type Db } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo } from './index';

let server: EmbeddedMongo;
let client: MongoClient;
let db: Db;

beforeAll(async () => {
  server = await startEmbeddedMongo({ dataDir: ':memory:', ttlIntervalMs: 200 });
  client = new MongoClient(server.uri);
  db = client.db('idx');
});
afterAll(async () => {
  await client?.close();
  await server?.close();
});

describe('unique indexes', () => {
  it('rejects duplicates with the driver-visible E11000 shape', async () => {
    const users = db.collection('users');
    await users.createIndex({ email: 1 }, { unique: true });
    await users.insertOne({ email: 'a@x.io' });
    const err = (await users.insertOne({ email: 'a@x.io' }).catch((e: unknown) => e)) as Record<string, unknown>;
    expect(err).toMatchObject({ code: 11000, keyPattern: { email: 1 }, keyValue: { email: 'a@x.io' } });
    expect(err.message).toBe('E11000 duplicate key error collection: idx.users index: email_1 dup key: { email: "a@x.io" }');
    const byUpdate = await users.insertOne({ email: 'b@x.io' }).then(() => users.updateOne({ email: 'b@x.io' }, { $set: { email: 'a@x.io' } }).catch((e: unknown) => e));
    expect(byUpdate).toMatchObject({ code: 11000 });
    const plain = db.collection('plain');
    const dupId = await plain.insertOne({ _id: 'same' as never }).then(() => plain.insertOne({ _id: 'same' as never }).catch((e: unknown) => e));
    expect((dupId as Error).message).toContain('index: _id_ dup key: { _id: "same" }');
  });

  it('enforces compound, sparse and partial unique indexes like mongod', async () => {
    const links = db.collection('links');
    await links.createIndex({ workspaceId: 1, key: 1 }, { unique: true });
    await links.insertMany([{ workspaceId: 'a', key: 1 }, { workspaceId: 'b', key: 1 }]);
    await expect(links.insertOne({ workspaceId: 'a', key: 1 })).rejects.toMatchObject({ code: 11000, keyValue: { workspaceId: 'a', key: 1 } });

    const sparse = db.collection('sparse');
    await sparse.createIndex({ ext: 1 }, { unique: true, sparse: true });
    await sparse.insertMany([{ n: 1 }, { n: 2 }, { ext: 'x' }]);
    await expect(sparse.insertOne({ ext: 'x' })).rejects.toMatchObject({ code: 11000 });

    const partial = db.collection('partial');
    await partial.createIndex({ email: 1 }, { unique: true, partialFilterExpression: { deleted: false } });
    await partial.insertMany([{ email: 'a', deleted: true }, { email: 'a', deleted: true }, { email: 'a', deleted: false }]);
    await expect(partial.insertOne({ email: 'a', deleted: false })).rejects.toMatchObject({ code: 11000 });
  });

  it('indexes every entry of a document with many (more than one statement holds), and keeps them unique', async () => {
    const tagged = db.collection('tagged');
    await tagged.createIndex({ ws: 1, tags: 1 }, { unique: true });
    await tagged.createIndex({ n: 1 });
    const tags = Array.from({ length: 21 }, (_, i) => `t${i}`);
    await tagged.insertMany([{ ws: 'a', tags, n: 1 }, { ws: 'b', tags, n: 2 }]);
    for (const t of ['t0', 't7', 't8', 't15', 't20']) expect((await tagged.find({ ws: 'a', tags: t }).toArray()).map((d) => d.n)).toEqual([1]);
    expect(await tagged.countDocuments({ ws: { $in: ['a', 'b'] }, tags: 't20' })).toBe(2);
    const dup = await tagged.insertOne({ ws: 'a', tags: ['x', 't19'], n: 3 }).catch((e: unknown) => e);
    expect(dup).toMatchObject({ code: 11000 });
    expect(await tagged.countDocuments({ n: 3 })).toBe(0);
    expect(await tagged.countDocuments({ tags: 'x' })).toBe(0);
  });

  it('refuses to build a unique index over existing duplicates, leaving nothing behind', async () => {
    const coll = db.collection('prebuilt');
    await coll.insertMany([{ k: 1 }, { k: 1 }]);
    await expect(coll.createIndex({ k: 1 }, { unique: true })).rejects.toMatchObject({ code: 11000 });
    expect((await coll.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
  });

  it('lists, re-creates idempotently and drops indexes', async () => {
    const coll = db.collection('lifecycle');
    expect(await coll.createIndex({ a: 1, b: -1 })).toBe('a_1_b_-1');
    expect(await coll.createIndex({ a: 1, b: -1 })).toBe('a_1_b_-1');
    await coll.createIndex({ c: 1 }, { name: 'by_c', expireAfterSeconds: 3600 });
    const listed = await coll.listIndexes().toArray();
    expect(listed.map((i) => i.name)).toEqual(['_id_', 'a_1_b_-1', 'by_c']);
    expect(listed[2]).toMatchObject({ key: { c: 1 }, expireAfterSeconds: 3600 });
    expect(await coll.indexExists('by_c')).toBe(true);
    await coll.dropIndex('by_c');
    await coll.dropIndexes();
    expect((await coll.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
    await expect(coll.dropIndex('nope')).rejects.toMatchObject({ code: 27 });
  });
});

describe('indexed lookups', () => {
  it('uses the index for equality, $in and ranges (EXPLAIN QUERY PLAN shows a SEARCH, not a SCAN)', async () => {
    const coll = db.collection('plans');
    await coll.createIndex({ email: 1 });
    await coll.createIndex({ workspaceId: 1, updatedAt: 1 });
    await coll.insertMany(Array.from({ length: 200 }, (_, i) => ({ email: `u${i}@x.io`, workspaceId: `w${i % 4}`, updatedAt: new Date(i * 1000) })));

    const eq = await coll.find({ email: 'u7@x.io' }).explain();
    expect(eq.queryPlanner.winningPlan).toMatchObject({ inputStage: { stage: 'IXSCAN', indexName: 'email_1' } });
    expect(eq.sqlitePlan.join('\n')).toMatch(/SEARCH k USING PRIMARY KEY \(ix=\? AND key>\? AND key<\?\)/);
    expect(eq.sqlitePlan.join('\n')).not.toMatch(/\bSCAN\b/);

    const range = await coll.find({ workspaceId: 'w1', updatedAt: { $gte: new Date(100_000), $lt: new Date(120_000) } }).explain();
    expect(range.queryPlanner.winningPlan.inputStage.indexName).toBe('workspaceId_1_updatedAt_1');
    expect(await coll.countDocuments({ workspaceId: 'w1', updatedAt: { $gte: new Date(100_000), $lt: new Date(120_000) } })).toBe(5);
    expect(await coll.countDocuments({ email: { $in: ['u1@x.io', 'u2@x.io', 'none'] } })).toBe(2);

    const scan = await coll.find({ nothingIndexed: 1 }).explain();
    expect(scan.queryPlanner.winningPlan.stage).toBe('COLLSCAN');
  });

  it('returns exactly what a scan would for indexed queries over mixed types and arrays', async () => {
    const coll = db.collection('mixed');
    await coll.createIndex({ v: 1 });
    const values = [1, 1.0, '1', [1, 5], null, undefined, 3, new Date(1)];
    await coll.insertMany(values.map((v, i) => (v === undefined ? { i } : { i, v })));
    // no sort in the query: an index hands back key order, so compare in insertion order
    const ids = async (filter: object) =>
      (await coll.find(filter, { projection: { _id: 0 } }).toArray()).sort((a, b) => a.i - b.i).map((d) => d.v);
    expect(await ids({ v: 1 })).toEqual([1, 1, [1, 5]]);
    expect(await ids({ v: { $gt: 2 } })).toEqual([[1, 5], 3]);
    expect(await ids({ v: null })).toEqual([null, undefined]);
    expect(await ids({ v: { $lte: '9' } })).toEqual(['1']);
  });
});

describe('sorted reads from index order', () => {
  it('give the same pages as an in-memory sort, both directions, with ties, skip and limit', async () => {
    const coll = db.collection('events');
    await coll.createIndex({ ws: 1, at: -1, _id: -1 });
    const docs = Array.from({ length: 300 }, (_, i) => ({ _id: i, ws: ['a', 'b', 'c'][i % 3], at: new Date((i * 7919) % 20), tags: [i % 4, 9] }));
    await coll.insertMany(docs as never[]);
    const expected = (dir: 1 | -1) =>
      docs
        .filter((d) => d.ws === 'a')
        .sort((x, y) => dir * (x.at.getTime() - y.at.getTime() || x._id - y._id))
        .map((d) => d._id);
    const plan = (await coll.find({ ws: 'a' }).sort({ at: -1, _id: -1 }).explain()).queryPlanner.winningPlan;
    expect(plan).toMatchObject({ stage: 'FETCH', inputStage: { indexName: 'ws_1_at_-1__id_-1', direction: 'backward' } });
    const inMemory = (await coll.find({ ws: 'a' }).sort({ at: -1, _id: 1 }).explain()).queryPlanner.winningPlan;
    expect(inMemory).toMatchObject({ stage: 'SORT' });
    for (const dir of [1, -1] as const) {
      const page = await coll.find({ ws: 'a' }).sort({ at: dir, _id: dir }).skip(5).limit(40).toArray();
      expect(page.map((d) => d._id)).toEqual(expected(dir).slice(5, 45));
      const all = await coll.find({ ws: 'a' }, { batchSize: 7 }).sort({ at: dir, _id: dir }).toArray();
      expect(all.map((d) => d._id)).toEqual(expected(dir));
    }
    const before = new Date(10);
    const older = await coll.find({ ws: 'b', at: { $lt: before } }).sort({ at: -1, _id: -1 }).limit(3).toArray();
    const olderExpected = docs.filter((d) => d.ws === 'b' && d.at < before).sort((x, y) => y.at.getTime() - x.at.getTime() || y._id - x._id);
    expect(older.map((d) => d._id)).toEqual(olderExpected.slice(0, 3).map((d) => d._id));
    const byId = await coll.find({}, { batchSize: 50 }).sort({ _id: -1 }).toArray();
    expect(byId.map((d) => d._id)).toEqual(docs.map((d) => d._id).reverse());
    expect(await coll.findOneAndUpdate({ ws: 'c' }, { $set: { picked: true } }, { sort: { at: 1, _id: 1 } })).toMatchObject({
      _id: docs.filter((d) => d.ws === 'c').sort((x, y) => x.at.getTime() - y.at.getTime() || x._id - y._id)[0]!._id,
    });
  });
});

describe('TTL indexes', () => {
  it('removes documents once their date is past expireAfterSeconds', async () => {
    const events = db.collection('record_events');
    await events.createIndex({ at: 1 }, { expireAfterSeconds: 1 });
    await events.insertMany([{ at: new Date(Date.now() - 60_000), old: true }, { at: new Date(Date.now() + 60_000) }, { at: 'not a date' }]);
    const deadline = Date.now() + 5000;
    while ((await events.countDocuments({ old: true })) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await events.countDocuments({ old: true })).toBe(0);
    expect(await events.countDocuments()).toBe(2);
  });
});

describe('aggregation', () => {
  it('runs $match/$group/$sort/$project and $lookup across collections', async () => {
    const people = db.collection('agg_people');
    const deals = db.collection('agg_deals');
    await people.insertMany([{ _id: 1 as never, name: 'Ann', ws: 'a' }, { _id: 2 as never, name: 'Bob', ws: 'a' }, { _id: 3 as never, name: 'Cy', ws: 'b' }]);
    await deals.insertMany([{ person: 1, value: 10 }, { person: 1, value: 5 }, { person: 3, value: 7 }]);
    const out = await people
      .aggregate([
        { $match: { ws: 'a' } },
        { $lookup: { from: 'agg_deals', localField: '_id', foreignField: 'person', as: 'deals' } },
        { $project: { _id: 0, name: 1, total: { $sum: '$deals.value' }, n: { $size: '$deals' } } },
        { $sort: { total: -1 } },
      ])
      .toArray();
    expect(out).toEqual([{ name: 'Ann', total: 15, n: 2 }, { name: 'Bob', total: 0, n: 0 }]);
    const grouped = await deals.aggregate([{ $group: { _id: null, sum: { $sum: '$value' } } }]).toArray();
    expect(grouped).toEqual([{ _id: null, sum: 22 }]);
    const many = await deals.aggregate([{ $unwind: { path: '$value' } }], { batchSize: 1 }).toArray();
    expect(many).toHaveLength(3);
  });

  it('gives the same $lookup results through an index on the foreign field as through a whole load', async () => {
    const orders = db.collection('lk_orders');
    const items = db.collection('lk_items');
    await orders.insertMany([{ _id: 1 as never, sku: 'a' }, { _id: 2 as never, sku: ['a', 'b'] }, { _id: 3 as never }, { _id: 4 as never, sku: 'z' }]);
    await items.insertMany([{ _id: 10 as never, sku: 'a' }, { _id: 11 as never, sku: 'b' }, { _id: 12 as never, sku: null }, { _id: 13 as never }]);
    const pipeline = [
      { $lookup: { from: 'lk_items', localField: 'sku', foreignField: 'sku', as: 'items' } },
      { $project: { ids: '$items._id' } },
      { $sort: { _id: 1 } },
    ];
    const whole = await orders.aggregate(pipeline).toArray();
    await items.createIndex({ sku: 1 });
    const indexed = await orders.aggregate(pipeline).toArray();
    const sorted = (rows: typeof whole) => rows.map((r) => ({ _id: r._id as number, ids: [...(r.ids as number[])].sort() }));
    expect(sorted(indexed)).toEqual(sorted(whole));
    expect(sorted(indexed)).toEqual([
      { _id: 1, ids: [10] },
      { _id: 2, ids: [10, 11] },
      { _id: 3, ids: [12, 13] }, // a missing local field matches null and missing foreign fields
      { _id: 4, ids: [] },
    ]);
  });
});

describe('databases and collections', () => {
  it('keeps two databases apart and lists and drops them', async () => {
    const a = client.db('tenant_a');
    const b = client.db('tenant_b');
    await a.collection('contacts').insertOne({ who: 'a' });
    await b.collection('contacts').insertOne({ who: 'b' });
    expect(await a.collection('contacts').find({}, { projection: { _id: 0 } }).toArray()).toEqual([{ who: 'a' }]);
    expect(await b.collection('contacts').find({}, { projection: { _id: 0 } }).toArray()).toEqual([{ who: 'b' }]);
    const names = (await client.db().admin().listDatabases()).databases.map((d) => d.name);
    expect(names).toEqual(expect.arrayContaining(['tenant_a', 'tenant_b']));
    await a.createCollection('explicit');
    await expect(a.createCollection('explicit')).rejects.toMatchObject({ code: 48 });
    expect((await a.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort()).toEqual(['contacts', 'explicit']);
    expect(await a.collection('explicit').drop()).toBe(true);
    await a.dropDatabase();
    expect(await a.collection('contacts').countDocuments()).toBe(0);
    expect(await b.collection('contacts').countDocuments()).toBe(1);
  });
});
