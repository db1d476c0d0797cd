import { normalizeEmail, phoneIndexKey } from '@sluice/core';
import type { Contact } from '@sluice/graph';
import type { MatchKey } from '@sluice/engine';

// A connector keys its records by the one email rule and the phone index form of @sluice/core
// (`phoneIndexKey`: the phone rule's key wherever there is one, cheaper for E.164 spellings). It knows
// no default country, so a record whose number is written nationally (no `+`, no `00`) is not found by
// a phone lookup (it was not before either). The engine keys every candidate found again with the
// connection's default country.

/** The values a record offers for a match key: its email, or its phone and mobile. Pure. */
export function matchValuesOf(record: Contact, key: MatchKey): string[] {
  if (key === 'email') {
    const e = normalizeEmail(record.email);
    return e ? [e] : [];
  }
  const out = new Set<string>();
  for (const p of [record.phone, record.mobile]) {
    const n = phoneIndexKey(p);
    if (n) out.add(n);
  }
  return [...out];
}

/** Normalises the looked-up values the same way records are. Pure. */
export function normalizeKeyValue(key: MatchKey, value: string): string | undefined {
  return key === 'email' ? normalizeEmail(value) : phoneIndexKey(value);
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
