import { createHash } from 'node:crypto';
import { type Contact, type CustomValue, type FieldDef, normalizeContact } from '@sluice/graph';
import type { McAddress, McMember, McMergeField } from './mailchimp.schemas';

/** The merge fields every audience has, by tag, and the canonical field each fills. */
export const NAME_TAGS: Readonly<Record<string, 'firstName' | 'lastName' | 'phone'>> = { FNAME: 'firstName', LNAME: 'lastName', PHONE: 'phone' };
export const ADDRESS_TAG = 'ADDRESS';
const STANDARD = new Set([...Object.keys(NAME_TAGS), ADDRESS_TAG]);

/** Statuses of members Mailchimp must not e-mail: carried as `unsubscribed: true`, never undone by a sync. */
export const OPTED_OUT = new Set(['unsubscribed', 'cleaned']);

/**
 * Mailchimp's subscriber hash: the MD5 of the lower-cased email address. Pure.
 * @example subscriberHash(' Ann@X.io ') // md5('ann@x.io')
 */
export function subscriberHash(email: string): string {
  return createHash('md5').update(email.trim().toLowerCase()).digest('hex');
}

/**
 * The id Sluice keeps for a member: its `contact_id`, which stays when the email address changes (the
 * subscriber hash does not), else the subscriber hash. Mailchimp takes either in member paths. Pure.
 */
export function memberId(m: Pick<McMember, 'id' | 'contact_id'>): string {
  return m.contact_id || m.id;
}

