import { sortedKeys, type Contact } from '@sluice/graph';

/** JSON with object keys sorted, so equal records hash equally whatever order a connector used. Pure. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const keys = sortedKeys(value);
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
 * cyrb53 fed field by field, so a record is hashed without building its text first (no JSON, no
 * concatenation: the hash runs several times per record, and its garbage was a large share of GC).
 * Every value is preceded by a tag naming its kind, so `["a","b"]` and `"a,b"`, or a missing value
 * and an empty string, never feed the same sequence.
 */
class Hasher {
  private h1: number;
  private h2: number;

  constructor(seed: string) {
    this.h1 = 0xdeadbeef;
    this.h2 = 0x41c6ce57;
    this.text(seed);
  }

  private code(ch: number): void {
    this.h1 = Math.imul(this.h1 ^ ch, 2654435761);
    this.h2 = Math.imul(this.h2 ^ ch, 1597334677);
  }

  text(s: string): void {
    // Locals rather than fields in the loop: this is the hottest loop of a sync.
    let h1 = Math.imul(this.h1 ^ 0xfdd0, 2654435761);
    let h2 = Math.imul(this.h2 ^ 0xfdd0, 1597334677);
    for (let i = 0; i < s.length; i++) {
      const ch = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    this.h1 = Math.imul(h1 ^ 0xfdd1, 2654435761);
    this.h2 = Math.imul(h2 ^ 0xfdd1, 1597334677);
  }

  value(v: unknown): void {
    if (v === undefined) this.code(0xfdd2);
    else if (v === null) this.code(0xfdd3);
    else if (typeof v === 'string') this.text(v);
    else if (typeof v === 'number') {
      this.code(0xfdd4);
      this.text(String(v));
    } else if (typeof v === 'boolean') this.code(v ? 0xfdd5 : 0xfdd6);
    else if (Array.isArray(v)) {
      this.code(0xfdd7);
      for (const item of v) this.value(item);
      this.code(0xfdd8);
    } else this.text(stableStringify(v));
  }

  digest(): string {
    let h1 = this.h1;
    let h2 = this.h2;
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    // 53 bits as 11 base-32 digits from a table: `Number#toString(36)` on a 53-bit double cost more
    // than hashing the record itself.
    let lo = h1 >>> 0;
    let out = '';
    for (let k = 0; k < 6; k++) {
      out += BASE32[lo & 31];
      lo >>>= 5;
    }
    lo |= (h2 & 2097151) << 2;
    for (let k = 0; k < 5; k++) {
      out += BASE32[lo & 31];
      lo >>>= 5;
    }
    return out;
  }
}

const BASE32 = '0123456789abcdefghijklmnopqrstuv';

/**
 * The content hash of a record as the sync sees it: everything but `updatedAt`, salted with the
 * connection's configuration so a changed rule or mapping makes every record worth a fresh look. Pure.
 *
 * The contact schema is strict, so its fields are fed in a fixed order (custom keys sorted) rather than
 * through a generic sorted-key walk, which was a tenth of a sync's CPU.
 */
export function contentHash(record: Contact, salt: string): string {
  const c = record;
  const h = new Hasher(salt);
  h.value(c.id);
  h.value(c.email);
  h.value(c.firstName);
  h.value(c.lastName);
  h.value(c.phone);
  h.value(c.mobile);
  h.value(c.company);
  h.value(c.jobTitle);
  h.value(c.website);
  const a = c.address;
  if (a) {
    h.value(a.street);
    h.value(a.city);
    h.value(a.zip);
    h.value(a.state);
    h.value(a.country);
  } else h.value(null);
  h.value(c.tags);
  h.value(c.lists);
  h.value(c.owner);
  h.value(c.unsubscribed);
  h.value(c.deleted);
  const d = c.deals;
  if (d) {
    h.value(d.count);
    h.value(d.open);
    h.value(d.won);
    h.value(d.value);
  } else h.value(null);
  for (const k of sortedKeys(c.custom)) {
    h.text(k);
    h.value(c.custom[k]);
  }
  return h.digest();
}
