import { describe, expect, it } from 'vitest';
import { matchValue, normalizeEmail, normalizePhone } from './match-key';

describe('match keys', () => {
  it('compares emails trimmed and lower-cased', () => {
    expect(normalizeEmail('  Ada@Example.COM ')).toBe('ada@example.com');
    expect(normalizeEmail('   ')).toBeUndefined();
  });
  it('compares emails in one Unicode form (precomposed or combining accents match)', () => {
    expect(normalizeEmail('Jos\u00e9@example.com')).toBe(normalizeEmail('Jose\u0301@example.com'));
  });
  it('reads phones as E.164, with a default country for national numbers', () => {
    expect(normalizePhone('+32 2 555 01 01')).toBe('+3225550101');
    expect(normalizePhone('02 555 01 01', 'BE')).toBe('+3225550101');
    expect(normalizePhone('02 555 01 01')).toBeUndefined();
    expect(normalizePhone('not a phone', 'BE')).toBeUndefined();
  });
  it('falls back to the mobile number for the phone key', () => {
    const r = { id: '1', mobile: '+44 7911 123456', tags: [], lists: [], custom: {}, updatedAt: '' };
    expect(matchValue(r, 'phone')).toBe('+447911123456');
    expect(matchValue(r, 'email')).toBeUndefined();
  });
});
