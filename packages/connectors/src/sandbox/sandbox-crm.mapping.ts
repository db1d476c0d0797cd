import { normalizeEmail, phoneIndexKey } from '@sluice/core';
import type { Contact } from '@sluice/graph';
import { compact } from '../sdk/compact';
import type { SandboxDeal, SandboxOrg, SandboxPerson } from './sandbox-store.port';

/** `deals` of a person: how many, how many open and won, and the value of the open and won ones. Pure. */
export function dealCounts(deals: readonly SandboxDeal[]): NonNullable<Contact['deals']> {
  // One pass, no arrays: this runs for every person read, most of whom have no deal.
  const counts = { count: 0, open: 0, won: 0, value: 0 };
  for (const d of deals) {
    if (d.deleted) continue;
    counts.count++;
    if (d.status === 'open') counts.open++;
    else if (d.status === 'won') counts.won++;
    if (d.status !== 'lost') counts.value += d.value;
  }
  return counts;
}

/** A CRM person as a canonical contact: organization name → company, labels → tags, deals → counts. Pure. */
export function personToContact(person: SandboxPerson, org: SandboxOrg | undefined, deals: readonly SandboxDeal[]): Contact {
  return compact<Contact>({
    id: person.id,
    email: person.email,
    firstName: person.firstName,
    lastName: person.lastName,
    phone: person.phone,
    mobile: person.mobile,
    company: org && !org.deleted ? org.name : undefined,
    jobTitle: person.jobTitle,
    // Stored documents may be frozen (memory store): the contact gets its own copies of nested values.
    address: person.address && { ...person.address },
    tags: [...person.labels],
    lists: [],
    owner: person.owner,
    deleted: person.deleted ? true : undefined,
    deals: dealCounts(deals),
    custom: { ...person.custom },
    updatedAt: person.updatedAt,
  });
}

/** The person a contact describes (company handled by the caller, which resolves it to an organization). Pure. */
export function contactToPerson(contact: Contact, base: SandboxPerson, orgId: string | undefined, updatedAt: string): SandboxPerson {
  return withPersonKeys({
    id: base.id,
    firstName: contact.firstName,
    lastName: contact.lastName,
    email: contact.email,
    phone: contact.phone,
    mobile: contact.mobile,
    jobTitle: contact.jobTitle,
    orgId,
    owner: contact.owner,
    labels: [...contact.tags],
    address: contact.address,
    custom: { ...contact.custom },
    updatedAt,
    phoneKeys: [],
  }, base);
}

type KeyedDoc = { email?: string; phone?: string; mobile?: string; emailKey?: string; phoneKeys: readonly string[] };

/**
 * Fills the match keys `findBy` uses, and drops undefined members (so stores see clean documents).
 * With `previous` (the document as stored before this write) whose phones are the same, its phone keys
 * are reused: parsing a phone number is the dearest step of a write, and most writes change no phone. Pure.
 */
export function withPersonKeys<T extends KeyedDoc>(doc: T, previous?: KeyedDoc): T {
  let phoneKeys: string[];
  if (previous && previous.phone === doc.phone && previous.mobile === doc.mobile) phoneKeys = [...previous.phoneKeys];
  else {
    phoneKeys = [];
    const phone = phoneIndexKey(doc.phone);
    if (phone !== undefined) phoneKeys.push(phone);
    const mobile = phoneIndexKey(doc.mobile);
    if (mobile !== undefined && mobile !== phone) phoneKeys.push(mobile);
  }
  // One copy of the document (every stored person and prospect comes through here), keys set on it.
  const out = compact(doc) as KeyedDoc;
  const emailKey = normalizeEmail(doc.email);
  if (emailKey !== undefined) out.emailKey = emailKey;
  else delete out.emailKey;
  out.phoneKeys = phoneKeys;
  return out as T;
}

/** An organization's lookup key. Pure. */
export function orgNameKey(name: string): string {
  return name.trim().toLowerCase();
}
