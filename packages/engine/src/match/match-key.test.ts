import { describe, expect, it } from 'vitest';
import { matchValue } from './match-key';

// The rules themselves are tabled in @sluice/core (contact-rules.test.ts); this is how a record offers them.
describe('match keys', () => {
  const r = (extra: object) => ({ id: '1', tags: [], lists: [], custom: {}, updatedAt: '', ...extra });
  it('keys the email by the one email rule', () => {
    expect(matchValue(r({ email: '  Ada@Example.COM ' }), 'email')).toBe('ada@example.com');
    expect(matchValue(r({ email: '   ' }), 'email')).toBeUndefined();
  });
  it('reads national phone numbers in the default country', () => {
    expect(matchValue(r({ phone: '02 555 01 01' }), 'phone', 'BE')).toBe('+3225550101');
    expect(matchValue(r({ phone: '02 555 01 01' }), 'phone')).toBeUndefined();
  });
  it('falls back to the mobile number for the phone key', () => {
    const m = r({ phone: 'not a phone', mobile: '+44 7911 123456' });
    expect(matchValue(m, 'phone')).toBe('+447911123456');
    expect(matchValue(m, 'email')).toBeUndefined();
  });
});
