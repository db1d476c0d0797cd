import type { Contact, FieldDef } from '@sluice/graph';
import { cellToValue, contactCell, isContactColumn, valueToCell } from './csv-cells';

/**
 * Contact exports as people have them (Google Contacts, Outlook, HubSpot, Mailchimp, Pipedrive, or
 * any sheet with headers like "Email" and "Company"), recognised by their header row. Each column
 * gets a meaning: a contact field, one labelled e-mail or phone, the tags, or (any other header) a
 * custom field named after it, which the mapping step can map like any field. A header that is
 * already a field path (`email`, `custom.plan`, the `id` and `updatedAt` Sluice adds) keeps that
 * meaning, so files Sluice wrote into stay readable. See docs/apps/files.md.
 */

/** What one column of an export holds. */
type Column =
  /** A contact field path (`firstName`, `address.city`, `custom.lifecycle_stage`). */
  | { kind: 'path'; path: string }
  /** One e-mail or phone under a fixed label (Outlook's "Business Phone", Pipedrive's "Email - Work"). */
  | { kind: 'email' | 'phone'; label: string }
  /** Google's numbered pairs: "E-mail 1 - Label" and "E-mail 1 - Value" (values joined by " ::: "). */
  | { kind: 'googleLabel' | 'googleValue'; what: 'email' | 'phone'; slot: number }
  /** Tags, split and joined the way this export writes lists. */
  | { kind: 'tags'; split: (text: string) => string[]; join: (tags: readonly string[]) => string };

interface Dialect {
  id: 'google' | 'outlook' | 'hubspot' | 'mailchimp' | 'pipedrive' | 'headers';
  name: string;
  /** True when a header row (lower-cased) is this export's. */
  detect(headers: ReadonlySet<string>): boolean;
  /** The meaning of one (lower-cased) header, or undefined for a custom field. */
  column(header: string): Column | undefined;
}

const path = (p: string): Column => ({ kind: 'path', path: p });
const splitOn = (separator: string | RegExp) => (text: string) => text.split(separator).map((s) => s.trim()).filter((s) => s !== '');
const table = (entries: Record<string, Column>) => (header: string) => entries[header];
const semicolons: Column = { kind: 'tags', split: splitOn(/[;,]/), join: (tags) => tags.join(';') };

// Google joins several values of one cell with " ::: " and marks system groups with "* ".
const googleList = (text: string) => splitOn(':::')(text).filter((s) => !s.startsWith('*'));
 const googleTags: Column = { kind: 'tags', split: googleList, join: (tags) => tags.join(' ::: ') };
const GOOGLE_PAIR = /^(e-mail|phone) (\d+) - (label|type|value)$/;

const google: Dialect = {
  id: 'google',
  name: 'Google Contacts',
  detect: (h) => [...h].some((x) => GOOGLE_PAIR.test(x)) || (h.has('given name') && h.has('group membership')),
  column(header) {
    const pair = GOOGLE_PAIR.exec(header);
    if (pair) return { kind: pair[3] === 'value' ? 'googleValue' : 'googleLabel', what: pair[1] === 'phone' ? 'phone' : 'email', slot: Number(pair[2]) };
    return table({
      'first name': path('firstName'),
      'given name': path('firstName'),
      'last name': path('lastName'),
      'family name': path('lastName'),
      'organization name': path('company'),
      'organization 1 - name': path('company'),
      'organization title': path('jobTitle'),
      'organization 1 - title': path('jobTitle'),
      'address 1 - street': path('address.street'),
      'address 1 - city': path('address.city'),
      'address 1 - postal code': path('address.zip'),
      'address 1 - region': path('address.state'),
      'address 1 - country': path('address.country'),
      'website 1 - value': path('website'),
      labels: googleTags,
      'group membership': googleTags,
    })(header);
  },
};

const outlookPhones: Record<string, string> = {
  'business phone': 'work',
  'business phone 2': 'work 2',
  'home phone': 'home',
  'home phone 2': 'home 2',
  'mobile phone': 'mobile',
  'other phone': 'other',
  'primary phone': 'primary',
  'company main telephone': 'company main',
  'business fax': 'work fax',
  'home fax': 'home fax',
  'other fax': 'other fax',
  'car phone': 'car',
  pager: 'pager',
  "assistant's phone": 'assistant',
};

