import { normalizeEmail, phoneKey } from '@sluice/core';
import type { Contact } from '@sluice/graph';
import type { MatchKey } from '../ports/connector.port';

/**
 * The normalised value of a match key on a record, by the one email and phone rules of
 * `@sluice/core` (`phone` falls back to `mobile`; numbers without `+` are read in `defaultCountry`). Pure.
 */
export function matchValue(record: Contact, key: MatchKey, defaultCountry?: string): string | undefined {
  if (key === 'email') return normalizeEmail(record.email);
  return phoneKey(record.phone, defaultCountry) ?? phoneKey(record.mobile, defaultCountry);
}
