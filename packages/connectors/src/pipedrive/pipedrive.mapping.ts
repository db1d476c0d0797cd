import { type Contact, type CustomValue, type Deals, normalizeContact } from '@sluice/graph';
import type { PdOptions } from './pipedrive.options';
import type { PdPerson } from './pipedrive.schemas';

/** What the mapping needs besides the person: names of labels and organizations, deal counts. */
export interface PdLookups {
  labels: ReadonlyMap<number, string>;
  orgs: ReadonlyMap<number, string>;
  deals?: ReadonlyMap<number, Deals>;
  /** Choice fields' options, to read option ids as labels. */
  options?: PdOptions;
}

/** A custom field value as Sluice keeps it: primitives as they are, `{ value }` objects by value. Pure. */
export function customValue(v: unknown): CustomValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'object' && 'value' in v) return customValue((v as { value: unknown }).value);
  if (Array.isArray(v)) return v.map((x) => String(customValue(x))).join(', ');
  return JSON.stringify(v);
}

function primary(list: PdPerson['emails'], label?: string) {
  const items = (list ?? []).filter((x) => x.value);
  const pick = label ? items.find((x) => x.label === label) : (items.find((x) => x.primary) ?? items[0]);
  return pick?.value || undefined;
}

/** Pipedrive v2 update times are RFC 3339; Sluice keeps ISO 8601 with milliseconds. Pure. */
export function isoTime(t: string): string {
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(t) ? t : `${t.replace(' ', 'T')}Z`);
  return Number.isNaN(ms) ? t : new Date(ms).toISOString();
}

/**
 * A Pipedrive person as a canonical contact: primary email, work and mobile phones, organization
 * name as company, labels as tags, owner id as owner, custom fields by field code. Pure.
 */
