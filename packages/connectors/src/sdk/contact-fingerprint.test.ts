import { normalizeContact } from '@sluice/graph';
import { describe, expect, it } from 'vitest';
import { contactFingerprint } from './contact-fingerprint';

const base = normalizeContact({ id: 'p1', email: 'ada@x.io', firstName: 'Ada', updatedAt: '2026-01-01T00:00:00.000Z' });

describe('contactFingerprint', () => {
  it('is the same whatever order custom keys come in, and differs when a value moves', () => {
    const sorted = contactFingerprint({ ...base, custom: { a: '1', b: 2, c: true } });
    expect(contactFingerprint({ ...base, custom: { c: true, a: '1', b: 2 } })).toBe(sorted);
    expect(contactFingerprint({ ...base, custom: { b: 2, c: true, a: '1' } })).toBe(sorted);
    expect(contactFingerprint({ ...base, custom: { a: 2, b: '1', c: true } })).not.toBe(sorted);
    expect(contactFingerprint({ ...base, custom: { a: '1', b: 2, c: true }, firstName: 'Ida' })).not.toBe(sorted);
  });
});