const outlook: Dialect = {
  id: 'outlook',
  name: 'Outlook',
  detect: (h) => h.has('e-mail address') && ['business phone', 'mobile phone', 'home street', 'e-mail 2 address', 'business street'].some((x) => h.has(x)),
  column(header) {
    const phone = outlookPhones[header];
    if (phone) return { kind: 'phone', label: phone };
    // Outlook's "Title" is the name prefix (Mr., Dr.); the job is "Job Title".
    return table({
      'first name': path('firstName'),
      'last name': path('lastName'),
      company: path('company'),
      'job title': path('jobTitle'),
      'e-mail address': { kind: 'email', label: '1' },
      'e-mail 2 address': { kind: 'email', label: '2' },
      'e-mail 3 address': { kind: 'email', label: '3' },
      'business street': path('address.street'),
      'business city': path('address.city'),
      'business state': path('address.state'),
      'business postal code': path('address.zip'),
      'business country/region': path('address.country'),
      'web page': path('website'),
      categories: semicolons,
    })(header);
  },
};

const hubspot: Dialect = {
  id: 'hubspot',
  name: 'HubSpot',
  detect: (h) => h.has('email') && ['record id', 'contact owner', 'lifecycle stage'].some((x) => h.has(x)),
  column: table({
    'record id': path('id'),
    'first name': path('firstName'),
    'last name': path('lastName'),
    email: path('email'),
    'phone number': path('phone'),
    'mobile phone number': path('mobile'),
    'company name': path('company'),
    'job title': path('jobTitle'),
    'street address': path('address.street'),
    city: path('address.city'),
    'state/region': path('address.state'),
    'postal code': path('address.zip'),
    'country/region': path('address.country'),
    'website url': path('website'),
    'contact owner': path('owner'),
  }),
};

/** Mailchimp's TAGS cell: `"Customer","VIP"`. */
const mailchimpTags = (text: string) => [...text.matchAll(/"((?:[^"]|"")*)"|([^,]+)/g)].map((m) => (m[1] ?? m[2] ?? '').replace(/""/g, '"').trim()).filter((s) => s !== '');

const mailchimp: Dialect = {
  id: 'mailchimp',
  name: 'Mailchimp',
  detect: (h) => h.has('email address') && ['member_rating', 'optin_time', 'confirm_time', 'leid', 'euid', 'tags'].some((x) => h.has(x)),
  column: table({
    'email address': path('email'),
    'first name': path('firstName'),
    'last name': path('lastName'),
    // Mailchimp writes the whole address in one cell.
    address: path('address.street'),
    'phone number': path('phone'),
    company: path('company'),
    tags: { kind: 'tags', split: mailchimpTags, join: (tags) => tags.map((t) => `"${t.replace(/"/g, '""')}"`).join(',') },
  }),
};

const commas: Column = { kind: 'tags', split: splitOn(','), join: (tags) => tags.join(', ') };

const pipedrive: Dialect = {
  id: 'pipedrive',
  name: 'Pipedrive',
  detect: (h) => [...h].some((x) => x.startsWith('person - ')),
  column(header) {
    const labelled = /^person - (email|phone) - (.+)$/.exec(header);
    if (labelled) return { kind: labelled[1] === 'phone' ? 'phone' : 'email', label: labelled[2]! };
    return table({
      'person - id': path('id'),
      'person - first name': path('firstName'),
      'person - last name': path('lastName'),
      'person - organization': path('company'),
      'person - job title': path('jobTitle'),
      'person - owner': path('owner'),
      'person - label': commas,
      'person - labels': commas,
      'person - postal address - street/road name': path('address.street'),
      'person - postal address - city/town/village/locality': path('address.city'),
      'person - postal address - state/county': path('address.state'),
      'person - postal address - zip/postal code': path('address.zip'),
      'person - postal address - country': path('address.country'),
    })(header);
  },
};