export function personToContact(p: PdPerson, lookups: PdLookups): Contact {
  const [first, ...rest] = (p.name ?? '').trim().split(/\s+/);
  const a = p.postal_address;
  const street = a ? [a.route, a.street_number].filter(Boolean).join(' ') || undefined : undefined;
  const address = a
    ? Object.fromEntries(
        Object.entries({ street, city: a.locality, zip: a.postal_code, state: a.admin_area_level_1, country: a.country }).filter(
          (e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '',
        ),
      )
    : {};
  const phones = p.phones ?? [];
  const mobile = primary(phones, 'mobile');
  const phone = primary(phones.filter((x) => x.label !== 'mobile'));
  const custom: Record<string, CustomValue> = {};
  for (const [k, v] of Object.entries(p.custom_fields ?? {})) custom[k] = lookups.options ? lookups.options.read(k, customValue(v)) : customValue(v);
  const contact: Contact = normalizeContact({
    id: String(p.id),
    email: primary(p.emails),
    firstName: p.first_name ?? (first || undefined),
    lastName: p.last_name ?? (rest.join(' ') || undefined),
    phone,
    mobile,
    company: p.org_id ? lookups.orgs.get(p.org_id) : undefined,
    jobTitle: p.job_title ?? undefined,
    address: Object.keys(address).length ? address : undefined,
    tags: (p.label_ids ?? []).map((id) => lookups.labels.get(id)).filter((x): x is string => !!x),
    owner: p.owner_id ? String(p.owner_id) : undefined,
    deals: lookups.deals?.get(p.id),
    custom,
    updatedAt: isoTime(p.update_time),
  });
  return Object.fromEntries(Object.entries(contact).filter(([, v]) => v !== undefined)) as Contact;
}

/** Deal counts for one person from its deals (lost deals count, but add no value). Pure. */
export function summarizeDeals(deals: readonly { value?: number | null; status?: string | null }[]): Deals {
  let open = 0;
  let won = 0;
  let value = 0;
  for (const d of deals) {
    if (d.status === 'open') open++;
    if (d.status === 'won') won++;
    if (d.status === 'open' || d.status === 'won') value += d.value ?? 0;
  }
  return { count: deals.length, open, won, value };
}

/** Fields of a ContactWrite that Pipedrive computes itself; a write never sends them. */
export const PD_READ_ONLY = new Set(['id', 'deleted', 'updatedAt', 'deals.count', 'deals.open', 'deals.won', 'deals.value']);

/** The JSON body of a Pipedrive v2 person create/update. */
export type PdPersonBody = Record<string, unknown>;

/** Everything a write needs resolved before it is built (ids Pipedrive wants instead of names). */
export interface PdWriteContext {
  /** The person as it is now (updates), so untouched emails, phones and name parts are kept. */
  existing?: PdPerson;
  orgId?: number | null;
  labelIds?: number[];
  /** Choice fields' options, to write labels as option ids. */
  options?: PdOptions;
}

function setLabelled(list: PdPerson['emails'], value: unknown, label: string, pick: (x: { label?: string; primary?: boolean }) => boolean) {
  const items = [...(list ?? [])].map((x) => ({ value: x.value, primary: !!x.primary, label: x.label ?? label }));
  const at = items.findIndex(pick);
  if (value === null || value === '') {
    if (at >= 0) items.splice(at, 1);
  } else if (at >= 0) {
    items[at] = { ...items[at]!, value: String(value) };
  } else {
    items.push({ value: String(value), primary: !items.some((x) => x.primary), label });
  }
  if (items.length && !items.some((x) => x.primary)) items[0]!.primary = true;
  return items;
}

/**
 * Builds the person body for `fields` (dotted canonical paths; `null` clears). Pure.
 * @example writeToPersonBody({ firstName: 'Ann', email: 'ann@x.io' }, {}) // { name: 'Ann', emails: [...] }
 */
export function writeToPersonBody(fields: Record<string, unknown>, ctx: PdWriteContext): PdPersonBody {
  const body: PdPersonBody = {};
  const ex = ctx.existing;
  if ('firstName' in fields || 'lastName' in fields) {
    const first = 'firstName' in fields ? fields.firstName : ex?.first_name;
    const last = 'lastName' in fields ? fields.lastName : ex?.last_name;
    const name = [first, last].filter((x) => typeof x === 'string' && x.trim() !== '').join(' ');
    if (name) body.name = name;
  }
  if ('email' in fields) body.emails = setLabelled(ex?.emails, fields.email, 'work', (x) => !!x.primary);
  if ('phone' in fields || 'mobile' in fields) {
    let phones = ex?.phones ?? [];
    if ('phone' in fields) phones = setLabelled(phones, fields.phone, 'work', (x) => x.label !== 'mobile');
    if ('mobile' in fields) phones = setLabelled(phones, fields.mobile, 'mobile', (x) => x.label === 'mobile');
    body.phones = phones;
  }
  if ('jobTitle' in fields) body.job_title = fields.jobTitle ?? '';
  if ('company' in fields) body.org_id = ctx.orgId ?? null;
  if ('tags' in fields) body.label_ids = ctx.labelIds ?? [];
  if ('owner' in fields && fields.owner != null && /^\d+$/.test(String(fields.owner))) body.owner_id = Number(fields.owner);
  if ('unsubscribed' in fields && fields.unsubscribed != null) body.marketing_status = fields.unsubscribed ? 'unsubscribed' : 'subscribed';
  const addressKeys = Object.keys(fields).filter((k) => k.startsWith('address.'));
  if (addressKeys.length) {
    const a = ex?.postal_address ?? {};
    const next: Record<string, string> = {};
    const cur = {
      route: a.route ?? undefined,
      locality: a.locality ?? undefined,
      postal_code: a.postal_code ?? undefined,
      admin_area_level_1: a.admin_area_level_1 ?? undefined,
      country: a.country ?? undefined,
    };
    const map: Record<string, keyof typeof cur> = { 'address.street': 'route', 'address.city': 'locality', 'address.zip': 'postal_code', 'address.state': 'admin_area_level_1', 'address.country': 'country' };
    for (const k of addressKeys) if (map[k]) cur[map[k]] = fields[k] == null ? undefined : String(fields[k]);
    for (const [k, v] of Object.entries(cur)) if (v) next[k] = v;
    next.value = [cur.route, cur.postal_code, cur.locality, cur.admin_area_level_1, cur.country].filter(Boolean).join(', ');
    body.postal_address = next;
  }
  const custom = Object.keys(fields).filter((k) => k.startsWith('custom.'));
  if (custom.length) {
    body.custom_fields = Object.fromEntries(
      custom.map((k) => {
        const code = k.slice('custom.'.length);
        return [code, (ctx.options ? ctx.options.write(code, fields[k]) : fields[k]) ?? null];
      }),
    );
  }
  return body;
}