/** Mailchimp times (`2015-10-21T15:41:36+00:00`) as ISO 8601 in UTC; undefined when unreadable. Pure. */
export function mcTime(t: string | null | undefined): string | undefined {
  if (!t) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

function isAddress(v: unknown): v is McAddress {
  return v !== null && typeof v === 'object';
}

/** Street as one line: `addr1`, and `addr2` after a comma when there is one. Pure. */
export function streetOf(a: McAddress): string | undefined {
  return text([a.addr1, a.addr2].filter((x) => text(x)).join(', '));
}

/**
 * A member as a canonical contact: FNAME/LNAME/PHONE/ADDRESS merge fields, tags, `unsubscribed` for
 * `unsubscribed` and `cleaned`, `deleted` for `archived`; every other merge field as `custom.<TAG>`,
 * and the status itself as `custom.status`. Pure.
 */
export function memberToContact(m: McMember, fallbackTime: string): Contact {
  const merge = m.merge_fields ?? {};
  const custom: Record<string, CustomValue> = { status: m.status };
  for (const [tag, v] of Object.entries(merge)) {
    if (STANDARD.has(tag) || v === null || v === '') continue;
    custom[tag] = isAddress(v) ? ([streetOf(v), v.city, v.state, v.zip, v.country].filter((x) => text(x)).join(', ') || null) : v;
    if (custom[tag] === null) delete custom[tag];
  }
  const a = merge[ADDRESS_TAG];
  const address = isAddress(a)
    ? Object.fromEntries(
        Object.entries({ street: streetOf(a), city: text(a.city), zip: text(a.zip), state: text(a.state), country: text(a.country) }).filter((e) => e[1] !== undefined),
      )
    : {};
  const contact = normalizeContact({
    id: memberId(m),
    email: text(m.email_address),
    firstName: text(merge.FNAME),
    lastName: text(merge.LNAME),
    phone: text(merge.PHONE),
    address: Object.keys(address).length ? address : undefined,
    tags: (m.tags ?? []).map((t) => t.name),
    unsubscribed: m.status === 'archived' ? undefined : OPTED_OUT.has(m.status),
    deleted: m.status === 'archived' ? true : undefined,
    custom,
    updatedAt: mcTime(m.last_changed) ?? fallbackTime,
  });
  return Object.fromEntries(Object.entries(contact).filter(([, v]) => v !== undefined)) as Contact;
}

/**
 * An audience's own merge fields as catalog entries `custom.<TAG>`: numbers as numbers, dropdown and
 * radio fields with their choices as `options`, the rest as text; address fields other than ADDRESS
 * are read as one line and not written. The four standard ones are canonical fields instead. Pure.
 */
export function mergeFieldDefs(fields: readonly McMergeField[]): FieldDef[] {
  return fields
    .filter((f) => !STANDARD.has(f.tag))
    .map((f): FieldDef => {
      const choices = f.type === 'dropdown' || f.type === 'radio' ? (f.options?.choices ?? []) : [];
      return {
        path: `custom.${f.tag}`,
        label: f.name || f.tag,
        type: f.type === 'number' ? 'number' : 'string',
        custom: true,
        ...(f.type === 'address' ? { readOnly: true } : {}),
        ...(choices.length ? { options: choices } : {}),
      };
    });
}

/** Fields no write sends: Mailchimp computes them, or they have no place in a member. */
export const MC_READ_ONLY = new Set(['id', 'deleted', 'updatedAt', 'custom.status', 'lists', 'owner', 'deals.count', 'deals.open', 'deals.won', 'deals.value']);

/** What one write becomes: the member body (no status), the status to set, the tags wanted. */
export interface MemberWrite {
  email?: string;
  mergeFields: Record<string, string | number | McAddress>;
  /** `true`: set `unsubscribed`. A `false` is dropped: a sync never re-subscribes anyone. */
  unsubscribe: boolean;
  /** The whole tag list the member should end with, when the write sets tags. */
  tags?: string[];
  /** Paths Mailchimp has no place for (left out of the write). */
  ignored: string[];
}

const ADDRESS_PARTS: Readonly<Record<string, keyof McAddress>> = { 'address.city': 'city', 'address.zip': 'zip', 'address.state': 'state', 'address.country': 'country' };

/**
 * The new ADDRESS value for the `address.*` paths in `fields`, starting from the member's current
 * address. Mailchimp wants addr1, city, state and zip present (empty is allowed); an address left
 * with no part at all is cleared (""). A street that still ends with the current `addr2` keeps it. Pure.
 */
export function addressWrite(fields: Record<string, unknown>, current: McAddress | undefined): McAddress | '' {
  const next: McAddress = { addr1: current?.addr1 ?? '', addr2: current?.addr2 ?? '', city: current?.city ?? '', state: current?.state ?? '', zip: current?.zip ?? '', country: current?.country ?? '' };
  for (const [path, value] of Object.entries(fields)) {
    const v = value == null ? '' : String(value);
    if (path === 'address.street') {
      const tail = next.addr2 ? `, ${next.addr2}` : '';
      if (tail && v.endsWith(tail)) next.addr1 = v.slice(0, -tail.length);
      else [next.addr1, next.addr2] = [v, ''];
    } else if (ADDRESS_PARTS[path]) next[ADDRESS_PARTS[path]] = v;
  }
  if (Object.values(next).every((x) => !x)) return '';
  const out: McAddress = { addr1: next.addr1 ?? '', city: next.city ?? '', state: next.state ?? '', zip: next.zip ?? '' };
  if (next.addr2) out.addr2 = next.addr2;
  if (next.country) out.country = next.country;
  return out;
}

/**
 * Turns a write's `fields` (dotted canonical paths; `null` clears) into what Mailchimp takes. Custom
 * paths go to the merge field of that tag when the audience has it (`mergeTags`), else are ignored. Pure.
 * @example memberWrite({ firstName: 'Ann', tags: ['VIP'] }, new Set(), undefined) // { mergeFields: { FNAME: 'Ann' }, tags: ['VIP'], ... }
 */
export function memberWrite(fields: Record<string, unknown>, mergeTags: ReadonlySet<string>, currentAddress: McAddress | undefined): MemberWrite {
  const out: MemberWrite = { mergeFields: {}, unsubscribe: false, ignored: [] };
  let address = false;
  for (const [path, value] of Object.entries(fields)) {
    if (MC_READ_ONLY.has(path)) continue;
    const nameTag = Object.keys(NAME_TAGS).find((t) => NAME_TAGS[t] === path);
    if (path === 'email') out.email = typeof value === 'string' ? value.trim() : undefined;
    else if (nameTag) out.mergeFields[nameTag] = value == null ? '' : String(value);
    else if (path.startsWith('address.')) address = true;
    else if (path === 'tags') out.tags = Array.isArray(value) ? [...new Set(value.map((t) => String(t).trim()).filter(Boolean))] : [];
    else if (path === 'unsubscribed') out.unsubscribe = value === true;
    else if (path.startsWith('custom.') && mergeTags.has(path.slice(7))) {
      out.mergeFields[path.slice(7)] = value == null ? '' : typeof value === 'number' ? value : String(value);
    } else out.ignored.push(path);
  }
  if (address) out.mergeFields[ADDRESS_TAG] = addressWrite(fields, currentAddress);
  return out;
}
