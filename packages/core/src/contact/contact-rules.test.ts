import { describe, expect, it } from 'vitest';
import { normalizeEmail } from './email';
import minMetadata from 'libphonenumber-js/min/metadata';
import { formatE164, MAIN_COUNTRY_METADATA, phoneIndexKey, phoneKey } from './phone';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { parsePhoneNumberFromString as parseWithMetadata } from 'libphonenumber-js/core';

// THE table for the email and phone rules. Until December 2026 Sluice had two email normalisers
// (engine `normalizeEmail`, connectors `normalizeEmailKey`; the store's `normalizeUserEmail` did not
// apply NFC) and three phone rules besides the screening of what is passed on (phone-text.test.ts):
// the engine's match key (valid numbers only, default country), the connectors' key (no default
// country; when invalid, the digits), and the graph's "format as E.164" (`+` and every digit, the
// extension included). Each row lists what the old ones gave where they disagreed, so the change is
// on record; `null` is "no key".

type Old = { engine: string | null; connectors: string | null; graph: string };
type PhoneRow = [input: string, country: string | undefined, key: string | null, formatted: string, old: Old];

const phones: PhoneRow[] = [
  // They agreed here.
  ['+32 2 555 01 01', undefined, '+3225550101', '+3225550101', { engine: '+3225550101', connectors: '+3225550101', graph: '+3225550101' }],
  ['(+32) 2 555 01 01', undefined, '+3225550101', '+3225550101', { engine: '+3225550101', connectors: '+3225550101', graph: '+3225550101' }],
  ['+32 2 555 01 01 (office)', undefined, '+3225550101', '+3225550101', { engine: '+3225550101', connectors: '+3225550101', graph: '+3225550101' }],
  ['n/a', undefined, null, 'n/a', { engine: null, connectors: null, graph: 'n/a' }],
  // A national number: the engine read it in the default country, the connectors kept its digits,
  // the graph prefixed them with "+" as if they started with a country code.
  ['02 555 01 01', 'BE', '+3225550101', '02 555 01 01', { engine: '+3225550101', connectors: '025550101', graph: '+025550101' }],
  ['02 555 01 01', undefined, null, '02 555 01 01', { engine: null, connectors: '025550101', graph: '+025550101' }],
  ['31 20 555 1234', undefined, null, '31 20 555 1234', { engine: null, connectors: '31205551234', graph: '+31205551234' }],
  // "00" as the international prefix: without a default country only the engine gave no key.
  ['0044 20 7946 0000', undefined, '+442079460000', '+442079460000', { engine: null, connectors: '+442079460000', graph: '+442079460000' }],
  ['0032 2 555 01 01', 'BE', '+3225550101', '+3225550101', { engine: '+3225550101', connectors: '+3225550101', graph: '+3225550101' }],
  // Australia dials out with 0011: read in the country, not as "00" + "11".
  ['0011 44 20 7946 0000', 'AU', '+442079460000', '0011 44 20 7946 0000', { engine: '+442079460000', connectors: '+11442079460000', graph: '+11442079460000' }],
  // Extensions: not part of the number (the graph appended their digits).
  ['+1 415 555 2671 x12', undefined, '+14155552671', '+14155552671', { engine: '+14155552671', connectors: '+14155552671', graph: '+1415555267112' }],
  ['+1 415 555 2671 ext. 12', undefined, '+14155552671', '+14155552671', { engine: '+14155552671', connectors: '+14155552671', graph: '+1415555267112' }],
  // A national "0" after the country code is dropped (the graph kept it).
  ['+44 020 7946 0000', undefined, '+442079460000', '+442079460000', { engine: '+442079460000', connectors: '+442079460000', graph: '+4402079460000' }],
  // Digits that make no valid number: no key (the connectors keyed their digits, the graph prefixed "+").
  ['555-0101', undefined, null, '555-0101', { engine: null, connectors: '5550101', graph: '+5550101' }],
  ['112', undefined, null, '112', { engine: null, connectors: '112', graph: '+112' }],
  ['+1234567', undefined, null, '+1234567', { engine: null, connectors: '+1234567', graph: '+1234567' }],
  ['+999999999999', undefined, null, '+999999999999', { engine: null, connectors: '+999999999999', graph: '+999999999999' }],
  // Two plus signs: not a number (the others glued the digits together).
  ['+1 +555 0101', undefined, null, '+1 +555 0101', { engine: null, connectors: '+15550101', graph: '+15550101' }],
  ['+49 +30 123', undefined, null, '+49 +30 123', { engine: null, connectors: '+4930123', graph: '+4930123' }],
  // Vanity numbers: the letters were dropped and the rest keyed. (Screening passes them on as written.)
  ['+1-800-FLOWERS', undefined, null, '+1-800-FLOWERS', { engine: null, connectors: '+1800', graph: '+1800' }],
  ['1-800-FLOWERS', 'US', null, '1-800-FLOWERS', { engine: null, connectors: '1800', graph: '+1800' }],
  // Blank: no key; the graph trimmed it to "".
  ['   ', undefined, null, '   ', { engine: null, connectors: null, graph: '' }],
];

