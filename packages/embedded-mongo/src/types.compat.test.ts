/**
 * Compatibility suite: BSON types and MongoDB's limits through the official driver. Each test
 * runs an operation as an application would and asserts MongoDB's documented result, naming the
 * manual page it follows. Documents are read back with `promoteValues: false`, so every number
 * comes back as the class of its BSON type (Int32, Double, Long, Decimal128).
 */
import { describe, expect, it } from 'vitest';
import { Binary, Decimal128, Double, Int32, Long, Timestamp, type Collection, type Document, type ObjectId } from 'mongodb';
import { useCompatServer } from './compat.harness';

/** Documents of any shape, `_id` of any type (the driver's default assumes ObjectId). */
type AnyDoc = Document & { _id?: number | string | ObjectId };

const env = useCompatServer('types');

/** A fresh collection per test. */
let n = 0;
function coll(): Collection<AnyDoc> {
  return env.db.collection<AnyDoc>(`c${++n}`);
}

/** The BSON type name of each field of the stored document `_id`. */
async function typesOf(c: Collection<AnyDoc>, id: number | string): Promise<Record<string, string>> {
  const doc = await c.findOne({ _id: id }, { promoteValues: false });
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(doc ?? {})) out[k] = (v as { _bsontype?: string })?._bsontype ?? typeof v;
  return out;
}

const MB16 = 16 * 1024 * 1024;

describe('16 MB document limit (manual: BSON Document Size, https://www.mongodb.com/docs/manual/reference/limits/#mongodb-limit-BSON-Document-Size)', () => {
  it('refuses to insert a document over 16 MB with code 10334, and stores nothing', async () => {
    const c = coll();
    const err = await c.insertOne({ _id: 1, s: 'x'.repeat(MB16) } as Document).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 10334 });
    expect(await c.countDocuments()).toBe(0);
  });

  it('refuses an update that grows a document past 16 MB with code 17419, and keeps the document whole', async () => {
    const c = coll();
    const half = 'y'.repeat(9 * 1024 * 1024);
    await c.insertOne({ _id: 1, a: half });
    const err = await c.updateOne({ _id: 1 }, { $set: { b: half } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 17419 });
    const back = await c.findOne({ _id: 1 });
    expect(back).toEqual({ _id: 1, a: half });
    const viaFindAndModify = await c.findOneAndUpdate({ _id: 1 }, { $push: { list: half } as Document }).catch((e: unknown) => e);
    expect(viaFindAndModify).toMatchObject({ code: 17419 });
  });

  it('refuses a replacement past 16 MB and an upsert past 16 MB with code 17419', async () => {
    const c = coll();
    await c.insertOne({ _id: 1, a: 1 });
    const big = 'z'.repeat(MB16);
    expect(await c.replaceOne({ _id: 1 }, { s: big }).catch((e: unknown) => e)).toMatchObject({ code: 17419 });
    expect(await c.updateOne({ _id: 2 }, { $set: { s: big } }, { upsert: true }).catch((e: unknown) => e)).toMatchObject({ code: 17419 });
    expect(await c.find().toArray()).toEqual([{ _id: 1, a: 1 }]);
  });
});

describe('$inc number types (manual: $inc, https://www.mongodb.com/docs/manual/reference/operator/update/inc/, and $mul type rules)', () => {
  it('turns an Int32 that overflows into an Int64', async () => {
    const c = coll();
    await c.insertOne({ _id: 1, n: new Int32(2147483647) });
    await c.updateOne({ _id: 1 }, { $inc: { n: 1 } });
    const back = await c.findOne({ _id: 1 }, { promoteValues: false });
    expect(back!.n).toEqual(Long.fromString('2147483648'));
  });

  it('keeps an Int64 an Int64, exact beyond 2^53', async () => {
    const c = coll();
    await c.insertOne({ _id: 1, small: Long.fromNumber(5), big: Long.fromString('4611686018427387904') });
    await c.updateOne({ _id: 1 }, { $inc: { small: 1, big: 1 } });
    const back = await c.findOne({ _id: 1 }, { promoteValues: false });
    expect(back!.small).toEqual(Long.fromNumber(6));
    expect(back!.big).toEqual(Long.fromString('4611686018427387905'));
  });

  it('increments a Decimal128 exactly', async () => {
    const c = coll();
    await c.insertOne({ _id: 1, price: Decimal128.fromString('1.10') });
    await c.updateOne({ _id: 1 }, { $inc: { price: Decimal128.fromString('0.05') } });
    await c.updateOne({ _id: 1 }, { $inc: { price: 1 } });
    const back = await c.findOne({ _id: 1 });
    expect(back!.price).toEqual(Decimal128.fromString('2.15'));
  });

  it('refuses an Int64 increment past 64 bits (code 2), changing nothing', async () => {
    const c = coll();
    await c.insertOne({ _id: 1, n: Long.MAX_VALUE });
    expect(await c.updateOne({ _id: 1 }, { $inc: { n: 1 } }).catch((e: unknown) => e)).toMatchObject({ code: 2 });
    expect((await c.findOne({ _id: 1 }, { promoteValues: false }))!.n).toEqual(Long.MAX_VALUE);
  });

  it('multiplies with the same type rules ($mul)', async () => {
    const c = coll();
    await c.insertOne({ _id: 1, i: new Int32(65536), d: new Double(2.5) });
    await c.updateOne({ _id: 1 }, { $mul: { i: new Int32(65536), d: new Int32(2), missing: Long.fromNumber(3) } });
    const back = await c.findOne({ _id: 1 }, { promoteValues: false });
    expect(back).toEqual({ _id: new Int32(1), i: Long.fromString('4294967296'), d: new Double(5), missing: Long.fromNumber(0) });
  });
});

