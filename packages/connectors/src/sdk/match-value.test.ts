import { faker } from '@faker-js/faker';
import type { Contact } from '@sluice/graph';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { parsePhoneNumberFromString as parseWithMetadata } from 'libphonenumber-js/core';
import minMetadata from 'libphonenumber-js/min/metadata';
import { describe, expect, it } from 'vitest';
import { MAIN_COUNTRY_METADATA, groupByKey, matchValuesOf, normalizeEmailKey, normalizePhoneKey } from './match-value';

const c = (id: string, extra: Partial<Contact>): Contact => ({ id, tags: [], lists: [], custom: {}, updatedAt: '', ...extra });

describe('match values', () => {
  it('normalises emails and phones', () => {
    expect(normalizeEmailKey('  Ann@Example.COM ')).toBe('ann@example.com');
    expect(normalizeEmailKey('  ')).toBeUndefined();
    expect(normalizeEmailKey('Jose\u0301@example.com')).toBe('jos\u00e9@example.com');
    expect(normalizePhoneKey('+32 2 555 01 01')).toBe('+3225550101');
    expect(normalizePhoneKey('0032 2 555 01 01')).toBe('+3225550101');
    expect(normalizePhoneKey('555-0101')).toBe('5550101'); // no country: digits, so two spellings still meet
    expect(normalizePhoneKey('n/a')).toBeUndefined();
  });

  it('keys phones exactly as the full parse-and-validate rule does, E.164 spellings included', () => {
    // The rule spelled out without the shortcut for values already written as E.164.
    const reference = (value: string) => {
      if (value.trim() === '') return undefined;
      const parsed = parsePhoneNumberFromString(value.trim());
      if (parsed?.isValid()) return parsed.number;
      const digits = value.replace(/[^\d+]/g, '').replace(/(?!^)\+/g, '').replace(/^00/, '+');
      return digits.replace('+', '') === '' ? undefined : digits;
    };
    faker.seed(7);
    const values = [
      ...Array.from({ length: 300 }, () => faker.phone.number({ style: 'international' })),
      ...Array.from({ length: 100 }, () => faker.phone.number()),
      // a national prefix after the country code, too short, too long, no country, valid and not
      '+4402071234567', '+44020 7123 4567', '+1', '+12', '+0123456', '+999999999999', '+123456789012345678901',
      '+3225550101', '+32025550101', '+15005550006', '+14155552671', ' +14155552671 ', '+8613800138000', '+5491123456789',
    ];
    for (const v of values) expect(normalizePhoneKey(v), v).toBe(reference(v));
  });

  it('spells every number as E.164 the same with only the main country of each calling code', () => {
    // Numbers under every calling code, a fifth with a national prefix after it, 4 to 15 digits.
    const codes = Object.keys((minMetadata as unknown as { country_calling_codes: Record<string, string[]> }).country_calling_codes);
    expect(codes.length).toBeGreaterThan(200);
    faker.seed(11);
    let shared = 0;
    for (let i = 0; i < 100_000; i++) {
      const code = faker.helpers.arrayElement(codes);
      const digits = `${faker.datatype.boolean(0.2) ? '0' : ''}${faker.string.numeric({ length: { min: 4, max: 15 } })}`;
      const value = `+${code}${digits}`;
      const full = parsePhoneNumberFromString(value);
      if (full?.country && full.country !== parseWithMetadata(value, MAIN_COUNTRY_METADATA)?.country) shared++;
      expect(parseWithMetadata(value, MAIN_COUNTRY_METADATA)?.number, value).toBe(full?.number);
    }
    // The exact country did differ for some of them: the search that is skipped was not a no-op.
    expect(shared).toBeGreaterThan(100);
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
