import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal128, Double, Long, serialize } from 'bson';
import { copyValue } from '../bson/copy-value';
import { applyOperatorUpdate } from '../update/operator-update';
import { tryFastUpdate } from './fast-update';

const number = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom(2147483647, 0.5, new Double(2), Long.fromNumber(3), Long.fromString('9223372036854775807'), Decimal128.fromString('1.10')),
);
const value = fc.oneof(number, fc.constantFrom('a', 'b', 'z', '\u{1F600}', '\uFF21'), fc.constant(null), fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }));
const doc = fc.record(
  { a: value, b: value, c: fc.oneof(fc.record({ d: value }, { requiredKeys: [] }), value) },
  { requiredKeys: [] },
);
const path = fc.constantFrom('a', 'b', 'c.d', 'e', 'e.f');
const op = fc.oneof(
  fc.record({ op: fc.constant('$set'), arg: value }),
  fc.record({ op: fc.constant('$unset'), arg: fc.constant('') }),
  fc.record({ op: fc.constant('$inc'), arg: fc.oneof(fc.integer({ min: -3, max: 3 }), number) }),
  fc.record({ op: fc.constantFrom('$min', '$max'), arg: fc.oneof(number, fc.constantFrom('a', 'm', '\uFFFF', '\u{10000}')) }),
  fc.record({ op: fc.constantFrom('$push', '$addToSet'), arg: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.record({ $each: fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }) })) }),
);

describe('tryFastUpdate', () => {
  it('gives the full update\'s document, byte for byte, on every update it accepts', () => {
    fc.assert(
      fc.property(doc, fc.array(fc.tuple(path, op), { minLength: 1, maxLength: 3 }), (d, ops) => {
        const modifier: Record<string, Record<string, unknown>> = {};
        for (const [p, o] of ops) (modifier[o.op] ??= {})[p] = o.arg;
        const fast = copyValue(d) as Record<string, unknown>;
        const full = copyValue(d) as Record<string, unknown>;
        const changed = tryFastUpdate(fast, modifier, false);
        if (changed === undefined) {
          expect(serialize(fast)).toEqual(serialize(d)); // declined: untouched
          return;
        }
        let fullChanged: boolean;
        try {
          fullChanged = applyOperatorUpdate(full, modifier);
        } catch {
          throw new Error(`the fast path accepted an update the full one refuses: ${JSON.stringify(modifier)}`);
        }
        expect(Buffer.from(serialize(fast)).equals(Buffer.from(serialize(full)))).toBe(true);
        expect(changed).toBe(fullChanged);
      }),
      { numRuns: 3000 },
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