/** A sheet someone made: the usual names of contact columns, in English. */
const headers: Dialect = {
  id: 'headers',
  name: 'contact columns',
  detect: () => true,
  column: table({
    email: path('email'),
    'e-mail': path('email'),
    'email address': path('email'),
    'e-mail address': path('email'),
    'first name': path('firstName'),
    firstname: path('firstName'),
    'given name': path('firstName'),
    'last name': path('lastName'),
    lastname: path('lastName'),
    surname: path('lastName'),
    'family name': path('lastName'),
    phone: path('phone'),
    'phone number': path('phone'),
    telephone: path('phone'),
    mobile: path('mobile'),
    'mobile phone': path('mobile'),
    cell: path('mobile'),
    company: path('company'),
    'company name': path('company'),
    organization: path('company'),
    organisation: path('company'),
    'job title': path('jobTitle'),
    title: path('jobTitle'),
    position: path('jobTitle'),
    website: path('website'),
    street: path('address.street'),
    city: path('address.city'),
    zip: path('address.zip'),
    'postal code': path('address.zip'),
    state: path('address.state'),
    country: path('address.country'),
    tags: semicolons,
    labels: semicolons,
  }),
};

const DIALECTS = [pipedrive, mailchimp, hubspot, outlook, google];

/** A custom field key from a header or label: lower-case words joined by `_` ("Lead Status" → `lead_status`). Pure. */
export function customKey(text: string): string {
  const key = text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 64);
  return key === '' ? 'column' : key;
}

const labelled = (what: 'email' | 'phone', label: string) => `${what}_${customKey(label)}`;
const labelText = (what: 'email' | 'phone', label: string) => `${what === 'email' ? 'E-mail' : 'Phone'} (${label})`;
const isMobile = (label: string) => /mobile|cell/i.test(label);

/** How the rows of one header are read into contacts and written back. */
export interface CsvDialectPlan {
  /** The export's name ("Google Contacts"), for the docs and messages. */
  name: string;
  /** The custom fields the header names (labels as people read them), for the field catalog. */
  fields: FieldDef[];
  /** A readable label for a custom field a row made from a label (Google's `email_home_2` → "E-mail (home) 2"). */
  labelOf(key: string): string | undefined;
  /** One row as the plain object `contactFromObject` reads. */
  read(cells: readonly string[], where: string): Record<string, unknown>;
  /** The field paths some column writes (the writer adds columns only for the others). */
  writes: ReadonlySet<string>;
  /** One row written from `contact`, over the cells it had (`previous`, or all empty). */
  write(contact: Contact, previous: readonly string[]): string[];
}

interface Placed {
  index: number;
  column: Column;
}

/**
 * The plan for a header row that is an export rather than field paths, or undefined when it is the
 * field-path format (any header is a contact field other than `id` and `updatedAt`, or none is
 * recognised), which is then read as it always was. Pure.
 */
