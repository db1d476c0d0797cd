import { type Contact, type CustomValue, normalizeContact } from '@sluice/graph';
import type { GPerson } from './google.schemas';

/** The person fields Sluice reads and writes (`personFields` / `readMask`). */
export const PERSON_FIELDS = 'names,emailAddresses,phoneNumbers,organizations,addresses,urls,memberships,userDefined,metadata';

const first = <T>(list: readonly T[] | null | undefined): T | undefined => list?.[0];
const text = (v: string | null | undefined) => (v && v.trim() !== '' ? v : undefined);

/**
 * A Google contact as a canonical contact: first name/email/organization, a `mobile`-typed phone as
 * mobile, the first other phone as phone, user contact groups as tags (system groups left out),
 * `userDefined` key/values as custom fields, and `metadata.deleted` as a deletion. Pure.
 */
export function personToContact(p: GPerson, groups: ReadonlyMap<string, string>, now: string): Contact {
  if (p.metadata?.deleted) return normalizeContact({ id: p.resourceName, deleted: true, updatedAt: now });
  const name = first(p.names);
  const phones = p.phoneNumbers ?? [];
  const org = first(p.organizations);
  const adr = first(p.addresses);
  const address = adr
    ? Object.fromEntries(
        Object.entries({ street: adr.streetAddress, city: adr.city, zip: adr.postalCode, state: adr.region, country: adr.country }).filter(
          (e): e is [string, string] => !!text(e[1] as string | null | undefined),
        ),
      )
    : {};
  const custom: Record<string, CustomValue> = {};
  for (const u of p.userDefined ?? []) if (u.key) custom[u.key] = u.value ?? null;
  const updated = (p.metadata?.sources ?? []).map((s) => s.updateTime).filter((x): x is string => !!x).sort().at(-1);
  const contact = normalizeContact({
    id: p.resourceName,
    email: text(first(p.emailAddresses)?.value),
    firstName: text(name?.givenName),
    lastName: text(name?.familyName),
    phone: text(phones.find((x) => x.type !== 'mobile')?.value),
    mobile: text(phones.find((x) => x.type === 'mobile')?.value),
    company: text(org?.name),
    jobTitle: text(org?.title),
    website: text(first(p.urls)?.value),
    address: Object.keys(address).length ? address : undefined,
    tags: (p.memberships ?? [])
      .map((m) => groups.get(m.contactGroupMembership?.contactGroupResourceName ?? ''))
      .filter((x): x is string => !!x),
    custom,
    updatedAt: updated ? new Date(updated).toISOString() : now,
  });
  return Object.fromEntries(Object.entries(contact).filter(([, v]) => v !== undefined)) as Contact;
}

/** Fields Google computes itself; writes never send them. */
export const G_READ_ONLY = new Set(['id', 'deleted', 'updatedAt', 'owner', 'unsubscribed', 'lists', 'deals.count', 'deals.open', 'deals.won', 'deals.value']);

function replaceFirst<T extends object>(list: readonly T[] | null | undefined, value: T | null): T[] {
  const rest = (list ?? []).slice(1);
  return value ? [value, ...rest] : rest;
}

/**
 * The person body and update mask for `fields` (dotted canonical paths; `null` clears), merged into
 * `existing` so untouched values (second email, other phones, given name when only the family name
 * changes) survive. `groups` resolves tags to contact group resource names; memberships of system
 * groups (My Contacts, Starred) are kept as they are. Pure.
 */
