/**
 * Compatibility suite: comparisons, sorts, projections and the aggregation and namespace commands
 * MongoDB answers in a way JavaScript's own comparisons would not — through the official driver,
 * each query run on a collection without an index and again with one, each test naming the
 * manual page whose result it asserts.
 */
import { describe, expect, it } from 'vitest';
import { Binary, Decimal128, Int32, Long, type Collection, type Document, type Filter, type Sort } from 'mongodb';
import { useCompatServer } from './compat.harness';

const env = useCompatServer('comparison');

let n = 0;

/** The same documents in two collections: one without indexes, one with an index on `field`. */
async function pair(docs: Document[], field: string): Promise<Array<[string, Collection<Document>]>> {
  const plain = env.db.collection(`plain${++n}`);
  const indexed = env.db.collection(`indexed${n}`);
  await plain.insertMany(docs.map((d) => ({ ...d })));
  await indexed.createIndex({ [field]: 1 });
  await indexed.insertMany(docs.map((d) => ({ ...d })));
  return [
    ['without an index', plain],
    ['with an index', indexed],
  ];
}

async function ids(c: Collection<Document>, filter: Filter<Document>, sort?: Sort): Promise<unknown[]> {
  return (await c.find(filter, sort ? { sort } : {}).toArray()).map((d) => d._id);
}

describe('Int64 beyond 2^53 (manual: Comparison/Sort Order, numeric types, https://www.mongodb.com/docs/manual/reference/bson-type-comparison-order/)', () => {
  const docs = [
    { _id: 'a', v: Long.fromString('4611686018427387904') }, // 2^62
    { _id: 'b', v: Long.fromString('4611686018427387905') }, // 2^62 + 1
    { _id: 'c', v: Long.fromString('4611686018427387903') }, // 2^62 - 1
    { _id: 'd', v: Long.fromString('-9007199254740993') },
    { _id: 'e', v: 2 ** 62 },
  ];

  it('compares and sorts exactly, with and without an index', async () => {
    for (const [how, c] of await pair(docs, 'v')) {
      expect(await ids(c, { v: { $gt: Long.fromString('4611686018427387904') } }), how).toEqual(['b']);
      expect(await ids(c, { v: { $lt: Long.fromString('4611686018427387904') } }, { _id: 1 }), how).toEqual(['c', 'd']);
      expect(await ids(c, { v: Long.fromString('4611686018427387905') }), how).toEqual(['b']);
      expect(await ids(c, { v: 2 ** 62 }, { _id: 1 }), how).toEqual(['a', 'e']);
      expect(await ids(c, {}, { v: 1, _id: 1 }), how).toEqual(['d', 'c', 'a', 'e', 'b']);
      expect(await ids(c, {}, { v: -1, _id: 1 }), how).toEqual(['b', 'a', 'e', 'c', 'd']);
    }
  });
});

describe('Decimal128 against other numbers (manual: Comparison/Sort Order, numeric types)', () => {
  const docs = [
    { _id: 'dec110', v: Decimal128.fromString('1.10') },
    { _id: 'int5', v: new Int32(5) },
    { _id: 'dec5', v: Decimal128.fromString('5') },
    { _id: 'dbl100', v: 100.5 },
    { _id: 'dec1e3', v: Decimal128.fromString('1E+3') },
  ];

  it('compares by value, with and without an index', async () => {
    for (const [how, c] of await pair(docs, 'v')) {
      expect(await ids(c, { v: Decimal128.fromString('1.1') }), how).toEqual(['dec110']);
      expect(await ids(c, { v: 5 }, { _id: 1 }), how).toEqual(['dec5', 'int5']);
      expect(await ids(c, { v: { $gt: 100 } }, { _id: 1 }), how).toEqual(['dbl100', 'dec1e3']);
      expect(await ids(c, {}, { v: 1, _id: 1 }), how).toEqual(['dec110', 'dec5', 'int5', 'dbl100', 'dec1e3']);
    }
  });
});

