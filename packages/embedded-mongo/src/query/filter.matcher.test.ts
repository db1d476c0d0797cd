import { describe, expect, it } from 'vitest';
import { Binary, BSONRegExp, Decimal128, Double, Long } from 'bson';
import { compileMatcher, type MatchDetails } from './filter.matcher';

const matches = (filter: Record<string, unknown>, doc: Record<string, unknown>) => compileMatcher(filter)(doc);

describe('compileMatcher (manual: Query and Projection Operators, https://www.mongodb.com/docs/manual/reference/operator/query/)', () => {
  it('matches arrays by element and as a whole (manual: Query an Array)', () => {
    expect(matches({ tags: 'a' }, { tags: ['a', 'b'] })).toBe(true);
    expect(matches({ tags: ['a', 'b'] }, { tags: ['a', 'b'] })).toBe(true);
    expect(matches({ tags: ['a', 'b'] }, { tags: [['a', 'b'], 'c'] })).toBe(true);
    expect(matches({ tags: ['b', 'a'] }, { tags: ['a', 'b'] })).toBe(false);
    expect(matches({ 'items.k': 2 }, { items: [{ k: 1 }, { k: 2 }] })).toBe(true);
    expect(matches({ 'items.1.k': 1 }, { items: [{ k: 1 }, { k: 2 }] })).toBe(false);
    expect(matches({ n: { $gt: 5, $lt: 8 } }, { n: [2, 9] })).toBe(true); // each condition by some element
    expect(matches({ n: { $elemMatch: { $gt: 5, $lt: 8 } } }, { n: [2, 9] })).toBe(false); // one element for all
  });

  it('matches null against null and missing fields, not against an empty array (manual: Query for Null or Missing Fields)', () => {
    expect(matches({ a: null }, {})).toBe(true);
    expect(matches({ a: null }, { a: null })).toBe(true);
    expect(matches({ a: null }, { a: [] })).toBe(false);
    expect(matches({ a: null }, { a: [1, null] })).toBe(true);
    expect(matches({ 'a.b': null }, { a: [{ c: 1 }] })).toBe(true);
    expect(matches({ a: { $ne: null } }, { a: 0 })).toBe(true);
    expect(matches({ a: { $exists: false } }, { a: null })).toBe(false);
  });

  it('brackets comparisons by type, numbers of all types together', () => {
    expect(matches({ v: { $gt: 1 } }, { v: 'z' })).toBe(false);
    expect(matches({ v: { $gte: 5 } }, { v: Decimal128.fromString('5.0') })).toBe(true);
    expect(matches({ v: { $lt: Long.fromString('9007199254740993') } }, { v: 9007199254740992 })).toBe(true);
    expect(matches({ v: 10 }, { v: new Double(10) })).toBe(true);
  });

  it('answers $in, $nin, $all, $size, $type and $exists', () => {
    expect(matches({ v: { $in: [1, /^x/] } }, { v: 'xy' })).toBe(true);
    expect(matches({ v: { $in: [null] } }, {})).toBe(true);
    expect(matches({ v: { $nin: [1, 2] } }, { v: [3, 2] })).toBe(false);
    expect(matches({ v: { $all: ['a', 'b'] } }, { v: ['b', 'c', 'a'] })).toBe(true);
    expect(matches({ v: { $all: [] } }, { v: [] })).toBe(false);
    expect(matches({ v: { $size: 2 } }, { v: [1, 2] })).toBe(true);
    expect(matches({ v: { $type: 'number' } }, { v: Long.fromNumber(1) })).toBe(true);
    expect(matches({ v: { $type: 'double' } }, { v: 1 })).toBe(false); // an Int32
    expect(matches({ v: { $type: 'double' } }, { v: new Double(1) })).toBe(true);
    expect(matches({ v: { $type: 'array' } }, { v: [] })).toBe(true);
    expect(matches({ v: { $type: 'string' } }, { v: [1, 'a'] })).toBe(true);
  });

  it('answers $regex with its options, $not and $mod', () => {
    expect(matches({ s: { $regex: 'a b', $options: 'ix' } }, { s: 'xAB' })).toBe(true);
    expect(matches({ s: new BSONRegExp('^\\u{1F600}$', '') }, { s: '\u{1F600}' })).toBe(true);
    expect(matches({ s: { $not: /^a/ } }, { s: 'ba' })).toBe(true);
    expect(matches({ s: { $not: /^a/ } }, {})).toBe(true);
    expect(matches({ v: { $mod: [3, 1] } }, { v: -2 })).toBe(false); // -2 % 3 is -2, as in MongoDB
    expect(matches({ v: { $mod: [3, -2] } }, { v: -2.9 })).toBe(true); // truncated toward zero
    expect(matches({ v: { $mod: [2, 0] } }, { v: null })).toBe(false);
  });

  it('answers the bit operators on numbers and BinData', () => {
    expect(matches({ v: { $bitsAllSet: [0, 2] } }, { v: 5 })).toBe(true);
    expect(matches({ v: { $bitsAnyClear: 5 } }, { v: 5 })).toBe(false);
    expect(matches({ v: { $bitsAllSet: [63] } }, { v: -1 })).toBe(true);
    expect(matches({ v: { $bitsAnySet: [1] } }, { v: new Binary(Buffer.from([2])) })).toBe(true);
    expect(matches({ v: { $bitsAllSet: 1 } }, { v: 1.5 })).toBe(false);
  });

  it('answers $and, $or, $nor and $elemMatch on documents', () => {
    expect(matches({ $or: [{ a: 1 }, { b: 2 }] }, { b: 2 })).toBe(true);
    expect(matches({ $nor: [{ a: 1 }, { b: 2 }] }, { b: 2 })).toBe(false);
    expect(matches({ $and: [{ a: 1 }, { a: { $type: 'int' } }] }, { a: 1 })).toBe(true);
    expect(matches({ items: { $elemMatch: { k: 1, v: 2 } } }, { items: [{ k: 1, v: 1 }, { k: 2, v: 2 }] })).toBe(false);
    expect(matches({ items: { $elemMatch: { k: 2, v: 2 } } }, { items: [{ k: 1, v: 1 }, { k: 2, v: 2 }] })).toBe(true);
  });

  it('reports the array position it matched through', () => {
    const at = (filter: Record<string, unknown>, doc: Record<string, unknown>) => {
      const details: MatchDetails = {};
      compileMatcher(filter)(doc, details);
      return details.position;
    };
    expect(at({ 'items.k': 2 }, { items: [{ k: 1 }, { k: 2 }] })).toBe(1);
    expect(at({ tags: 'b' }, { tags: ['a', 'b'] })).toBe(1);
    expect(at({ $or: [{ x: 1 }, { tags: 'b' }] }, { tags: ['a', 'b'] })).toBe(1);
    expect(at({ tags: { $ne: 'a' } }, { tags: ['b'] })).toBeUndefined();
  });

  it('refuses malformed filters with MongoDB\'s code 2', () => {
    expect(() => compileMatcher({ a: { $frob: 1 } })).toThrow(expect.objectContaining({ code: 2 }));
    expect(() => compileMatcher({ $frob: [] })).toThrow(expect.objectContaining({ code: 2 }));
    expect(() => compileMatcher({ $or: [] })).toThrow(expect.objectContaining({ code: 2 }));
    expect(() => compileMatcher({ a: { $mod: [0, 1] } })).toThrow(/divisor cannot be 0/);
    expect(() => compileMatcher({ a: { $in: 5 } })).toThrow(/needs an array/);
  });
});