describe('values keep their BSON types in every write path (manual: BSON Types, https://www.mongodb.com/docs/manual/reference/bson-types/)', () => {
  const typed = () => ({
    _id: 1,
    dbl: new Double(10),
    negZero: new Double(-0),
    int: new Int32(10),
    long: Long.fromNumber(10),
    dec: Decimal128.fromString('10.0'),
    nested: { dbl: new Double(3), list: [new Double(1), Long.fromNumber(2)] },
    tags: [Long.fromNumber(1), Long.fromNumber(2)],
  });
  const expected = { _id: 'Int32', dbl: 'Double', negZero: 'Double', int: 'Int32', long: 'Long', dec: 'Decimal128', nested: 'object', tags: 'object' };

  it('keeps untouched fields through $set, $unset, $pull, $rename and $currentDate', async () => {
    const c = coll();
    await c.insertOne(typed());
    await c.updateOne({ _id: 1 }, { $set: { other: 'x' } });
    await c.updateOne({ _id: 1 }, { $unset: { other: '' } });
    await c.updateOne({ _id: 1 }, { $pull: { tags: Long.fromNumber(1) } as Document });
    await c.updateOne({ _id: 1 }, { $currentDate: { at: true } });
    await c.updateOne({ _id: 1 }, { $rename: { at: 'when' } });
    expect(await typesOf(c, 1)).toMatchObject(expected);
    const back = await c.findOne({ _id: 1 }, { promoteValues: false });
    expect(back!.nested).toEqual({ dbl: new Double(3), list: [new Double(1), Long.fromNumber(2)] });
    expect(back!.tags).toEqual([Long.fromNumber(2)]);
  });

  it('stores the types a $set, a replacement, an upsert and findOneAndUpdate send', async () => {
    const c = coll();
    await c.insertOne({ _id: 1 });
    await c.updateOne({ _id: 1 }, { $set: { dbl: new Double(10), long: Long.fromNumber(10) } });
    expect(await typesOf(c, 1)).toMatchObject({ dbl: 'Double', long: 'Long' });
    await c.replaceOne({ _id: 1 }, { dbl: new Double(7), long: Long.fromNumber(7) });
    expect(await typesOf(c, 1)).toMatchObject({ dbl: 'Double', long: 'Long' });
    await c.updateOne({ _id: 2, dbl: new Double(1) }, { $setOnInsert: { long: Long.fromNumber(1) } }, { upsert: true });
    expect(await typesOf(c, 2)).toMatchObject({ _id: 'Int32', dbl: 'Double', long: 'Long' });
    const after = await c.findOneAndUpdate({ _id: 1 }, { $inc: { dbl: new Double(1) } }, { returnDocument: 'after', promoteValues: false });
    expect(after!.dbl).toEqual(new Double(8));
    expect(after!.long).toEqual(Long.fromNumber(7));
  });

  it('treats `$set` of an Int32 over an equal Double as a change, as MongoDB compares bytes', async () => {
    const c = coll();
    await c.insertOne({ _id: 1, n: new Double(5) });
    expect((await c.updateOne({ _id: 1 }, { $set: { n: new Int32(5) } })).modifiedCount).toBe(1);
    expect((await c.updateOne({ _id: 1 }, { $set: { n: new Int32(5) } })).modifiedCount).toBe(0);
    expect(await typesOf(c, 1)).toMatchObject({ n: 'Int32' });
  });

  it('keeps types through aggregation stages ($match, $project, $addFields, $group, $unwind, $sort)', async () => {
    const c = coll();
    await c.insertOne(typed());
    const [doc] = await c
      .aggregate(
        [
          { $match: { dbl: 10 } },
          { $addFields: { copy: '$long' } },
          { $project: { dbl: 1, long: 1, dec: 1, copy: 1, nested: 1 } },
          { $sort: { dbl: -1 } },
        ],
        { promoteValues: false },
      )
      .toArray();
    expect(doc).toEqual({ _id: new Int32(1), dbl: new Double(10), long: Long.fromNumber(10), dec: Decimal128.fromString('10.0'), nested: typed().nested, copy: Long.fromNumber(10) });
    const [group] = await c.aggregate([{ $unwind: '$tags' }, { $group: { _id: '$dbl', first: { $first: '$tags' }, total: { $sum: '$tags' } } }], { promoteValues: false }).toArray();
    expect(group).toEqual({ _id: new Double(10), first: Long.fromNumber(1), total: Long.fromNumber(3) });
  });

  it('stores $currentDate with $type "timestamp" as a Timestamp (manual: $currentDate)', async () => {
    const c = coll();
    await c.insertOne({ _id: 1 });
    const before = Math.floor(Date.now() / 1000);
    await c.updateOne({ _id: 1 }, { $currentDate: { ts: { $type: 'timestamp' }, at: { $type: 'date' } } });
    const back = await c.findOne({ _id: 1 });
    expect(back!.ts).toBeInstanceOf(Timestamp);
    expect((back!.ts as Timestamp).t).toBeGreaterThanOrEqual(before);
    expect(back!.at).toBeInstanceOf(Date);
  });

  it('keeps BinData subtypes and a generated `_id` first, as mongod stores documents', async () => {
    const c = coll();
    await c.insertOne({ bin: new Binary(Buffer.from([1, 2]), 4), name: 'x' });
    const back = await c.findOne({});
    expect(Object.keys(back!)[0]).toBe('_id');
    expect((back!.bin as Binary).sub_type).toBe(4);
  });
});
