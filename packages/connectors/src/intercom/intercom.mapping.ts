import { type Contact, type CustomValue, type FieldDef, normalizeContact } from '@sluice/graph';
import type { IcContact, IcDataAttribute } from './intercom.schemas';

/** Intercom times (Unix seconds) as ISO 8601. Pure. */
export const icTime = (seconds: number): string => new Date(seconds * 1000).toISOString();

/**
 * Intercom keeps one `name`; Sluice splits it at the first space: the first word is the first name,
 * the rest the last name ("Mary Ann Lee" → "Mary", "Ann Lee"). Pure.
 */
export function splitName(name: string | null | undefined): { firstName?: string; lastName?: string } {
  const words = (name ?? '').trim().split(/\s+/).filter(Boolean);
  if (!words.length) return {};
  return { firstName: words[0], ...(words.length > 1 ? { lastName: words.slice(1).join(' ') } : {}) };
}

/** The `name` for a first and last name (either may be missing); null when both are. Pure. */
export function joinName(firstName: string | undefined, lastName: string | undefined): string | null {
  const name = [firstName, lastName].map((x) => (x ?? '').trim()).filter(Boolean).join(' ');
  return name || null;
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

/** What a contact's tags and companies are called: Intercom's contact gives only their ids. */
export interface IcNames {
  tags: readonly string[];
  /** The name of the first company the contact is attached to. */
  company?: string;
}

/**
 * An Intercom contact (user or lead) as a canonical contact: name split in two, email, phone,
 * `unsubscribed_from_emails`, tags and company by name, custom attributes as `custom.<name>`, the
 * role as `custom.role` and the external id as `custom.external_id`. Pure.
 */
export function icToContact(c: IcContact, names: IcNames): Contact {
  const custom: Record<string, CustomValue> = {};
  if (c.role) custom.role = c.role;
  if (text(c.external_id)) custom.external_id = c.external_id!;
  for (const [key, v] of Object.entries(c.custom_attributes ?? {})) {
    if (v === null || v === '' || v === undefined) continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') custom[key] = v;
    // Lists of custom object ids and other structures have no place in a contact field.
  }
  const contact = normalizeContact({
    id: c.id,
    email: text(c.email),
    ...splitName(c.name),
    phone: text(c.phone),
    company: text(names.company),
    tags: [...names.tags],
    unsubscribed: c.unsubscribed_from_emails === true,
    custom,
    updatedAt: icTime(c.updated_at),
  });
  return Object.fromEntries(Object.entries(contact).filter(([, v]) => v !== undefined)) as Contact;
}

const TYPES: Readonly<Record<string, FieldDef['type']>> = { string: 'string', integer: 'number', float: 'number', boolean: 'boolean', date: 'date' };

/**
 * The workspace's custom contact attributes (`/data_attributes?model=contact`, `custom: true`) as
 * catalog entries `custom.<name>`: integers and floats as numbers, booleans, dates, the rest as text;
 * options as choices; attributes the API may not write as read-only. Archived ones are left out. Pure.
 */
export function attributeDefs(attrs: readonly IcDataAttribute[]): FieldDef[] {
  return attrs
    .filter((a) => a.custom && !a.archived)
    .map((a): FieldDef => ({
      path: `custom.${a.name}`,
      label: a.label || a.name,
      type: TYPES[a.data_type] ?? 'string',
      custom: true,
      ...(a.api_writable === false ? { readOnly: true } : {}),
      ...(a.options?.length ? { options: a.options } : {}),
    }));
}

/** Fields no write sends: Intercom computes them, or they have no place in a contact. */
export const IC_READ_ONLY = new Set(['id', 'deleted', 'updatedAt', 'custom.role', 'lists', 'owner', 'deals.count', 'deals.open', 'deals.won', 'deals.value']);

/** What one write becomes: the contact body (for POST or PUT), and the tags and company wanted. */
export interface ContactBody {
  body: Record<string, unknown>;
  /** The whole tag list the contact should end with, when the write sets tags. */
  tags?: string[];
  /** The company the contact should be in (`null`: none), when the write sets it. */
  company?: string | null;
  /** Paths Intercom has no place for (left out of the write). */
  ignored: string[];
}

/**
 * Turns a write's `fields` into an Intercom contact body. A first or last name alone is completed
 * from `current` (Intercom keeps one `name`). `unsubscribed: false` is dropped: a sync never
 * re-subscribes anyone. Custom paths go to the attribute of that name when the workspace has it
 * (`attributes`: writable names), else are ignored. Pure.
 * @example contactBody({ firstName: 'Ann' }, new Set(), { firstName: 'Old', lastName: 'Lee' }).body // { name: 'Ann Lee' }
 */
export function contactBody(fields: Record<string, unknown>, attributes: ReadonlySet<string>, current?: Pick<Contact, 'firstName' | 'lastName'>): ContactBody {
  const out: ContactBody = { body: {}, ignored: [] };
  const custom: Record<string, unknown> = {};
  const str = (v: unknown) => (v == null ? undefined : String(v));
  for (const [path, value] of Object.entries(fields)) {
    if (IC_READ_ONLY.has(path) || path === 'firstName' || path === 'lastName') continue;
    if (path === 'email') out.body.email = str(value)?.trim() ?? '';
    else if (path === 'phone') out.body.phone = str(value) ?? null;
    else if (path === 'unsubscribed') {
      if (value === true) out.body.unsubscribed_from_emails = true;
    } else if (path === 'tags') out.tags = Array.isArray(value) ? [...new Set(value.map((t) => String(t).trim()).filter(Boolean))] : [];
    else if (path === 'company') out.company = str(value)?.trim() || null;
    else if (path === 'custom.external_id') {
      if (str(value)) out.body.external_id = str(value);
    } else if (path.startsWith('custom.') && attributes.has(path.slice(7))) custom[path.slice(7)] = value ?? null;
    else out.ignored.push(path);
  }
  if ('firstName' in fields || 'lastName' in fields) {
    const first = 'firstName' in fields ? str(fields.firstName) : current?.firstName;
    const last = 'lastName' in fields ? str(fields.lastName) : current?.lastName;
    out.body.name = joinName(first, last);
  }
  if (Object.keys(custom).length) out.body.custom_attributes = custom;
  return out;
}
