/**
 * Compatibility suite, part 1: CRUD through the official driver only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Binary, Decimal128, Long, MongoClient, MongoServerError, ObjectId, type Db } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo } from './index';

interface OpsDoc {
  n: number;
  tags: string[];
  lo: number;
  hi: number;
  old?: string;
  renamed?: string;
  gone?: number;
  items: Array<{ k: number; v: number }>;
  address?: { city: string };
  touchedAt?: Date;
  never?: boolean;
}

let server: EmbeddedMongo;
let client: MongoClient;
let db: Db;

beforeAll(async () => {
  server = await startEmbeddedMongo({ dataDir: ':memory:' });
  client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 5000 });
  await client.connect();
  db = client.db('crud');
});
afterAll(async () => {
  await client?.close();
  await server?.close();
});

describe('handshake and server commands', () => {
  it('answers ping, hello, buildInfo and reports as MongoDB 7', async () => {
    expect(await db.command({ ping: 1 })).toMatchObject({ ok: 1 });
    const hello = await db.admin().command({ hello: 1 });
    expect(hello).toMatchObject({ isWritablePrimary: true, maxWireVersion: 21, logicalSessionTimeoutMinutes: 30 });
    expect(hello.compression).toBeUndefined();
    expect((await db.admin().buildInfo()).version).toBe('7.0.0');
  });

  it('answers unknown commands with CommandNotFound', async () => {
    const err = await db.command({ frobnicate: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MongoServerError);
    expect(err).toMatchObject({ code: 59, codeName: 'CommandNotFound' });
  });

  it('runs commands inside explicit sessions', async () => {
    const session = client.startSession();
    await db.collection('s').insertOne({ a: 1 }, { session });
    expect(await db.collection('s').findOne({ a: 1 }, { session })).toMatchObject({ a: 1 });
    await session.endSession();
  });
});

describe('insert and find', () => {
  it('round-trips BSON types with their types', async () => {
    const coll = db.collection('types');
    const doc = {
      _id: new ObjectId(),
      when: new Date('2024-05-01T10:00:00Z'),
      price: Decimal128.fromString('12.345'),
      big: Long.fromString('9007199254740993'),
      small: Long.fromNumber(42),
      bin: new Binary(Buffer.from([0, 1, 2, 255])),
      nested: { list: [1, 'two', null], flag: true },
    };
    await coll.insertOne(doc);
    const back = await coll.findOne({ _id: doc._id }, { promoteLongs: false });
    expect(back!._id).toBeInstanceOf(ObjectId);
    expect(back!.when).toEqual(doc.when);
    expect(back!.price).toBeInstanceOf(Decimal128);
    expect(back!.price.toString()).toBe('12.345');
    expect(back!.big).toBeInstanceOf(Long);
    expect(back!.big.toString()).toBe('9007199254740993');
    expect(Buffer.from((back!.bin as Binary).buffer)).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(back!.nested).toEqual(doc.nested);

    await coll.updateOne({ _id: doc._id }, { $set: { note: 'touched' }, $inc: { counter: 1 } });
    const updated = await coll.findOne({ _id: doc._id }, { promoteLongs: false });
    expect(updated!.big).toBeInstanceOf(Long);
    expect(updated!.big.toString()).toBe('9007199254740993');
    expect(updated!.small).toBeInstanceOf(Long); // untouched fields keep their BSON type
    expect(updated!.price).toBeInstanceOf(Decimal128);
    expect(updated).toMatchObject({ note: 'touched', counter: 1 });
  });

  it('sorts, skips, limits and projects', async () => {
    const coll = db.collection('people');
    await coll.insertMany(Array.from({ length: 30 }, (_, i) => ({ i, name: `p${i}`, even: i % 2 === 0, secret: 'x' })));
    const page = await coll.find({ even: true }, { projection: { secret: 0, _id: 0 } }).sort({ i: -1 }).skip(2).limit(3).toArray();
    expect(page).toEqual([
      { i: 24, name: 'p24', even: true },
      { i: 22, name: 'p22', even: true },
      { i: 20, name: 'p20', even: true },
    ]);
    const names = await coll.find({ i: { $lt: 3 } }, { projection: { name: 1, _id: 0 } }).sort({ name: 1 }).toArray();
    expect(names).toEqual([{ name: 'p0' }, { name: 'p1' }, { name: 'p2' }]);
  });

  it('streams cursors across several batches', async () => {
    const coll = db.collection('many');
    await coll.insertMany(Array.from({ length: 1050 }, (_, i) => ({ i })));
    const seen: number[] = [];
    for await (const d of coll.find({}, { batchSize: 100 }).sort({ i: 1 })) seen.push(d.i as number);
    expect(seen).toHaveLength(1050);
    expect(seen[1049]).toBe(1049);
    const cursor = coll.find({}, { batchSize: 10 });
    await cursor.next();
    await cursor.close();
  });

  it('pages unsorted results lazily with skip, limit, projection and writes in between', async () => {
    const coll = db.collection('lazy');
    await coll.insertMany(Array.from({ length: 1200 }, (_, i) => ({ i, odd: i % 2 === 1, pad: 'x'.repeat(50) })));
    const cursor = coll.find({ odd: true }, { batchSize: 50, skip: 10, limit: 500, projection: { _id: 0, pad: 0 } });
    const seen: number[] = [];
    for await (const d of cursor) {
      seen.push(d.i as number);
      if (seen.length === 60) await coll.insertOne({ i: -1, odd: false }); // a write between getMores
    }
    expect(seen).toHaveLength(500);
    expect(seen[0]).toBe(21);
    expect(new Set(seen).size).toBe(500);
    expect(seen.every((i) => i % 2 === 1)).toBe(true);
    const firstDoc = await coll.find({}, { projection: { _id: 0, pad: 0 } }).limit(1).next();
    expect(firstDoc).toEqual({ i: 0, odd: false });
  });

  it('counts and finds distinct values', async () => {
    const coll = db.collection('count');
    await coll.insertMany([{ t: ['a', 'b'] }, { t: ['b', 'c'] }, { t: 'd' }, { u: 1 }]);
    expect(await coll.countDocuments()).toBe(4);
    expect(await coll.countDocuments({ t: 'b' })).toBe(2);
    expect(await coll.countDocuments({}, { skip: 1, limit: 2 })).toBe(2);
    expect(await coll.estimatedDocumentCount()).toBe(4);
    expect(await coll.distinct('t')).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('updates', () => {
  it('applies every update operator Sluice uses', async () => {
    const coll = db.collection<OpsDoc>('ops');
    const { insertedId } = await coll.insertOne({ n: 1, tags: ['a'], lo: 5, hi: 5, old: 'x', gone: 1, items: [{ k: 1, v: 0 }, { k: 2, v: 0 }] });
    await coll.updateOne(
      { _id: insertedId },
      {
        $set: { 'address.city': 'Ghent' },
        $unset: { gone: '' },
        $inc: { n: 2 },
        $push: { tags: 'b' },
        $min: { lo: 3 },
        $max: { hi: 9 },
        $currentDate: { touchedAt: true },
        $rename: { old: 'renamed' },
        $setOnInsert: { never: true },
      },
    );
    await coll.updateOne({ _id: insertedId }, { $addToSet: { tags: { $each: ['a', 'c'] } } });
    await coll.updateOne({ _id: insertedId }, { $pull: { tags: 'b' } });
    await coll.updateOne({ _id: insertedId, 'items.k': 2 }, { $set: { 'items.$.v': 7 } });
    const doc = await coll.findOne({ _id: insertedId });
    expect(doc).toMatchObject({ n: 3, tags: ['a', 'c'], lo: 3, hi: 9, renamed: 'x', address: { city: 'Ghent' } });
    expect(doc!.items).toEqual([{ k: 1, v: 0 }, { k: 2, v: 7 }]);
    expect(doc!.touchedAt).toBeInstanceOf(Date);
    expect(doc).not.toHaveProperty('gone');
    expect(doc).not.toHaveProperty('old');
    expect(doc).not.toHaveProperty('never');
  });

  it('upserts with $setOnInsert, updates many, replaces and reports counts', async () => {
    const coll = db.collection('upserts');
    const first = await coll.updateOne({ email: 'a@x.io' }, { $set: { n: 1 }, $setOnInsert: { createdAt: 1 } }, { upsert: true });
    expect(first).toMatchObject({ upsertedCount: 1, matchedCount: 0 });
    const second = await coll.updateOne({ email: 'a@x.io' }, { $set: { n: 2 }, $setOnInsert: { createdAt: 2 } }, { upsert: true });
    expect(second).toMatchObject({ upsertedCount: 0, matchedCount: 1, modifiedCount: 1 });
    expect(await coll.findOne({ email: 'a@x.io' }, { projection: { _id: 0 } })).toEqual({ email: 'a@x.io', n: 2, createdAt: 1 });
    const same = await coll.updateOne({ email: 'a@x.io' }, { $set: { n: 2 } });
    expect(same).toMatchObject({ matchedCount: 1, modifiedCount: 0 });

    await coll.insertMany([{ g: 1 }, { g: 1 }, { g: 2 }]);
    expect(await coll.updateMany({ g: 1 }, { $set: { seen: true } })).toMatchObject({ matchedCount: 2, modifiedCount: 2 });
    const rep = await coll.replaceOne({ g: 2 }, { g: 3, replaced: true });
    expect(rep.modifiedCount).toBe(1);
    expect(await coll.findOne({ g: 3 }, { projection: { _id: 0 } })).toEqual({ g: 3, replaced: true });
    const err = await coll.updateOne({ g: 3 }, { $set: { _id: 5 } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 66 });
  });

  it('runs findOneAndUpdate / Delete / Replace with sort, projection, upsert and returnDocument', async () => {
    const coll = db.collection('fam');
    await coll.insertMany([{ k: 'a', p: 1 }, { k: 'a', p: 2 }, { k: 'b', p: 3 }]);
    const before = await coll.findOneAndUpdate({ k: 'a' }, { $inc: { p: 10 } }, { sort: { p: -1 }, projection: { _id: 0 } });
    expect(before).toEqual({ k: 'a', p: 2 });
    const after = await coll.findOneAndUpdate({ k: 'a' }, { $inc: { p: 10 } }, { sort: { p: -1 }, returnDocument: 'after' });
    expect(after).toMatchObject({ k: 'a', p: 22 });
    const up = await coll.findOneAndUpdate({ k: 'z' }, { $set: { p: 0 } }, { upsert: true, returnDocument: 'after', includeResultMetadata: true });
    expect(up.lastErrorObject).toMatchObject({ updatedExisting: false, n: 1 });
    expect(up.value).toMatchObject({ k: 'z', p: 0 });
    expect(await coll.findOneAndReplace({ k: 'b' }, { k: 'b2' }, { returnDocument: 'after', projection: { _id: 0 } })).toEqual({ k: 'b2' });
    expect(await coll.findOneAndDelete({ k: 'a' }, { sort: { p: 1 } })).toMatchObject({ p: 1 });
    expect(await coll.findOneAndUpdate({ k: 'nope' }, { $set: { p: 1 } })).toBeNull();
  });

  it('upserts a filter with `_id` beside `$or`, then matches or refuses it as mongod does', async () => {
    const coll = db.collection<{ _id: string; owner?: string; exp?: number }>('leases');
    const lease = (owner: string, now: number) =>
      coll.findOneAndUpdate({ _id: 'c1', $or: [{ owner }, { exp: { $lte: now } }] }, { $set: { owner, exp: now + 10 } }, { upsert: true, returnDocument: 'after' });
    expect(await lease('w1', 0)).toEqual({ _id: 'c1', owner: 'w1', exp: 10 });
    expect(await lease('w1', 5)).toEqual({ _id: 'c1', owner: 'w1', exp: 15 });
    // held by w1 and not expired: nothing matches, and the upsert's insert collides on `_id`
    expect(await lease('w2', 6).catch((e: unknown) => e)).toMatchObject({ code: 11000 });
    expect(await coll.updateOne({ _id: 'c2', $or: [{ owner: 'w2' }] }, { $set: { owner: 'w2' } }, { upsert: true })).toMatchObject({ upsertedId: 'c2' });
  });
});

describe('deletes and bulk writes', () => {
  it('deletes one and many', async () => {
    const coll = db.collection('del');
    await coll.insertMany([{ d: 1 }, { d: 1 }, { d: 2 }]);
    expect((await coll.deleteOne({ d: 1 })).deletedCount).toBe(1);
    expect((await coll.deleteMany({})).deletedCount).toBe(2);
  });

  it('runs ordered and unordered bulkWrite with writeErrors', async () => {
    const coll = db.collection('bulk');
    await coll.createIndex({ key: 1 }, { unique: true });
    const ops = [
      { insertOne: { document: { key: 1 } } },
      { insertOne: { document: { key: 1 } } },
      { insertOne: { document: { key: 2 } } },
      { updateOne: { filter: { key: 2 }, update: { $set: { v: 1 } } } },
      { deleteOne: { filter: { key: 1 } } },
    ];
    const ordered = await coll.bulkWrite(ops).catch((e: unknown) => e);
    expect(ordered).toMatchObject({ code: 11000 });
    expect(await coll.countDocuments()).toBe(1);
    await coll.deleteMany({});
    const unordered = (await coll.bulkWrite(ops, { ordered: false }).catch((e: unknown) => e)) as {
      code: number;
      writeErrors: Array<{ index: number }>;
      result: { insertedCount: number; modifiedCount: number; deletedCount: number };
    };
    expect(unordered.code).toBe(11000);
    expect(unordered.writeErrors.map((w) => w.index)).toEqual([1]);
    expect(unordered.result).toMatchObject({ insertedCount: 2, modifiedCount: 1, deletedCount: 1 });
    const ok = await coll.bulkWrite([
      { updateOne: { filter: { key: 9 }, update: { $set: { v: 9 } }, upsert: true } },
      { replaceOne: { filter: { key: 9 }, replacement: { key: 9, v: 10 } } },
      { updateMany: { filter: {}, update: { $set: { all: true } } } },
    ]);
    expect(ok).toMatchObject({ upsertedCount: 1, matchedCount: 3 });
  });
});
