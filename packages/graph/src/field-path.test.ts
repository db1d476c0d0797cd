import { describe, expect, it } from 'vitest';
import { compileGetter, getField, setField } from './field-path';

describe('getField', () => {
  const rec = { email: 'a@b.c', address: { city: 'Oslo' }, custom: { 'tier': 3 }, tags: ['x'] };
  it('reads top-level and nested dotted paths', () => {
    expect(getField(rec, 'email')).toBe('a@b.c');
    expect(getField(rec, 'address.city')).toBe('Oslo');
    expect(getField(rec, 'custom.tier')).toBe(3);
  });
  it('gives undefined for missing steps and non-objects', () => {
    expect(getField(rec, 'address.zip')).toBeUndefined();
    expect(getField(rec, 'email.length')).toBeUndefined();
    expect(getField(rec, 'deals.count')).toBeUndefined();
    expect(getField(null, 'a')).toBeUndefined();
  });
  it('does not read inherited properties', () => {
    expect(getField({}, 'constructor')).toBeUndefined();
    expect(getField({ a: {} }, 'a.toString')).toBeUndefined();
  });
  it('compiled getters agree with getField at every depth', () => {
    for (const p of ['email', 'address.city', 'address.zip', 'a.b.c', 'tags']) {
      expect(compileGetter(p)(rec)).toEqual(getField(rec, p));
    }
    expect(compileGetter('a.b.c')({ a: { b: { c: 1 } } })).toBe(1);
  });
});

describe('setField', () => {
  it('copies along the path and never mutates the input', () => {
    const rec = Object.freeze({ id: '1', address: Object.freeze({ city: 'Oslo', zip: '0150' }) });
    const out = setField(rec, 'address.city', 'Bergen');
    expect(out).toEqual({ id: '1', address: { city: 'Bergen', zip: '0150' } });
    expect(rec.address.city).toBe('Oslo');
  });
  it('creates missing objects on the way', () => {
    expect(setField({ id: '1' }, 'custom.tier', 2)).toEqual({ id: '1', custom: { tier: 2 } });
  });
  it('returns the same object when nothing changes', () => {
    const rec = { a: { b: 1 } };
    expect(setField(rec, 'a.b', 1)).toBe(rec);
    expect(setField(rec, 'a.c', undefined)).toBe(rec);
  });
  it('removes the key when set to undefined', () => {
    expect(setField({ a: { b: 1, c: 2 } }, 'a.b', undefined)).toEqual({ a: { c: 2 } });
  });
});
