import { describe, expect, it } from 'vitest';
import { ObjectId } from 'bson';
import { applyUpdate, upsertDocument } from './apply-update';

describe('applyUpdate', () => {
  it('applies operators and reports no change when nothing changed', () => {
    const doc = { _id: 1, n: 1, tags: ['a'] };
    expect(applyUpdate(doc, { $inc: { n: 2 }, $addToSet: { tags: 'b' } })).toEqual({ _id: 1, n: 3, tags: ['a', 'b'] });
    expect(applyUpdate({ _id: 1, n: 1 }, { $set: { n: 1 } })).toBeUndefined();
  });

  it('ignores $setOnInsert on update and applies it on insert', () => {
    expect(applyUpdate({ _id: 1, a: 1 }, { $setOnInsert: { b: 1 } })).toBeUndefined();
    expect(upsertDocument({ email: 'x' }, { $set: { a: 1 }, $setOnInsert: { createdAt: 5 } })).toMatchObject({
      email: 'x',
      a: 1,
      createdAt: 5,
    });
  });

  it('replaces documents but keeps _id, and refuses to change _id', () => {
    expect(applyUpdate({ _id: 1, a: 1 }, { b: 2 })).toEqual({ _id: 1, b: 2 });
    expect(() => applyUpdate({ _id: 1 }, { _id: 2, b: 2 })).toThrow(/immutable/);
    expect(() => applyUpdate({ _id: 1 }, { $set: { _id: 2 } })).toThrow(/immutable/);
  });

  it('names unknown operators and conflicting paths with MongoDB codes', () => {
    expect(() => applyUpdate({ _id: 1 }, { $frob: { a: 1 } })).toThrow(expect.objectContaining({ code: 9 }));
    expect(() => applyUpdate({ _id: 1, a: 1 }, { $set: { a: 1 }, $inc: { a: 1 } })).toThrow(expect.objectContaining({ code: 40 }));
  });

  it('builds upserted documents from equality filters with _id first', () => {
    const doc = upsertDocument({ 'address.city': 'Ghent', n: { $gt: 1 }, $and: [{ k: 'v' }] }, { $inc: { c: 1 } });
    expect(Object.keys(doc)[0]).toBe('_id');
    expect(doc._id).toBeInstanceOf(ObjectId);
    expect(doc).toMatchObject({ address: { city: 'Ghent' }, k: 'v', c: 1 });
    expect(doc).not.toHaveProperty('n');
  });

  it('upserts with `_id` beside `$or` (a lease filter) instead of calling it an `_id` change', () => {
    expect(upsertDocument({ _id: 'lease-1', $or: [{ owner: 'w1' }, { expiresAt: { $lte: 5 } }] }, { $set: { owner: 'w1' } })).toEqual({
      _id: 'lease-1',
      owner: 'w1',
    });
    expect(upsertDocument({ _id: 'k', a: 1 }, { $setOnInsert: { b: 2 } })).toEqual({ _id: 'k', a: 1, b: 2 });
  });
});