describe('strings by code point (manual: Comparison/Sort Order, strings: simple binary comparison)', () => {
  // U+1F600 (an emoji, UTF-16 D83D DE00) sorts after U+FF21 (fullwidth A) by code point, before it by UTF-16 unit
  const docs = [
    { _id: 'emoji', s: '\u{1F600}' },
    { _id: 'fullwidth', s: '\uFF21' },
    { _id: 'ascii', s: 'z' },
  ];

  it('sorts and compares ranges by code point, with and without an index', async () => {
    for (const [how, c] of await pair(docs, 's')) {
      expect(await ids(c, {}, { s: 1 }), how).toEqual(['ascii', 'fullwidth', 'emoji']);
      expect(await ids(c, { s: { $gt: '\uFF21' } }), how).toEqual(['emoji']);
      expect(await ids(c, { s: { $lt: '\u{1F600}' } }, { s: -1 }), how).toEqual(['fullwidth', 'ascii']);
    }
  });
});

describe('BinData equality (manual: Comparison/Sort Order, BinData: length, then subtype, then bytes)', () => {
  it('respects the subtype, with and without an index', async () => {
    const docs = [
      { _id: 'generic', b: new Binary(Buffer.from([1, 2, 3]), 0) },
      { _id: 'uuid', b: new Binary(Buffer.from([1, 2, 3]), 4) },
    ];
    for (const [how, c] of await pair(docs, 'b')) {
      expect(await ids(c, { b: new Binary(Buffer.from([1, 2, 3]), 4) }), how).toEqual(['uuid']);
      expect(await ids(c, { b: { $in: [new Binary(Buffer.from([1, 2, 3]), 0)] } }), how).toEqual(['generic']);
    }
  });
});

describe('whole-document equality (manual: Query on Embedded/Nested Documents, exact match including field order, https://www.mongodb.com/docs/manual/tutorial/query-embedded-documents/)', () => {
  it('matches an embedded document only with its fields in the same order, with and without an index', async () => {
    const docs = [
      { _id: 'hw', size: { h: 14, w: 21 } },
      { _id: 'wh', size: { w: 21, h: 14 } },
    ];
    for (const [how, c] of await pair(docs, 'size')) {
      expect(await ids(c, { size: { h: 14, w: 21 } }), how).toEqual(['hw']);
      expect(await ids(c, { size: { w: 21, h: 14 } }), how).toEqual(['wh']);
    }
  });
});

describe('null, missing fields and $mod', () => {
  const docs = [{ _id: 'null', v: null }, { _id: 'missing' }, { _id: 'seven', v: 7 }, { _id: 'four', v: new Int32(4) }];

  it('$mod matches numbers only, never null or a missing field (manual: $mod, https://www.mongodb.com/docs/manual/reference/operator/query/mod/)', async () => {
    for (const [how, c] of await pair(docs, 'v')) {
      expect(await ids(c, { v: { $mod: [4, 0] } }), how).toEqual(['four']);
      expect(await ids(c, { v: { $not: { $mod: [4, 0] } } }, { _id: 1 }), how).toEqual(['missing', 'null', 'seven']);
    }
  });

  it('{ $gte: null } and { $lte: null } match null and missing fields (manual: Query for Null or Missing Fields, https://www.mongodb.com/docs/manual/tutorial/query-for-null-fields/)', async () => {
    for (const [how, c] of await pair(docs, 'v')) {
      expect(await ids(c, { v: { $gte: null } }, { _id: 1 }), how).toEqual(['missing', 'null']);
      expect(await ids(c, { v: { $lte: null } }, { _id: 1 }), how).toEqual(['missing', 'null']);
      expect(await ids(c, { v: { $gt: null } }), how).toEqual([]);
    }
  });
});

