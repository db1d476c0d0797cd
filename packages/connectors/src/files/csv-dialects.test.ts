import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Contact } from '@sluice/graph';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csvConnectorFactory } from './csv.connector';
import { planCsvDialect } from './csv-dialects';
import { parseCsvRows } from './csv-rows';

// The sample exports documented in docs/connectors/csv.md, read through the csv app as a user's file.
const samples = resolve(import.meta.dirname, '../../../../docs/examples/csv-exports');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-csv-export-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function contactsOf(sample: string): Promise<Contact[]> {
  const file = join(dir, sample);
  await copyFile(join(samples, sample), file);
  const out: Contact[] = [];
  for await (const page of csvConnectorFactory.create({ config: { path: file } }).changes(null)) {
    expect(page.failures ?? []).toEqual([]);
    out.push(...page.records);
  }
  return out;
}

const catalogOf = async (sample: string) => {
  const file = join(dir, `catalog-${sample}`);
  await copyFile(join(samples, sample), file);
  return csvConnectorFactory.create({ config: { path: file } }).fieldCatalog();
};

describe('csv exports recognised by their header row', () => {
  it('Google Contacts: names, every e-mail and phone with its label, organisation, address, labels without system groups', async () => {
    const [ada, grace] = await contactsOf('google-contacts.csv');
    expect(ada).toMatchObject({
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@engines.example',
      mobile: '+44 7700 900123',
      phone: '+44 20 7946 0001',
      company: 'Analytical Engines Ltd',
      jobTitle: 'Chief Engineer',
      website: 'https://engines.example/ada',
      address: { street: '12 Byron St', city: 'London', state: 'England', zip: 'W1 1AA', country: 'United Kingdom' },
      tags: ['Customers', 'VIP'],
      custom: {
        email_work: 'ada@engines.example',
        email_home: 'ada.l@home.example',
        email_home_2: 'ada@old.example',
        phone_mobile: '+44 7700 900123',
        phone_work: '+44 20 7946 0001',
        organization_department: 'R&D',
        birthday: '1815-12-10',
        notes: 'Met at the expo',
      },
    });
    expect(grace).toMatchObject({ firstName: 'Grace', email: 'grace@navy.example', phone: '+1 202 555 0142', tags: [], custom: { email_home: 'grace@navy.example' } });
    expect(grace!.mobile).toBeUndefined();
  });

  it('Outlook: business address, three e-mails, phones by their column, Title kept apart from Job Title, categories', async () => {
    const [bruno] = await contactsOf('outlook.csv');
    expect(bruno).toMatchObject({
      firstName: 'Bruno',
      lastName: 'Keller',
      email: 'bruno.keller@alpen.example',
      phone: '+41 44 555 01 01',
      mobile: '+41 79 555 03 03',
      company: 'Alpen Logistik AG',
      jobTitle: 'Head of Sales',
      website: 'https://alpen.example',
      address: { street: 'Bahnhofstrasse 1', city: 'Zürich', state: 'ZH', zip: '8001', country: 'Switzerland' },
      tags: ['Key account', 'Partner'],
      custom: {
        email_1: 'bruno.keller@alpen.example',
        email_2: 'bk@private.example',
        phone_home: '+41 44 555 01 01',
        phone_work: '+41 44 555 02 02',
        phone_mobile: '+41 79 555 03 03',
        phone_work_fax: '+41 44 555 02 99',
        title: 'Dr.',
        department: 'Sales',
      },
    });
  });

  it('HubSpot: its record id, owner and address; lifecycle stage and lead status as fields', async () => {
    const [chiara] = await contactsOf('hubspot.csv');
    expect(chiara).toMatchObject({
      id: '51234',
      email: 'chiara.rossi@vela.example',
      phone: '+39 02 555 0101',
      mobile: '+39 333 555 0202',
      company: 'Vela Srl',
      jobTitle: 'Buyer',
      owner: 'Sam Seller',
      address: { street: 'Via Roma 5', city: 'Milano', state: 'MI', zip: '20121', country: 'Italy' },
      custom: { lifecycle_stage: 'Customer', lead_status: 'Open deal', create_date: '2025-03-04 10:15' },
    });
  });

  it('Mailchimp: the quoted TAGS list, the one-cell address, its own columns as fields', async () => {
    const [dmitri] = await contactsOf('mailchimp.csv');
    expect(dmitri).toMatchObject({
      email: 'dmitri@steppe.example',
      firstName: 'Dmitri',
      phone: '+353 21 555 0100',
      company: 'Steppe Coffee',
      tags: ['Newsletter', 'Coffee lovers'],
      address: { street: '1 Harbour Rd  Cork  Munster T12 X1Y2 IE' },
      custom: { member_rating: 4, leid: 112233, euid: 'a1b2c3d4e5' },
    });
  });

  it('Pipedrive: its person id, labelled e-mails and phones, labels as tags, owner, postal address', async () => {
    const [emeka] = await contactsOf('pipedrive.csv');
    expect(emeka).toMatchObject({
      id: '7',
      firstName: 'Emeka',
      lastName: 'Obi',
      email: 'emeka@lagosfreight.example',
      phone: '+234 1 555 0100',
      mobile: '+234 802 555 0199',
      company: 'Lagos Freight',
      jobTitle: 'Operations Lead',
      owner: 'Pat Pipe',
      tags: ['Hot lead', 'Partner'],
      address: { street: 'Marina Rd', city: 'Lagos', state: 'Lagos State', zip: '101001', country: 'Nigeria' },
      custom: { email_work: 'emeka@lagosfreight.example', email_home: 'emeka.obi@mail.example', phone_work: '+234 1 555 0100', phone_mobile: '+234 802 555 0199', person_name: 'Emeka Obi', person_won_deals: 2 },
    });
  });

  it('a sheet with plain headers ("Email", "Company"): the ones it knows as fields, the others as custom fields', async () => {
    const [fatima] = await contactsOf('plain-headers.csv');
    expect(fatima).toMatchObject({ email: 'fatima@atlas.example', phone: '+212 522 555 010', company: 'Atlas Trading', jobTitle: 'Buyer', address: { city: 'Casablanca' }, custom: { name: 'Fatima Zahra', birthday: '1990-02-01' } });
  });

  it('lists every other header as a custom field labelled as in the file, filled or not, for the mapping step', async () => {
    const catalog = await catalogOf('hubspot.csv');
    expect(catalog.filter((f) => f.custom).map((f) => [f.path, f.label])).toEqual([
      ['custom.lifecycle_stage', 'Lifecycle Stage'],
      ['custom.lead_status', 'Lead Status'],
      ['custom.create_date', 'Create Date'],
      ['custom.last_activity_date', 'Last Activity Date'],
    ]);
    const outlook = await catalogOf('outlook.csv');
    expect(outlook).toContainEqual(expect.objectContaining({ path: 'custom.phone_work_fax', label: 'Phone (work fax)', custom: true }));
    expect(outlook).toContainEqual(expect.objectContaining({ path: 'custom.radio_phone', label: 'Radio Phone', custom: true }));
    // The canonical fields stay in the catalog.
    expect(outlook.map((f) => f.path)).toEqual(expect.arrayContaining(['email', 'address.city', 'tags']));
  });

  it('keeps a field-path file as it always was, however few paths it names', () => {
    for (const header of [['id', 'email', 'firstName', 'notes'], ['email', 'notes', 'firstName'], ['email', 'Company'], ['id', 'updatedAt'], ['Notes', 'Birthday']]) {
      expect([header, planCsvDialect(header)]).toEqual([header, undefined]);
    }
    expect(planCsvDialect(['Email', 'Company', 'id', 'custom.plan', 'updatedAt'])?.name).toBe('contact columns');
  });

  it('writes a changed contact back into the export\'s own columns, the others as they were', async () => {
    const [bruno] = await contactsOf('outlook.csv');
    const file = join(dir, 'outlook.csv');
    const c = csvConnectorFactory.create({ config: { path: file } });
    await c.upsertBatch([{ ref: 'r1', id: bruno!.id, fields: { jobTitle: 'Sales Director', tags: ['Partner'] } }, { ref: 'r2', fields: { email: 'new@alpen.example', mobile: '+41 79 555 00 00' } }], 'k1');
    const rows: string[][] = [];
    for await (const batch of parseCsvRows((async function* () { yield await readFile(file, 'utf8'); })())) for (const r of batch) rows.push(r.cells);
    const header = rows[0]!;
    const cell = (row: number, name: string) => rows[row]![header.indexOf(name)];
    expect(header.slice(0, 3)).toEqual(['First Name', 'Middle Name', 'Last Name']);
    expect(header.slice(-3)).toEqual(['Categories', 'id', 'updatedAt']);
    expect([cell(1, 'Job Title'), cell(1, 'Categories'), cell(1, 'Title'), cell(1, 'E-mail 2 Address'), cell(1, 'Business Fax')]).toEqual(['Sales Director', 'Partner', 'Dr.', 'bk@private.example', '+41 44 555 02 99']);
    expect([cell(2, 'E-mail Address'), cell(2, 'Mobile Phone'), cell(2, 'Business Phone')]).toEqual(['new@alpen.example', '+41 79 555 00 00', '']);
    // Read again, it is still an Outlook export.
    const again = csvConnectorFactory.create({ config: { path: file } });
    const read: Contact[] = [];
    for await (const page of again.changes(null)) read.push(...page.records);
    expect(read.map((r) => [r.email, r.jobTitle ?? null])).toEqual([
      ['bruno.keller@alpen.example', 'Sales Director'],
      ['new@alpen.example', null],
    ]);
  });
});
