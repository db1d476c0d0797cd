import type { Contact } from '@sluice/graph';
import { describe, expect, it } from 'vitest';
import { groupByKey, matchValuesOf, normalizeKeyValue } from './match-value';

const c = (id: string, extra: Partial<Contact>): Contact => ({ id, tags: [], lists: [], custom: {}, updatedAt: '', ...extra });

// The rules themselves are tabled in @sluice/core (contact-rules.test.ts); this is how a connector applies them.
describe('match values', () => {
  it('normalises looked-up values by the one rule, without a default country', () => {
    expect(normalizeKeyValue('email', '  Ann@Example.COM ')).toBe('ann@example.com');
    expect(normalizeKeyValue('phone', '0032 2 555 01 01')).toBe('+3225550101');
    expect(normalizeKeyValue('phone', '02 555 01 01')).toBeUndefined();
    expect(normalizeKeyValue('phone', '555-0101')).toBeUndefined();
    expect(normalizeKeyValue('phone', '+1234567')).toBe('+1234567'); // spelled E.164: indexed as spelled
  });

  it('offers phone and mobile for the phone key', () => {
    expect(matchValuesOf(c('a', { phone: '+1 415 555 2671', mobile: '+14155552671' }), 'phone')).toEqual(['+14155552671']);
    expect(matchValuesOf(c('a', {}), 'email')).toEqual([]);
  });

  it('groups records under each value as the caller spelled it', () => {
    const recs = [c('a', { email: 'A@x.com' }), c('b', { email: 'b@x.com' })];
    const out = groupByKey('email', ['a@X.com', 'a@x.com', 'none@x.com'], recs);
    expect(out.get('a@X.com')!.map((r) => r.id)).toEqual(['a']);
    expect(out.get('a@x.com')!.map((r) => r.id)).toEqual(['a']);
    expect(out.get('none@x.com')).toEqual([]);
  });
});
