import { describe, expect, it } from 'vitest';
import { Double, Int32, Long, serialize } from 'bson';
import { applyOperatorUpdate } from './operator-update';

type Doc = Record<string, unknown>;
function updated(doc: Doc, u: Doc, opts: Parameters<typeof applyOperatorUpdate>[2] = {}): Doc {
  applyOperatorUpdate(doc, u, opts);
  return doc;
}

describe('applyOperatorUpdate (manual: Update Operators, https://www.mongodb.com/docs/manual/reference/operator/update/)', () => {
  it('appends new fields in field-name order, whatever the order of the update (MongoDB 5.0+)', () => {
    const doc = updated({ _id: 1 }, { $set: { z: 1, 'm.b': 1, 'm.a': 1 }, $inc: { a: 1 } });
    expect(Object.keys(doc)).toEqual(['_id', 'a', 'm', 'z']);
    expect(Object.keys(doc.m as Doc)).toEqual(['a', 'b']);
  });

  it('resolves $, $[] and $[id] with arrayFilters (manual: $[<identifier>])', () => {
    const base = () => ({ _id: 1, grades: [{ g: 80, n: 1 }, { g: 95, n: 2 }, { g: 90, n: 3 }] });
    expect(updated(base(), { $set: { 'grades.$.n': 0 } }, { query: { 'grades.g': 95 } }).grades).toEqual([{ g: 80, n: 1 }, { g: 95, n: 0 }, { g: 90, n: 3 }]);
    expect((updated(base(), { $inc: { 'grades.$[].n': 10 } }).grades as Doc[]).map((g) => g.n)).toEqual([11, 12, 13]);
    const filtered = updated(base(), { $set: { 'grades.$[hi].n': -1 } }, { arrayFilters: [{ 'hi.g': { $gte: 90 } }] });
    expect((filtered.grades as Doc[]).map((g) => g.n)).toEqual([1, -1, -1]);
    expect(() => applyOperatorUpdate(base(), { $set: { 'grades.$.n': 0 } }, { query: { _id: 1 } })).toThrow(/positional operator did not find the match/);
    expect(() => applyOperatorUpdate(base(), { $set: { x: 1 } }, { arrayFilters: [{ 'u.g': 1 }] })).toThrow(expect.objectContaining({ code: 9 }));
  });

  it('renames, moving the value to the end', () => {
    expect(updated({ _id: 1, a: 1, b: 2 }, { $rename: { a: 'c' } })).toEqual({ _id: 1, b: 2, c: 1 });
    expect(Object.keys(updated({ _id: 1, a: 1, b: 2 }, { $rename: { a: 'b' } }))).toEqual(['_id', 'b']);
    expect(() => applyOperatorUpdate({ _id: 1, a: 1 }, { $rename: { a: 'a.b' } })).toThrow(expect.objectContaining({ code: 2 }));
  });

  it('pushes with $each, $position, $sort and $slice; pops; pulls values and conditions', () => {
    expect(updated({ _id: 1, v: [5, 1] }, { $push: { v: { $each: [3, 9], $sort: -1, $slice: 3 } } }).v).toEqual([9, 5, 3]);
    expect(updated({ _id: 1, v: [1, 2] }, { $push: { v: { $each: [0], $position: 0 } } }).v).toEqual([0, 1, 2]);
    expect(updated({ _id: 1, v: [1, 2, 3] }, { $pop: { v: -1 } }).v).toEqual([2, 3]);
    expect(updated({ _id: 1, v: [1, 5, 8] }, { $pull: { v: { $gte: 5 } } }).v).toEqual([1]);
    expect(updated({ _id: 1, v: [{ k: 1, x: 1 }, { k: 2 }] }, { $pull: { v: { k: 1 } } }).v).toEqual([{ k: 2 }]);
    expect(updated({ _id: 1, v: [1, Long.fromNumber(1), 2] }, { $pullAll: { v: [1] } }).v).toEqual([2]);
    expect(updated({ _id: 1, v: [new Double(1)] }, { $addToSet: { v: { $each: [1, 2] } } }).v).toEqual([new Double(1), 2]);
  });

  it('applies $bit with the integer types', () => {
    expect(updated({ _id: 1, v: 13 }, { $bit: { v: { and: 10 } } }).v).toBe(8);
    expect(updated({ _id: 1, v: new Int32(1) }, { $bit: { v: { or: Long.fromNumber(4) } } }).v).toEqual(Long.fromNumber(5));
    expect(() => applyOperatorUpdate({ _id: 1, v: 1.5 }, { $bit: { v: { and: 1 } } })).toThrow(expect.objectContaining({ code: 2 }));
  });

  it('refuses conflicts, non-numeric increments, growing non-arrays and a changed _id with MongoDB\'s codes', () => {
    expect(() => applyOperatorUpdate({ _id: 1 }, { $set: { a: 1, 'a.b': 2 } })).toThrow(expect.objectContaining({ code: 40 }));
    expect(() => applyOperatorUpdate({ _id: 1, a: 'x' }, { $inc: { a: 1 } })).toThrow(expect.objectContaining({ code: 14 }));
    expect(() => applyOperatorUpdate({ _id: 1 }, { $inc: { a: 'x' } })).toThrow(expect.objectContaining({ code: 14 }));
    expect(() => applyOperatorUpdate({ _id: 1, a: 5 }, { $push: { a: 1 } })).toThrow(expect.objectContaining({ code: 2 }));
    expect(() => applyOperatorUpdate({ _id: 1, a: 5 }, { $set: { 'a.b': 1 } })).toThrow(expect.objectContaining({ code: 28 }));
    expect(() => applyOperatorUpdate({ _id: 1 }, { $set: { _id: 2 } })).toThrow(expect.objectContaining({ code: 66 }));
    expect(() => applyOperatorUpdate({ _id: 1 }, { $set: { 'a..b': 2 } })).toThrow(expect.objectContaining({ code: 56 }));
  });

  it('leaves every value it does not name byte for byte as it was', () => {
    const doc = { _id: 1, d: new Double(10), l: Long.fromNumber(2), nested: { d: new Double(-0) } };
    const before = Buffer.from(serialize(doc));
    applyOperatorUpdate(doc, { $set: { x: 1 } });
    delete (doc as Doc).x;
    expect(Buffer.from(serialize(doc)).equals(before)).toBe(true);
  });
});
