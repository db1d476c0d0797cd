import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Binary, Decimal128, Double, Long, ObjectId } from 'bson';
import { compareValues } from '../bson/value-order';
import { anyNumber, anyValue } from '../bson/typed-values.arbitrary';
import { EMPTY_ARRAY, encodeKeyValue, extractIndexKeys, valuesAtPath } from './index-key.codec';

const cmp = (a: Buffer, b: Buffer) => Buffer.compare(a, b);

describe('encodeKeyValue', () => {
  it('orders numbers like numbers', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), fc.double({ noNaN: true }), (a, b) => {
        const c = Math.sign(cmp(encodeKeyValue(a), encodeKeyValue(b)));
        expect(c).toBe(a < b ? -1 : a > b ? 1 : 0);
      }),
    );
  });

  it('orders strings by their UTF-8 bytes, NUL characters included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        const c = Math.sign(cmp(encodeKeyValue(a), encodeKeyValue(b)));
        expect(c).toBe(Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
      }),
    );
  });

  it('gives all numeric BSON kinds one key', () => {
    const k = encodeKeyValue(5);
    expect(encodeKeyValue(Long.fromNumber(5)).equals(k)).toBe(true);
    expect(encodeKeyValue(Decimal128.fromString('5')).equals(k)).toBe(true);
  });

  it('keeps MongoDB type bracket order', () => {
    const ordered = [null, -1, 3, 'a', { a: 1 }, new ObjectId(), false, true, new Date(0)];
    const keys = ordered.map(encodeKeyValue);
    for (let i = 1; i < keys.length; i++) expect(cmp(keys[i - 1]!, keys[i]!)).toBeLessThan(0);
  });

  it('orders dates in time order', () => {
    expect(cmp(encodeKeyValue(new Date(-5)), encodeKeyValue(new Date(10)))).toBeLessThan(0);
  });
});

describe('encodeKeyValue against MongoDB\'s order (manual: Comparison/Sort Order)', () => {
  it('orders keys exactly as compareValues orders values, and gives equal values equal keys', () => {
    fc.assert(
      fc.property(anyValue, anyValue, (a, b) => {
        expect(Math.sign(cmp(encodeKeyValue(a), encodeKeyValue(b)))).toBe(Math.sign(compareValues(a, b)));
      }),
      { numRuns: 5000 },
    );
  });

  it('orders numbers of all four types exactly, Int64 beyond 2^53 and decimals included', () => {
    fc.assert(
      fc.property(anyNumber, anyNumber, (a, b) => {
        expect(Math.sign(cmp(encodeKeyValue(a), encodeKeyValue(b)))).toBe(Math.sign(compareValues(a, b)));
      }),
      { numRuns: 5000 },
    );
    const key = (s: string) => encodeKeyValue(Long.fromString(s));
    expect(cmp(key('4611686018427387905'), key('4611686018427387904'))).toBeGreaterThan(0);
    expect(cmp(key('4611686018427387905'), encodeKeyValue(2 ** 62))).toBeGreaterThan(0);
    expect(encodeKeyValue(Decimal128.fromString('1.10')).equals(encodeKeyValue(Decimal128.fromString('1.1')))).toBe(true);
    expect(encodeKeyValue(Decimal128.fromString('5.00')).equals(encodeKeyValue(new Double(5)))).toBe(true);
  });

  it('tells BinData of another subtype apart', () => {
    expect(encodeKeyValue(new Binary(Buffer.from([1]), 0)).equals(encodeKeyValue(new Binary(Buffer.from([1]), 4)))).toBe(false);
  });
});

describe('index keys of documents', () => {
  it('descends into arrays like a multikey index', () => {
    expect(valuesAtPath({ a: [{ b: 1 }, { b: [2, 3] }] }, 'a.b')).toEqual([1, 2, 3]);
    expect(valuesAtPath({ a: 1 }, 'x.y')).toEqual([undefined]);
  });

  it('makes one key per array element combination, deduplicated', () => {
    expect(extractIndexKeys({ tags: ['x', 'y', 'x'], n: 1 }, ['tags', 'n'])).toHaveLength(2);
  });

  it('reads top-level fields the same way as dotted paths (the shortcut agrees with the walk)', () => {
    expect(valuesAtPath({ a: [1, 2] }, 'a')).toEqual([1, 2]);
    expect(valuesAtPath({ a: [] }, 'a')).toEqual([EMPTY_ARRAY]);
    expect(valuesAtPath({ x: { a: [] } }, 'x.a')).toEqual([EMPTY_ARRAY]);
    expect(valuesAtPath({ a: 3 }, 'b')).toEqual([undefined]);
    expect(valuesAtPath([{ a: 1 }, { a: 2 }], 'a')).toEqual([1, 2]);
  });

  it('builds a compound key of scalars as the concatenation of its parts', () => {
    const [key] = extractIndexKeys({ w: 'ws', n: 2, at: new Date(5) }, ['w', 'n', 'at']);
    expect(key).toEqual(Buffer.concat([encodeKeyValue('ws'), encodeKeyValue(2), encodeKeyValue(new Date(5))]));
  });
});
