import { sortedKeys, type Contact } from '@sluice/graph';

/**
 * A canonical text form of a contact for hashing and comparing: fields in a fixed order, custom keys
 * sorted, so equal contacts give equal text whatever order their keys came in. Much faster than a
 * generic sorted-key JSON on the hot path of reading big files. Pure.
 */
export function contactFingerprint(c: Contact): string {
  const a = c.address;
  const d = c.deals;
  const customKeys = sortedKeys(c.custom);
  return JSON.stringify([
    c.id, c.email, c.firstName, c.lastName, c.phone, c.mobile, c.company, c.jobTitle, c.website,
    a ? [a.street, a.city, a.zip, a.state, a.country] : null,
    c.tags, c.lists, c.owner, c.unsubscribed, c.deleted,
    d ? [d.count, d.open, d.won, d.value] : null,
    customKeys.map((k) => [k, c.custom[k]]),
    c.updatedAt,
  ]);
}