describe('sorting arrays (manual: Comparison/Sort Order, arrays: ascending by smallest element, descending by largest)', () => {
  it('sorts descending by each array\'s largest element, ascending by its smallest, an empty array first', async () => {
    const docs = [
      { _id: 'wide', v: [1, 10] },
      { _id: 'mid', v: [5, 6] },
      { _id: 'single', v: 7 },
      { _id: 'empty', v: [] },
      { _id: 'none' },
    ];
    for (const [how, c] of await pair(docs, 'v')) {
      expect(await ids(c, {}, { v: -1 }), how).toEqual(['wide', 'single', 'mid', 'none', 'empty']);
      expect(await ids(c, {}, { v: 1 }), how).toEqual(['empty', 'none', 'wide', 'mid', 'single']);
    }
  });
});

describe('positional projection (manual: $ (projection), https://www.mongodb.com/docs/manual/reference/operator/projection/positional/)', () => {
  it('returns the array element the query matched', async () => {
    const c = env.db.collection<{ _id: number; items: Array<{ sku: string; qty: number }>; tags: string[] }>(`positional${++n}`);
    await c.insertOne({ _id: 1, items: [{ sku: 'a', qty: 1 }, { sku: 'b', qty: 5 }, { sku: 'c', qty: 9 }], tags: ['x', 'y'] });
    expect(await c.findOne({ 'items.qty': { $gt: 4 } }, { projection: { 'items.$': 1 } })).toEqual({ _id: 1, items: [{ sku: 'b', qty: 5 }] });
    expect(await c.findOne({ tags: 'y' }, { projection: { 'tags.$': 1, _id: 0 } })).toEqual({ tags: ['y'] });
    expect(await c.findOne({ items: { $elemMatch: { sku: 'c' } } }, { projection: { 'items.$': 1 } })).toEqual({ _id: 1, items: [{ sku: 'c', qty: 9 }] });
    const updated = await c.findOneAndUpdate({ 'items.sku': 'b' }, { $inc: { 'items.$.qty': 1 } }, { projection: { 'items.$': 1 }, returnDocument: 'after' });
    expect(updated).toEqual({ _id: 1, items: [{ sku: 'b', qty: 6 }] });
  });
});

describe('$count (manual: $count (aggregation), https://www.mongodb.com/docs/manual/reference/operator/aggregation/count/)', () => {
  it('returns no document at all when no document reaches it', async () => {
    const c = env.db.collection(`count${++n}`);
    await c.insertMany([{ k: 1 }, { k: 2 }]);
    expect(await c.aggregate([{ $match: { k: 3 } }, { $count: 'n' }]).toArray()).toEqual([]);
    expect(await c.aggregate([{ $count: 'n' }]).toArray()).toEqual([{ n: 2 }]);
  });
});

describe('renameCollection (manual: renameCollection, https://www.mongodb.com/docs/manual/reference/command/renameCollection/)', () => {
  it('renames with documents and indexes, refuses an existing target, and replaces it with dropTarget', async () => {
    const from = env.db.collection(`from${++n}`);
    const to = env.db.collection(`to${n}`);
    await from.createIndex({ email: 1 }, { unique: true });
    await from.insertOne({ email: 'a@x.io' });
    await to.insertOne({ old: true });
    const err = await from.rename(to.collectionName).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 48 });
    await from.rename(to.collectionName, { dropTarget: true });
    expect(await to.find({}, { projection: { _id: 0 } }).toArray()).toEqual([{ email: 'a@x.io' }]);
    expect((await to.indexes()).map((i) => i.name)).toEqual(['_id_', 'email_1']);
    await expect(to.insertOne({ email: 'a@x.io' })).rejects.toMatchObject({ code: 11000 });
    expect((await env.db.listCollections({ name: from.collectionName }).toArray()).length).toBe(0);
    const missing = await env.db.admin().command({ renameCollection: `comparison.nothing${n}`, to: `comparison.else${n}` }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 26 });
  });
});