describe('phoneKey and formatE164 (one rule)', () => {
  it.each(phones)('%j in %s keys as %j, formats as %j', (input, country, key, formatted) => {
    expect(phoneKey(input, country) ?? null).toBe(key);
    // The format action has no connection, so no default country: a national number stays as written.
    expect(formatE164(input)).toBe(formatted);
  });

  it('gives no key for what is not a string', () => {
    for (const v of [undefined, null, 3225550101, ['+3225550101']]) {
      expect(phoneKey(v)).toBeUndefined();
      expect(phoneIndexKey(v)).toBeUndefined();
    }
  });

  it.each(phones.filter(([, country, key]) => country === undefined && key !== null))('%j is indexed by connectors under its key', (input, _country, key) => {
    expect(phoneIndexKey(input)).toBe(key);
  });
});

// Numbers under every calling code, a fifth with a national prefix after it, 4 to 15 digits, from a
// fixed seed (mulberry32).
function numbersUnderEveryCode(count: number, seed: number): string[] {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const codes = Object.keys((minMetadata as unknown as { country_calling_codes: Record<string, string[]> }).country_calling_codes);
  expect(codes.length).toBeGreaterThan(200);
  return Array.from({ length: count }, () => {
    const code = codes[Math.floor(random() * codes.length)]!;
    const length = 4 + Math.floor(random() * 12);
    const digits = Array.from({ length }, () => Math.floor(random() * 10)).join('');
    return `+${code}${random() < 0.2 ? '0' : ''}${digits}`;
  });
}

describe('phoneIndexKey (connectors\' cheaper form of the rule)', () => {
  it('equals phoneKey wherever that is a key, so a lookup misses no match (40,000 numbers, seed 11)', { timeout: 60_000 }, () => {
    let keyed = 0;
    let shared = 0;
    for (const value of numbersUnderEveryCode(40_000, 11)) {
      const key = phoneKey(value);
      if (key !== undefined) {
        keyed++;
        expect(phoneIndexKey(value), value).toBe(key);
      }
      const full = parsePhoneNumberFromString(value);
      if (full?.country && full.country !== parseWithMetadata(value, MAIN_COUNTRY_METADATA)?.country) shared++;
    }
    // Both branches ran: many numbers are valid, and the exact-country search skipped was not a no-op.
    expect(keyed).toBeGreaterThan(400);
    expect(shared).toBeGreaterThan(40);
  });
});

// Email: the two normalisers agreed; the store's user emails skipped NFC and kept blank as "".
const emails: Array<[input: string, normalised: string | null]> = [
  ['  Ada@Example.COM ', 'ada@example.com'],
  ['Jos\u00e9@example.com', 'jos\u00e9@example.com'],
  ['Jose\u0301@example.com', 'jos\u00e9@example.com'],
  ['ada+news@example.com', 'ada+news@example.com'],
  ['a.da@gmail.com', 'a.da@gmail.com'],
  ['   ', null],
];

describe('normalizeEmail (one rule)', () => {
  it.each(emails)('%j → %j', (input, normalised) => {
    expect(normalizeEmail(input) ?? null).toBe(normalised);
  });

  it('gives nothing for what is not a string', () => {
    for (const v of [undefined, null, 42]) expect(normalizeEmail(v)).toBeUndefined();
  });
});
