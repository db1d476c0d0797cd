import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { parsePhoneNumberFromString as parseWithMetadata, type MetadataJson } from 'libphonenumber-js/core';
import minMetadata from 'libphonenumber-js/min/metadata';

/** `+` and 1–20 digits, nothing else. */
const E164_SPELLING = /^\+\d{1,20}$/;

/**
 * libphonenumber-js's own metadata with each calling code naming only its main country (`1`: US
 * only, not the 24 other countries sharing it). A full parse of `+1…` looks for which of those
 * countries the number belongs to, testing each one's patterns with a RegExp built per test: most of
 * a US number's cost. The E.164 spelling does not depend on that country (the national number is read
 * with the main country's rules either way). Exported for the test that compares both.
 */
export const MAIN_COUNTRY_METADATA: MetadataJson = (() => {
  const m = minMetadata as MetadataJson & { country_calling_codes: Record<string, string[]> };
  const codes: Record<string, string[]> = {};
  for (const [code, countries] of Object.entries(m.country_calling_codes)) codes[code] = countries.slice(0, 1);
  return { ...m, country_calling_codes: codes } as MetadataJson;
})();

/**
 * THE phone rule, for matching and for the graph's "format as E.164": a value is a phone number when
 * libphonenumber reads it as a valid one, and then it is spelled E.164 (`+3225550101`); anything else
 * has no phone key (undefined). What it reads:
 * - a leading `+` is the country code (`+32 2 555 01 01`);
 * - without `+`, a national number in `defaultCountry` (`02 555 01 01` in BE); when that reading gives
 *   no valid number, a leading `00` is read as the international prefix (`0044 20 7946 0000`), so
 *   the common European spelling keys the same with or without a default country;
 * - extensions (`x12`, `ext. 12`) and surrounding words (`(office)`) are not part of the key: the
 *   number inside the text is what is compared. Whether such a value is passed on at all is
 *   `screenPhone`'s decision (phone-text.ts), not this one;
 * - digits that make no valid number (`555-0101` with no country, `+1 +555`, `n/a`) give no key: two
 *   people are never matched on something that is not a phone number.
 * Pure.
 * @example phoneKey('02 555 01 01', 'BE') // '+3225550101'
 */
export function phoneKey(value: unknown, defaultCountry?: string): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  const parsed = parsePhoneNumberFromString(trimmed, defaultCountry as CountryCode | undefined);
  if (parsed?.isValid()) return parsed.number;
  if (!trimmed.startsWith('00')) return undefined;
  const international = parsePhoneNumberFromString(`+${trimmed.slice(2)}`);
  return international?.isValid() ? international.number : undefined;
}

/**
 * What a connector indexes a record's phone under, to find candidates for a lookup by
 * {@link phoneKey} values (connectors know no default country). It equals `phoneKey(value)` whenever
 * that is a key, so a lookup misses no match. For a value already spelled E.164 (`+` and digits) it
 * skips the validity check and the search for the exact country (most of a number's cost) and gives
 * the E.164 spelling even when the number is not valid: such a candidate (`+2640084191568` found
 * for `+26484191568`) is dropped when the engine keys every candidate again by the rule. A test
 * compares it with {@link phoneKey} on 40,000 numbers. Pure.
 */
export function phoneIndexKey(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (E164_SPELLING.test(trimmed)) {
    const spelled = parseWithMetadata(trimmed, MAIN_COUNTRY_METADATA)?.number;
    if (spelled !== undefined) return spelled;
  }
  return phoneKey(trimmed);
}

/**
 * The graph's "format as E.164": the {@link phoneKey} spelling when the value is a valid number,
 * else the value as written (a format never invents a country code nor loses what the user typed).
 * Pure.
 * @example formatE164('+1 (415) 555-2671') // '+14155552671'
 */
export function formatE164(value: string): string {
  return phoneKey(value) ?? value;
}