export function writeToPerson(
  fields: Record<string, unknown>,
  existing: GPerson | undefined,
  groups: { resourceFor(tag: string): string | undefined; isSystem(resourceName: string): boolean },
): { person: Record<string, unknown>; mask: string[] } {
  const person: Record<string, unknown> = {};
  const mask = new Set<string>();
  const str = (k: string) => (fields[k] == null || fields[k] === '' ? null : String(fields[k]));
  if ('firstName' in fields || 'lastName' in fields) {
    const cur = first(existing?.names);
    const givenName = 'firstName' in fields ? str('firstName') : (cur?.givenName ?? null);
    const familyName = 'lastName' in fields ? str('lastName') : (cur?.familyName ?? null);
    person.names = givenName || familyName ? [{ ...(givenName ? { givenName } : {}), ...(familyName ? { familyName } : {}) }] : [];
    mask.add('names');
  }
  if ('email' in fields) {
    const v = str('email');
    person.emailAddresses = replaceFirst(existing?.emailAddresses, v ? { value: v, type: first(existing?.emailAddresses)?.type ?? 'work' } : null);
    mask.add('emailAddresses');
  }
  if ('phone' in fields || 'mobile' in fields) {
    let phones = [...(existing?.phoneNumbers ?? [])].map((x) => ({ value: x.value ?? '', type: x.type ?? 'other' }));
    for (const [key, isMobile] of [['phone', false], ['mobile', true]] as const) {
      if (!(key in fields)) continue;
      const at = phones.findIndex((x) => (x.type === 'mobile') === isMobile);
      const v = str(key);
      if (at >= 0 && v) phones[at] = { ...phones[at]!, value: v };
      else if (at >= 0) phones = phones.filter((_, i) => i !== at);
      else if (v) phones.push({ value: v, type: isMobile ? 'mobile' : 'work' });
    }
    person.phoneNumbers = phones;
    mask.add('phoneNumbers');
  }
  if ('company' in fields || 'jobTitle' in fields) {
    const cur = first(existing?.organizations);
    const name = 'company' in fields ? str('company') : (cur?.name ?? null);
    const title = 'jobTitle' in fields ? str('jobTitle') : (cur?.title ?? null);
    person.organizations = replaceFirst(existing?.organizations, name || title ? { ...(name ? { name } : {}), ...(title ? { title } : {}) } : null);
    mask.add('organizations');
  }
  if ('website' in fields) {
    const v = str('website');
    person.urls = replaceFirst(existing?.urls, v ? { value: v } : null);
    mask.add('urls');
  }
  const addressKeys = Object.keys(fields).filter((k) => k.startsWith('address.'));
  if (addressKeys.length) {
    const cur = { ...(first(existing?.addresses) ?? {}) } as Record<string, string | null | undefined>;
    const map: Record<string, string> = { 'address.street': 'streetAddress', 'address.city': 'city', 'address.zip': 'postalCode', 'address.state': 'region', 'address.country': 'country' };
    for (const k of addressKeys) if (map[k]) cur[map[k]] = str(k);
    const clean = Object.fromEntries(Object.entries(cur).filter((e) => typeof e[1] === 'string' && e[1] !== ''));
    person.addresses = replaceFirst(existing?.addresses, Object.keys(clean).length ? clean : null);
    mask.add('addresses');
  }
  const customKeys = Object.keys(fields).filter((k) => k.startsWith('custom.'));
  if (customKeys.length) {
    const values = new Map((existing?.userDefined ?? []).filter((u) => u.key).map((u) => [u.key!, u.value ?? '']));
    for (const k of customKeys) {
      const v = fields[k];
      if (v == null || v === '') values.delete(k.slice(7));
      else values.set(k.slice(7), String(v));
    }
    person.userDefined = [...values].map(([key, value]) => ({ key, value }));
    mask.add('userDefined');
  }
  if ('tags' in fields) {
    const tags = Array.isArray(fields.tags) ? fields.tags.map(String) : [];
    const keep = (existing?.memberships ?? []).filter((m) => {
      const name = m.contactGroupMembership?.contactGroupResourceName ?? '';
      return name !== '' && groups.isSystem(name);
    });
    const wanted = tags.map((t) => groups.resourceFor(t)).filter((x): x is string => !!x);
    person.memberships = [
      ...keep.map((m) => ({ contactGroupMembership: { contactGroupResourceName: m.contactGroupMembership!.contactGroupResourceName } })),
      ...[...new Set(wanted)].map((contactGroupResourceName) => ({ contactGroupMembership: { contactGroupResourceName } })),
    ];
    mask.add('memberships');
  }
  return { person, mask: [...mask] };
}
