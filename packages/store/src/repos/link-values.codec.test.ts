import { describe, expect, it } from 'vitest';
import { packLinkValues, unpackLinkValues } from './link-values.codec';

const roundTrip = (values: Record<string, unknown>) => unpackLinkValues(JSON.parse(JSON.stringify(packLinkValues(values))) as Record<string, unknown>);

describe('link values codec', () => {
  it('stores a value both sides share once, and reads it back under both keys', () => {
    const values = { 'a:email': 'x@y.z', 'b:email': 'x@y.z', 'a:tags': ['vip', 'eu'], 'b:tags': ['vip', 'eu'], 'a:score': 0, 'b:score': 0 };
    const packed = packLinkValues(values);
    expect(packed).toEqual({ '=email': 'x@y.z', '=tags': ['vip', 'eu'], '=score': 0 });
    expect(JSON.stringify(packed).length).toBeLessThan(JSON.stringify(values).length * 0.6);
    const back = roundTrip(values);
    expect(back).toEqual(values);
    // Two arrays, as two stored values would give: changing one side's leaves the other's alone.
    expect(back['a:tags']).not.toBe(back['b:tags']);
  });

  it('keeps values the sides hold differently, or only one side holds, under their own keys', () => {
    const values = {
      'a:email': 'x@y.z',
      'b:email': 'X@y.z',
      'a:phone': '+15550100',
      'b:company': 'Acme',
      'a:tags': ['vip'],
      'b:tags': ['vip', 'eu'],
      'a:n': 1,
      'b:n': '1',
      'a:blank': null,
      'b:blank': null,
    };
    // Only the two blanks are the same on both sides.
    const { 'a:blank': _a, 'b:blank': _b, ...different } = values;
    expect(packLinkValues(values)).toEqual({ ...different, '=blank': null });
    expect(roundTrip(values)).toEqual(values);
  });

  it('keeps objects and nested arrays per side, even when equal', () => {
    const values = { 'a:address': { city: 'Ghent' }, 'b:address': { city: 'Ghent' }, 'a:m': [['x']], 'b:m': [['x']] };
    expect(packLinkValues(values)).toEqual(values);
    expect(roundTrip(values)).toEqual(values);
  });

  it('reads values stored before packing as they were', () => {
    const old = { 'a:email': 'x@y.z', 'b:email': 'x@y.z', 'a:tags': [] };
    expect(unpackLinkValues(JSON.parse(JSON.stringify(old)) as Record<string, unknown>)).toEqual(old);
  });

  it('round-trips random values exactly', () => {
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pool: unknown[] = ['a', 'b', '', 0, 1, -1.5, true, false, null, ['x'], ['x', 'y'], [], { k: 1 }, [1, 'x', null]];
    for (let round = 0; round < 2000; round++) {
      const values: Record<string, unknown> = {};
      for (const path of ['email', 'firstName', 'address.city', 'custom.a:b', 'tags']) {
        const choice = rnd(4);
        const v = structuredClone(pool[rnd(pool.length)]);
        if (choice === 0 || choice === 1) values[`a:${path}`] = v;
        if (choice === 0 || choice === 2) values[`b:${path}`] = rnd(2) === 0 ? structuredClone(v) : structuredClone(pool[rnd(pool.length)]);
      }
      expect(roundTrip(values)).toEqual(JSON.parse(JSON.stringify(values)));
    }
  });
});
