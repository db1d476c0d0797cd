import { type Contact, type CustomValue, normalizeContact } from '@sluice/graph';
import type { MsAddress, MsContact } from './microsoft.schemas';

/** The contact properties Sluice reads (`$select`): the mapping's, and the folder a contact sits in. */
export const CONTACT_SELECT = [
  'id', 'givenName', 'surname', 'displayName', 'emailAddresses', 'businessPhones', 'homePhones', 'mobilePhone', 'companyName',
  'jobTitle', 'department', 'businessHomePage', 'businessAddress', 'homeAddress', 'categories', 'lastModifiedDateTime', 'parentFolderId',
].join(',');

/** Outlook keeps at most three e-mail addresses per contact. */
export const MAX_EMAILS = 3;
/** The custom paths of e-mail addresses 2 and 3 (address 1 is `email`). */
const EMAIL_PATHS = ['email', 'custom.email2', 'custom.email3'] as const;

const text = (v: string | null | undefined): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const firstText = (list: readonly (string | null)[] | null | undefined) => (list ?? []).map((x) => text(x)).find((x) => x !== undefined);

/** A Graph date (`2025-01-01T10:00:00Z`, sometimes with seven decimals) as ISO 8601; undefined when unreadable. Pure. */
export function msTime(t: string | null | undefined): string | undefined {
  if (!t) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** The e-mail addresses of a contact, empty ones left out, in Outlook's order. Pure. */
export function emailsOf(c: Pick<MsContact, 'emailAddresses'>): string[] {
  return (c.emailAddresses ?? []).map((e) => text(e.address)?.trim()).filter((x): x is string => x !== undefined);
}

/** An address on one line: street, postal code and city, state, country. Pure. */
function addressLine(a: MsAddress | null | undefined): string | undefined {
  if (!a) return undefined;
  return text([text(a.street), [text(a.postalCode), text(a.city)].filter(Boolean).join(' '), text(a.state), text(a.countryOrRegion)].filter((x) => x).join(', '));
}

/**
 * An Outlook contact as a canonical contact: given name and surname, the first e-mail address as
 * `email` (the second and third as `custom.email2`/`custom.email3`), the first business phone as
 * `phone`, the mobile phone, company, job title, business home page, the business address, categories
 * as tags; home phone, department and the home address (one line) as custom fields. Pure.
 */
export function contactToCanonical(c: MsContact, fallbackTime: string): Contact {
  const emails = emailsOf(c);
  const b = c.businessAddress;
  const address = b
    ? Object.fromEntries(
        Object.entries({ street: text(b.street), city: text(b.city), zip: text(b.postalCode), state: text(b.state), country: text(b.countryOrRegion) }).filter((e) => e[1] !== undefined),
      )
    : {};
  const custom: Record<string, CustomValue> = {};
  const extra = { email2: emails[1], email3: emails[2], homePhone: firstText(c.homePhones), department: text(c.department), homeAddress: addressLine(c.homeAddress) };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) custom[k] = v;
  const contact = normalizeContact({
    id: c.id,
    email: emails[0],
    firstName: text(c.givenName),
    lastName: text(c.surname),
    phone: firstText(c.businessPhones),
    mobile: text(c.mobilePhone),
    company: text(c.companyName),
    jobTitle: text(c.jobTitle),
    website: text(c.businessHomePage),
    address: Object.keys(address).length ? address : undefined,
    tags: [...new Set((c.categories ?? []).map((x) => text(x)).filter((x): x is string => x !== undefined))],
    custom,
    updatedAt: msTime(c.lastModifiedDateTime) ?? fallbackTime,
  });
  return Object.fromEntries(Object.entries(contact).filter(([, v]) => v !== undefined)) as Contact;
}

/** A contact that left the folder (deleted, or moved elsewhere), as a delta round reports it. Pure. */
export function removedContact(id: string, now: string): Contact {
  return normalizeContact({ id, deleted: true, updatedAt: now });
}

