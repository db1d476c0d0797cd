import { type Contact, type CustomValue, type Deals, normalizeContact } from '@sluice/graph';
import type { HsObject } from './hubspot.schemas';

/** Canonical path ↔ HubSpot contact property, for the properties every portal has. */
export const HS_PROPERTY: Record<string, string> = {
  email: 'email',
  firstName: 'firstname',
  lastName: 'lastname',
  phone: 'phone',
  mobile: 'mobilephone',
  company: 'company',
  jobTitle: 'jobtitle',
  website: 'website',
  'address.street': 'address',
  'address.city': 'city',
  'address.zip': 'zip',
  'address.state': 'state',
  'address.country': 'country',
  owner: 'hubspot_owner_id',
  unsubscribed: 'hs_email_optout',
};
/** Properties always read besides the mapped and custom ones. */
export const HS_SYSTEM = ['lastmodifieddate', 'hs_object_id'];

/** A property value as a custom field: numbers and booleans by the property type, else text. Pure. */
export function hsValue(value: string | null | undefined, type: string | undefined): CustomValue {
  if (value === null || value === undefined || value === '') return null;
  if (type === 'number' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  if (type === 'bool') return value === 'true';
  return value;
}

/**
 * A HubSpot contact as a canonical contact: standard properties by name, custom properties as
 * `custom.<name>`, list names (when read) as lists. Archived contacts come as deletions. Pure.
 */
export function hsToContact(o: HsObject, customTypes: ReadonlyMap<string, string>, lists: readonly string[] = [], deals?: Deals): Contact {
  const p = o.properties;
  if (o.archived) return normalizeContact({ id: o.id, deleted: true, updatedAt: new Date(o.archivedAt ?? o.updatedAt ?? 0).toISOString() });
  const text = (k: string) => (p[k] != null && p[k] !== '' ? (p[k] as string) : undefined);
  const address = Object.fromEntries(
    ['street', 'city', 'zip', 'state', 'country'].map((k) => [k, text(HS_PROPERTY[`address.${k}`]!)]).filter((e) => e[1] !== undefined),
  );
  const custom: Record<string, CustomValue> = {};
  for (const [name, type] of customTypes) if (name in p) custom[name] = hsValue(p[name], type);
  const updated = text('lastmodifieddate') ?? o.updatedAt ?? undefined;
  const contact = normalizeContact({
    id: o.id,
    email: text('email'),
    firstName: text('firstname'),
    lastName: text('lastname'),
    phone: text('phone'),
    mobile: text('mobilephone'),
    company: text('company'),
    jobTitle: text('jobtitle'),
    website: text('website'),
    address: Object.keys(address).length ? address : undefined,
    owner: text('hubspot_owner_id'),
    unsubscribed: p.hs_email_optout == null || p.hs_email_optout === '' ? undefined : p.hs_email_optout === 'true',
    lists: [...lists],
    deals,
    custom,
    updatedAt: updated ? new Date(updated).toISOString() : new Date(0).toISOString(),
  });
  return Object.fromEntries(Object.entries(contact).filter(([, v]) => v !== undefined)) as Contact;
}

/** Deal counts from associated deals: open = not closed, won = closed won; value = open + won amounts. Pure. */
export function summarizeHsDeals(deals: readonly { amount?: string | null; hs_is_closed?: string | null; hs_is_closed_won?: string | null }[]): Deals {
  let open = 0;
  let won = 0;
  let value = 0;
  for (const d of deals) {
    const isWon = d.hs_is_closed_won === 'true';
    const isOpen = d.hs_is_closed !== 'true';
    if (isWon) won++;
    if (isOpen) open++;
    if (isWon || isOpen) value += Number(d.amount ?? 0) || 0;
  }
  return { count: deals.length, open, won, value };
}

/** Canonical fields HubSpot computes or does not take through the contacts API. */
export const HS_READ_ONLY = new Set(['id', 'deleted', 'updatedAt', 'unsubscribed', 'tags', 'lists', 'deals.count', 'deals.open', 'deals.won', 'deals.value']);

/**
 * HubSpot properties for `fields` (dotted canonical paths); `null` clears (sent as ""). Custom
 * fields go by property name; read-only properties are left out. Pure.
 */
export function writeToProperties(fields: Record<string, unknown>, writable: ReadonlySet<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, value] of Object.entries(fields)) {
    if (HS_READ_ONLY.has(path)) continue;
    const name = HS_PROPERTY[path] ?? (path.startsWith('custom.') ? path.slice(7) : undefined);
    if (!name || (path.startsWith('custom.') && !writable.has(name))) continue;
    out[name] = value == null ? '' : typeof value === 'boolean' ? String(value) : String(value);
  }
  return out;
}