export function planCsvDialect(columns: readonly string[]): CsvDialectPlan | undefined {
  const lower = columns.map((c) => c.trim().toLowerCase());
  const set = new Set(lower);
  const isPath = (c: string) => isContactColumn(c);
  const dialect = DIALECTS.find((d) => d.detect(set)) ?? headers;
  if (dialect === headers) {
    // A field-path file (what Sluice writes) stays one. A sheet of plain headers is read as one when
    // it names more fields in words than by path (Sluice adds path columns such as `id` to it).
    const paths = columns.filter((c) => isPath(c) && c !== 'id' && c !== 'updatedAt').length;
    const words = lower.filter((h, i) => !isPath(columns[i]!) && headers.column(h) !== undefined).length;
    if (words === 0 || paths >= words) return undefined;
  }

  const placed: Placed[] = [];
  const fields = new Map<string, FieldDef>();
  const taken = new Set<string>();
  const customField = (key: string, label: string) => {
    fields.set(key, { path: `custom.${key}`, type: 'string', label, custom: true });
    taken.add(key);
  };
  columns.forEach((header, index) => {
    const name = header.trim();
    if (name === '') return;
    const column: Column | undefined = isPath(name) ? path(name) : dialect.column(lower[index]!);
    if (column) {
      placed.push({ index, column });
      if (column.kind === 'email' || column.kind === 'phone') customField(labelled(column.kind, column.label), labelText(column.kind, column.label));
      return;
    }
    let key = customKey(name);
    for (let n = 2; taken.has(key); n++) key = `${customKey(name)}_${n}`;
    customField(key, name);
    placed.push({ index, column: path(`custom.${key}`) });
  });
  // The first e-mail and phone columns hold the contact's own email and phone when written back.
  const firstOf = (what: 'email' | 'phone', mobile: boolean) =>
    placed.find((p) => (p.column.kind === what && isMobile(p.column.label) === mobile) || (p.column.kind === 'googleValue' && p.column.what === what && p.column.slot === 1 && !mobile));
  const writeEmail = firstOf('email', false);
  const writePhone = firstOf('phone', false);
  const writeMobile = firstOf('phone', true);
  const writes = new Set<string>();
  for (const p of placed) if (p.column.kind === 'path') writes.add(p.column.path);
  for (const p of placed) if (p.column.kind === 'tags') writes.add('tags');
  if (writeEmail) writes.add('email');
  if (writePhone) writes.add('phone');
  if (writeMobile) writes.add('mobile');

  return {
    name: dialect.name,
    fields: [...fields.values()],
    writes,
    labelOf(key) {
      const m = /^(email|phone)_(.+?)(?:_(\d+))?$/.exec(key);
      return m ? `${labelText(m[1] as 'email' | 'phone', m[2]!.replace(/_/g, ' '))}${m[3] ? ` ${m[3]}` : ''}` : undefined;
    },
    read(cells, where) {
      const obj: Record<string, unknown> = {};
      const custom: Record<string, unknown> = {};
      const emails: [string, string][] = [];
      const phones: [string, string][] = [];
      const googleLabels = new Map<string, string>();
      for (const { index, column } of placed) {
        const cell = cells[index] ?? '';
        if (column.kind === 'googleLabel') googleLabels.set(`${column.what}${column.slot}`, cell.replace(/^\*/, '').trim());
      }
      for (const { index, column } of placed) {
        const cell = cells[index] ?? '';
        const text = cell.trim();
        if (text === '') continue;
        switch (column.kind) {
          case 'path': {
            const value = cellToValue(column.path, cell, where);
            if (value === undefined) break;
            const [top, sub] = column.path.split('.', 2) as [string, string?];
            if (top === 'custom') custom[sub!] = value;
            else if (sub === undefined) obj[top] = value;
            else ((obj[top] ??= {}) as Record<string, unknown>)[sub] = value;
            break;
          }
          case 'email':
          case 'phone':
            (column.kind === 'email' ? emails : phones).push([column.label, text]);
            break;
          case 'googleValue': {
            const label = googleLabels.get(`${column.what}${column.slot}`) || 'other';
            for (const value of splitOn(':::')(text)) (column.what === 'email' ? emails : phones).push([label, value]);
            break;
          }
          case 'tags':
            obj.tags = [...((obj.tags as string[] | undefined) ?? []), ...column.split(text)];
            break;
          case 'googleLabel':
            break;
        }
      }
      // Every e-mail and phone keeps its label as a custom field; the first ones are the contact's own.
      const keep = (what: 'email' | 'phone', [label, value]: [string, string]) => {
        let key = labelled(what, label);
        for (let n = 2; custom[key] !== undefined; n++) key = `${labelled(what, label)}_${n}`;
        custom[key] = value;
      };
      for (const e of emails) keep('email', e);
      for (const p of phones) keep('phone', p);
      if (obj.email === undefined && emails[0]) obj.email = emails[0][1];
      if (obj.mobile === undefined) obj.mobile = phones.find(([l]) => isMobile(l))?.[1];
      if (obj.phone === undefined) obj.phone = phones.find(([l]) => !isMobile(l))?.[1];
      for (const k of ['mobile', 'phone']) if (obj[k] === undefined) delete obj[k];
      if (Object.keys(custom).length > 0) obj.custom = custom;
      return obj;
    },
    write(contact, previous) {
      const cells = columns.map((_, i) => previous[i] ?? '');
      for (const p of placed) {
        const { index, column } = p;
        if (column.kind === 'path') cells[index] = contactCell(contact, column.path);
        else if (column.kind === 'tags') cells[index] = column.join(contact.tags);
        else if (column.kind === 'email' || column.kind === 'phone') {
          // A labelled column shows its custom field; the contact's own email or phone fills the first one.
          const own = p === writeEmail ? contact.email : p === writePhone ? contact.phone : p === writeMobile ? contact.mobile : undefined;
          const kept = contact.custom[labelled(column.kind, column.label)];
          cells[index] = own ?? valueToCell(kept);
        } else if (column.kind === 'googleValue' && p === writeEmail) cells[index] = contact.email ?? '';
        else if (column.kind === 'googleValue' && p === writePhone) cells[index] = contact.phone ?? contact.mobile ?? '';
      }
      return cells;
    },
  };
}
