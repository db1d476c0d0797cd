import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Double, Long, ObjectId } from 'bson';
import { compileMatcher } from '../query/filter.matcher';
import { compileFilter } from './simple-filter';

const ids = [new ObjectId('000000000000000000000001'), new ObjectId('000000000000000000000002')];
const scalar = fc.oneof(
  fc.integer({ min: -2, max: 2 }),
  fc.constantFrom(0.5, NaN, new Double(1), Long.fromString('9007199254740993')),
  fc.constantFrom('a', 'b', 'B', '', '\u{1F600}', '\uFF21'),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(new Date(0), new Date(1)),
  fc.constantFrom(...ids),
);
// decoded BSON documents are ordinary objects (fast-check's optional records have no prototype)
const obj = <T>(arb: fc.Arbitrary<T>) => arb.map((o) => ({ ...o }));
const sub = obj(fc.record({ b: scalar }, { requiredKeys: [] }));
const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), sub, fc.array(sub, { maxLength: 2 }));
const doc = obj(fc.record({ a: value, c: value }, { requiredKeys: [] }));
const path = fc.constantFrom('a', 'c', 'a.b', 'a.0', 'z');
const cond = fc.oneof(
  scalar,
  fc.record({ op: fc.constantFrom('$eq', '$ne', '$gt', '$gte', '$lt', '$lte'), arg: scalar }).map(({ op, arg }) => ({ [op]: arg })),
  fc.record({ op: fc.constantFrom('$in', '$nin'), arg: fc.array(scalar, { maxLength: 8 }) }).map(({ op, arg }) => ({ [op]: arg })),
  fc.boolean().map((b) => ({ $exists: b })),
);
const filter = fc.dictionary(path, cond, { maxKeys: 3 });

describe('compileFilter', () => {
  it('answers exactly as the full matcher does', () => {
    fc.assert(
      fc.property(doc, filter, fc.boolean(), (d, f, wrap) => {
        const q = wrap ? { $and: [f, {}].filter((x) => Object.keys(x).length > 0) } : f;
        if (wrap && (q.$and as unknown[]).length === 0) return;
        expect(compileFilter(q)(d)).toBe(compileMatcher(q)(d));
      }),
      { numRuns: 3000 },
    );
  });

  it('hands filters it does not know to the full matcher', () => {
    expect(compileFilter({ $or: [{ a: 1 }, { b: 2 }] })({ b: 2 })).toBe(true);
    expect(compileFilter({ a: /x/ })({ a: 'yxz' })).toBe(true);
    expect(compileFilter({ a: { $size: 2 } })({ a: [1, 2] })).toBe(true);
  });
});
