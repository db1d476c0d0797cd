import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { update as mingoUpdate } from 'mingo';
import { tryFastUpdate } from './fast-update';

const value = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constantFrom('a', 'b', 'z'), fc.constant(null), fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }));
const doc = fc.record(
  { a: value, b: value, c: fc.oneof(fc.record({ d: value }, { requiredKeys: [] }), value) },
  { requiredKeys: [] },
);
const path = fc.constantFrom('a', 'b', 'c.d', 'e', 'e.f');
const op = fc.oneof(
  fc.record({ op: fc.constant('$set'), arg: value }),
  fc.record({ op: fc.constant('$unset'), arg: fc.constant('') }),
  fc.record({ op: fc.constant('$inc'), arg: fc.integer({ min: -3, max: 3 }) }),
  fc.record({ op: fc.constantFrom('$min', '$max'), arg: fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constantFrom('a', 'm')) }),
  fc.record({ op: fc.constantFrom('$push', '$addToSet'), arg: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.record({ $each: fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }) })) }),
);

describe('tryFastUpdate', () => {
  // Arrays and $each lists are duplicate-free: with duplicates mingo's $addToSet departs from mongod
  // (it drops or dedupes existing elements), and the fast path follows mongod.
  it('agrees with mingo on every update it accepts', () => {
    fc.assert(
      fc.property(doc, fc.array(fc.tuple(path, op), { minLength: 1, maxLength: 3 }), (d, ops) => {
        const modifier: Record<string, Record<string, unknown>> = {};
        for (const [p, o] of ops) (modifier[o.op] ??= {})[p] = o.arg;
        const fast = structuredClone(d) as Record<string, unknown>;
        const slow = structuredClone(d) as Record<string, unknown>;
        const changed = tryFastUpdate(fast, modifier, false);
        if (changed === undefined) {
          expect(fast).toEqual(d); // declined: untouched
          return;
        }
        let slowChanged: string[];
        try {
          slowChanged = mingoUpdate(slow, modifier);
        } catch {
          return; // mingo rejects it; the fast path never sees such shapes from clients that mongod accepts
        }
        expect(fast).toEqual(slow);
        expect(changed).toBe(slowChanged.length > 0);
      }),
      { numRuns: 2000 },
    );
  });

  it('declines positional paths, paths through arrays and _id', () => {
    expect(tryFastUpdate({ a: [{ b: 1 }] }, { $set: { 'a.$.b': 2 } }, false)).toBeUndefined();
    expect(tryFastUpdate({ a: [{ b: 1 }] }, { $set: { 'a.b': 2 } }, false)).toBeUndefined();
    expect(tryFastUpdate({ _id: 1 }, { $set: { _id: 2 } }, false)).toBeUndefined();
    expect(tryFastUpdate({ a: 1 }, { $set: { a: 1 }, $inc: { a: 1 } }, false)).toBeUndefined();
  });

  it('keeps duplicates already in an array on $addToSet, as mongod does', () => {
    const d = { tags: ['a', 'a'] };
    expect(tryFastUpdate(d, { $addToSet: { tags: 'a' } }, false)).toBe(false);
    expect(tryFastUpdate(d, { $addToSet: { tags: 'b' } }, false)).toBe(true);
    expect(d.tags).toEqual(['a', 'a', 'b']);
  });

  it('applies $setOnInsert only when inserting', () => {
    const d: Record<string, unknown> = {};
    expect(tryFastUpdate(d, { $setOnInsert: { x: 1 } }, false)).toBe(false);
    expect(tryFastUpdate(d, { $setOnInsert: { x: 1 } }, true)).toBe(true);
    expect(d).toEqual({ x: 1 });
  });
});
