import { normalizeContact } from '@sluice/graph';
import { describe, expect, it } from 'vitest';
import { contentHash } from './content-hash';

const base = normalizeContact({ id: 'a1', email: 'ada@x.io', firstName: 'Ada', tags: ['vip'], updatedAt: '2026-01-01T00:00:00.000Z' });

describe('contentHash', () => {
  it('does not depend on the order of custom keys, nor on updatedAt', () => {
    const one = contentHash({ ...base, custom: { b: '2', a: '1', c: 3 } }, 's');
    expect(contentHash({ ...base, custom: { a: '1', b: '2', c: 3 } }, 's')).toBe(one);
    expect(contentHash({ ...base, custom: { c: 3, b: '2', a: '1' } }, 's')).toBe(one);
    expect(contentHash({ ...base, custom: { c: 3, b: '2', a: '1' }, updatedAt: '2026-02-01T00:00:00.000Z' }, 's')).toBe(one);
  });

  it('changes with any value, a custom key moved to another value, or the salt', () => {
    const one = contentHash({ ...base, custom: { a: '1', b: '2' } }, 's');
    expect(contentHash({ ...base, custom: { a: '2', b: '1' } }, 's')).not.toBe(one);
    expect(contentHash({ ...base, custom: { a: '1', b: '2' }, tags: ['vip', 'x'] }, 's')).not.toBe(one);
    expect(contentHash({ ...base, custom: { a: '1', b: '2' } }, 't')).not.toBe(one);
  });
});
