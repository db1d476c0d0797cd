import type { Contact } from '@sluice/graph';

/** JSON with object keys sorted, so equal records hash equally whatever order a connector used. Pure. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const keys = Object.keys(value).sort();
  let out = '{';
  for (const k of keys) {
    const v = (value as Record<string, unknown>)[k];
    if (v === undefined) continue;
    if (out.length > 1) out += ',';
    out += `${JSON.stringify(k)}:${stableStringify(v)}`;
  }
  return `${out}}`;
}

/** cyrb53: a fast 53-bit string hash (not cryptographic; collisions only cost a redundant check). Pure. */
export function hashString(text: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/**
 * The content hash of a record as the sync sees it: everything but `updatedAt`, salted with the
 * connection's configuration so a changed rule or mapping makes every record worth a fresh look. Pure.
 *
 * The text hashed lists the canonical contact's fields in a fixed order (custom keys sorted) rather
 * than going through `stableStringify`: the contact schema is strict, so the order is known, and this
 * runs several times per record on every page (a generic sorted-key walk was a tenth of a sync's CPU).
 */
export function contentHash(record: Contact, salt: string): string {
  const c = record;
  const a = c.address;
  const d = c.deals;
  const keys = Object.keys(c.custom);
  let custom: unknown[] = [];
  if (keys.length > 0) {
    if (keys.length > 1) keys.sort();
    custom = new Array(keys.length * 2);
    for (let i = 0; i < keys.length; i++) {
      custom[2 * i] = keys[i];
      custom[2 * i + 1] = c.custom[keys[i]!];
    }
  }
  const text = JSON.stringify([
    c.id, c.email, c.firstName, c.lastName, c.phone, c.mobile, c.company, c.jobTitle, c.website,
    a ? [a.street, a.city, a.zip, a.state, a.country] : 0,
    c.tags, c.lists, c.owner, c.unsubscribed, c.deleted,
    d ? [d.count, d.open, d.won, d.value] : 0,
    custom,
  ]);
  return hashString(`${salt}|${text}`);
}
