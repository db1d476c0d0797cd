import { type Contact, type CustomValue, normalizeContact } from '@sluice/graph';
import type { WpProspect } from './woodpecker.schemas';

/** Woodpecker's fifteen snippet fields, kept as `custom.snippet1` … `custom.snippet15`. */
export const SNIPPETS = Array.from({ length: 15 }, (_, i) => `snippet${i + 1}`);
/** Prospect fields without a canonical home, kept as custom fields under their own names. */
export const EXTRA_FIELDS = ['industry', 'linkedin_url'];

/** Woodpecker prints offsets without a colon (`+0200`); returns ISO 8601 in UTC. Pure. */
export function wpTime(t: string | null | undefined): string | undefined {
  if (!t) return undefined;
  const fixed = t.trim().replace(' ', 'T').replace(/([+-]\d\d)(\d\d)$/, '$1:$2');
  const ms = Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(fixed) ? fixed : `${fixed}Z`);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** "#VIP #Trade fair" → ["VIP", "Trade fair"]. Pure. */
export function parseTags(tags: string | null | undefined): string[] {
  return (tags ?? '').split('#').map((t) => t.trim()).filter(Boolean);
}

/** ["VIP", "Trade fair"] → "#VIP #Trade fair". Pure. */
export function formatTags(tags: readonly string[]): string {
  return tags.map((t) => `#${t.replace(/#/g, '').trim()}`).filter((t) => t !== '#').join(' ');
}

const keep = (v: string | null | undefined) => (v && v.trim() !== '' ? v : undefined);

/**
 * A Woodpecker prospect as a canonical contact: tags parsed from "#a #b", status BLACKLIST as
 * unsubscribed, the status itself also as a tag-free custom field `custom.status`, snippets and
 * industry/LinkedIn as custom fields. Pure.
 */
export function prospectToContact(p: WpProspect, fallbackTime: string): Contact {
  const custom: Record<string, CustomValue> = {};
  for (const k of [...SNIPPETS, ...EXTRA_FIELDS]) {
    const v = p[k];
    if (typeof v === 'string' && v !== '') custom[k] = v;
  }
  if (p.status) custom.status = p.status;
  const address = Object.fromEntries(
    Object.entries({ street: keep(p.address), city: keep(p.city), state: keep(p.state), country: keep(p.country) }).filter((e) => e[1] !== undefined),
  );
  const contact = normalizeContact({
    id: String(p.id),
    email: keep(p.email),
    firstName: keep(p.first_name),
    lastName: keep(p.last_name),
    phone: keep(p.phone),
    company: keep(p.company),
    jobTitle: keep(p.title),
    website: keep(p.website),
    address: Object.keys(address).length ? address : undefined,
    tags: parseTags(p.tags),
    unsubscribed: p.status ? p.status === 'BLACKLIST' : undefined,
    custom,
    updatedAt: wpTime(p.updated) ?? fallbackTime,
  });
  return Object.fromEntries(Object.entries(contact).filter(([, v]) => v !== undefined)) as Contact;
}

/** Fields Woodpecker does not let the API write (status changes go through campaigns or the UI). */
export const WP_READ_ONLY = new Set(['id', 'deleted', 'updatedAt', 'unsubscribed', 'custom.status', 'owner', 'lists', 'deals.count', 'deals.open', 'deals.won', 'deals.value']);

const FIELD_MAP: Record<string, string> = {
  email: 'email',
  firstName: 'first_name',
  lastName: 'last_name',
  company: 'company',
  jobTitle: 'title',
  website: 'website',
  phone: 'phone',
  'address.street': 'address',
  'address.city': 'city',
  'address.state': 'state',
  'address.country': 'country',
};

/**
 * The prospect body for `fields` (dotted canonical paths; `null` clears, sent as ""). A mobile number
 * lands in `phone` when no phone is given. Fields Woodpecker has no place for are listed in `ignored`. Pure.
 */
export function writeToProspect(fields: Record<string, unknown>, id?: string): { prospect: Record<string, string>; ignored: string[] } {
  const prospect: Record<string, string> = {};
  const ignored: string[] = [];
  if (id) prospect.id = id;
  for (const [path, value] of Object.entries(fields)) {
    const text = value == null ? '' : String(value);
    if (FIELD_MAP[path]) prospect[FIELD_MAP[path]] = text;
    else if (path === 'tags') prospect.tags = formatTags(Array.isArray(value) ? value.map(String) : []);
    else if (path === 'mobile') {
      if (!('phone' in fields)) prospect.phone = text;
    } else if (path.startsWith('custom.') && [...SNIPPETS, ...EXTRA_FIELDS].includes(path.slice(7))) prospect[path.slice(7)] = text;
    else if (!WP_READ_ONLY.has(path)) ignored.push(path);
  }
  return { prospect, ignored };
}