/** Fields no write sends: Outlook computes them, or a contact has no place for them. */
const READ_ONLY = new Set(['id', 'deleted', 'updatedAt', 'custom.homeAddress']);

const ADDRESS_PARTS: Readonly<Record<string, keyof MsAddress>> = {
  'address.street': 'street',
  'address.city': 'city',
  'address.zip': 'postalCode',
  'address.state': 'state',
  'address.country': 'countryOrRegion',
};

/** Paths whose write replaces a whole Graph collection or address, so it needs the contact as it is now. */
export function needsCurrent(fields: Record<string, unknown>): boolean {
  return Object.keys(fields).some((k) => (EMAIL_PATHS as readonly string[]).includes(k) || k === 'phone' || k === 'custom.homePhone' || k in ADDRESS_PARTS);
}

/** What one write becomes: the Graph contact body, and the paths Outlook has no place for. */
export interface ContactBody {
  body: Record<string, unknown>;
  ignored: string[];
}

/**
 * A write's `fields` (dotted canonical paths; `null` clears) as a Graph contact body for POST or PATCH.
 * Graph replaces collections and addresses whole, so e-mail addresses, business and home phones and
 * the business address start from `current` (the contact as it is; undefined for a new one) and keep
 * what the write does not touch: a second e-mail survives a change of the first. Pure.
 * @example contactBody({ email: 'ann@x.io', tags: ['VIP'] }, undefined).body // { emailAddresses: [{ address: 'ann@x.io', name: 'ann@x.io' }], categories: ['VIP'] }
 */
export function contactBody(fields: Record<string, unknown>, current: MsContact | undefined): ContactBody {
  const body: Record<string, unknown> = {};
  const ignored: string[] = [];
  const str = (v: unknown) => (v == null || String(v).trim() === '' ? null : String(v).trim());
  const emails: (string | null)[] = [...emailsOf(current ?? {}), null, null, null].slice(0, MAX_EMAILS);
  let emailsTouched = false;
  let address: MsAddress | undefined;
  const plain: Record<string, string> = { firstName: 'givenName', lastName: 'surname', mobile: 'mobilePhone', company: 'companyName', jobTitle: 'jobTitle', website: 'businessHomePage', 'custom.department': 'department' };
  for (const [path, value] of Object.entries(fields)) {
    if (READ_ONLY.has(path)) continue;
    const slot = (EMAIL_PATHS as readonly string[]).indexOf(path);
    if (plain[path]) body[plain[path]] = str(value);
    else if (slot >= 0) {
      emails[slot] = str(value);
      emailsTouched = true;
    } else if (path === 'phone') body.businessPhones = replaceFirst(current?.businessPhones, str(value));
    else if (path === 'custom.homePhone') body.homePhones = replaceFirst(current?.homePhones, str(value));
    else if (ADDRESS_PARTS[path]) {
      address ??= { ...(current?.businessAddress ?? {}) };
      address[ADDRESS_PARTS[path]] = str(value);
    } else if (path === 'tags') body.categories = Array.isArray(value) ? [...new Set(value.map((t) => String(t).trim()).filter(Boolean))] : [];
    else ignored.push(path);
  }
  if (emailsTouched) {
    const kept = current?.emailAddresses ?? [];
    // Outlook shows `name` beside the address; an address that stays keeps its name.
    body.emailAddresses = emails
      .filter((e): e is string => e !== null)
      .map((address) => ({ address, name: kept.find((k) => k.address?.toLowerCase() === address.toLowerCase())?.name ?? address }));
  }
  if (address) {
    const clean = Object.fromEntries(Object.entries(address).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
    body.businessAddress = clean;
  }
  return { body, ignored };
}

function replaceFirst(list: readonly (string | null)[] | null | undefined, value: string | null): string[] {
  const rest = (list ?? []).slice(1).filter((x): x is string => typeof x === 'string' && x !== '');
  return value ? [value, ...rest] : rest;
}
