import { describe, expect, it } from 'vitest';
import { sortedKeys } from './sorted-keys';

describe('sortedKeys', () => {
  it('gives the keys in the order sort() gives, whatever order they came in', () => {
    expect(sortedKeys({})).toEqual([]);
    expect(sortedKeys({ a: 1 })).toEqual(['a']);
    expect(sortedKeys({ a: 1, b: 2, c: 3 })).toEqual(['a', 'b', 'c']);
    expect(sortedKeys({ b: 1, a: 2 })).toEqual(['a', 'b']);
    expect(sortedKeys({ B: 1, a: 2 })).toEqual(['B', 'a']);
    expect(sortedKeys({ a: 1, B: 2 })).toEqual(['B', 'a']);
  });
});
