import type { Contact } from '@sluice/graph';
import type { MatchKey } from '@sluice/engine';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { parsePhoneNumberFromString as parseWithMetadata, type MetadataJson } from 'libphonenumber-js/core';
import minMetadata from 'libphonenumber-js/min/metadata';

/** Email as matched: trimmed, lower-cased, NFC-normalised; blank → undefined. Pure. */
export function normalizeEmailKey(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  // NFC: "josé" typed precomposed or as "e" + combining accent is one address, not two people.
  const v = value.trim().toLowerCase().normalize('NFC');
  return v === '' ? undefined : v;
}

/** `+` and 1–20 digits, nothing else. */
const E164_SPELLING = /^\+\d{1,20}$/;

/**
 * libphonenumber-js's own metadata with each calling code naming only its main country (`1`: US
 * only, not the 24 other countries sharing it). A parse reads the national number with the main
 * country's rules either way, so the E.164 spelling it gives is the same; it only stops looking for
 * the exact country, which tests the number against every type pattern of the candidates with a
 * RegExp built per test: 10 of a US number's 13 µs. (A test compares both on 100,000 numbers
 * under every calling code.)
 */
export const MAIN_COUNTRY_METADATA: MetadataJson = (() => {
  const m = minMetadata as MetadataJson & { country_calling_codes: Record<string, string[]> };
  const codes: Record<string, string[]> = {};
  for (const [code, countries] of Object.entries(m.country_calling_codes)) codes[code] = countries.slice(0, 1);
  return { ...m, country_calling_codes: codes } as MetadataJson;
})();

/**
 * Phone as matched: E.164 when it parses (`+32 2 555 01 01` → `+3225550101`), else its digits with a
 * leading `+` kept, so two spellings of one unparseable number still meet. Blank → undefined. Pure.
 */
export function normalizePhoneKey(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  // A value already spelled as E.164 (`+` then digits) keys as itself when the parse spells it the
  // same, valid or not (the digits fallback below would keep it as it is), so the validity check
  // and the search for the exact country, the costly parts, are skipped for it.
  if (E164_SPELLING.test(trimmed)) {
    const spelled = parseWithMetadata(trimmed, MAIN_COUNTRY_METADATA)?.number;
    if (spelled === undefined || spelled === trimmed) return trimmed;
  }
  const parsed = parsePhoneNumberFromString(trimmed);
  if (parsed?.isValid()) return parsed.number;
  const digits = value.replace(/[^\d+]/g, '').replace(/(?!^)\+/g, '').replace(/^00/, '+');
  return digits.replace('+', '') === '' ? undefined : digits;
}

/** The values a record offers for a match key: its email, or its phone and mobile. Pure. */
export function matchValuesOf(record: Contact, key: MatchKey): string[] {
  if (key === 'email') {
    const e = normalizeEmailKey(record.email);
    return e ? [e] : [];
  }
  const out = new Set<string>();
  for (const p of [record.phone, record.mobile]) {
    const n = normalizePhoneKey(p);
    if (n) out.add(n);
  }
  return [...out];
}

/** Normalises the looked-up values the same way records are. Pure. */
export function normalizeKeyValue(key: MatchKey, value: string): string | undefined {
  return key === 'email' ? normalizeEmailKey(value) : normalizePhoneKey(value);
}

/**
 * Builds `findByKey`'s answer: every looked-up value maps to the records that carry it (values with no
 * record map to an empty list), keyed by the value as the caller passed it. Pure.
 */
export function groupByKey(
  key: MatchKey,
  values: readonly string[],
  records: Iterable<Contact>,
): Map<string, Contact[]> {
  const wanted = new Map<string, string[]>();
  const answer = new Map<string, Contact[]>();
  for (const v of values) {
    answer.set(v, []);
    const n = normalizeKeyValue(key, v);
    if (n !== undefined) wanted.set(n, [...(wanted.get(n) ?? []), v]);
  }
  for (const r of records) {
    for (const n of matchValuesOf(r, key)) {
      for (const original of wanted.get(n) ?? []) {
        const list = answer.get(original)!;
        if (!list.some((x) => x.id === r.id)) list.push(r);
      }
    }
  }
  return answer;
}
