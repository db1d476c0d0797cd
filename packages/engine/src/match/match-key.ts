import type { Contact } from '@sluice/graph';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { MatchKey } from '../ports/connector.port';

/** Email as compared for matching: trimmed, lower-cased and NFC-normalised; blank → undefined. Pure. */
export function normalizeEmail(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  // NFC: "josé" typed precomposed or as "e" + combining accent is one address, not two people.
  const v = value.trim().toLowerCase().normalize('NFC');
  return v === '' ? undefined : v;
}

/**
 * Phone as compared for matching: E.164 (`+3225550101`); numbers without `+` are read in
 * `defaultCountry`. Unparseable → undefined. Pure.
 */
export function normalizePhone(value: unknown, defaultCountry?: string): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const parsed = parsePhoneNumberFromString(value, defaultCountry as CountryCode | undefined);
  return parsed?.isValid() ? parsed.number : undefined;
}

/** The normalised value of a match key on a record (`phone` falls back to `mobile`). Pure. */
export function matchValue(record: Contact, key: MatchKey, defaultCountry?: string): string | undefined {
  if (key === 'email') return normalizeEmail(record.email);
  return normalizePhone(record.phone, defaultCountry) ?? normalizePhone(record.mobile, defaultCountry);
}
