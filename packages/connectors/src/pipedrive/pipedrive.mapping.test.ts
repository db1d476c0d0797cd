import { describe, expect, it } from 'vitest';
import { customValue, isoTime, personToContact, summarizeDeals, writeToPersonBody } from './pipedrive.mapping';

const person = {
  id: 7,
  name: 'Ann Lee',
  first_name: 'Ann',
  last_name: 'Lee',
  owner_id: 3,
  org_id: 9,
  update_time: '2025-03-01T10:00:00Z',
  emails: [
    { value: 'old@x.io', primary: false, label: 'home' },
    { value: 'ann@x.io', primary: true, label: 'work' },
  ],
  phones: [
    { value: '+3211', primary: true, label: 'work' },
    { value: '+3299', primary: false, label: 'mobile' },
  ],
  label_ids: [1, 5],
  postal_address: { route: 'Main St', street_number: '4', locality: 'Ghent', postal_code: '9000', country: 'Belgium' },
  custom_fields: { abc: { value: 12, currency: 'EUR' }, def: 'x', ghi: null },
};

describe('personToContact', () => {
  it('maps the primary email, phones by label, organization, labels, owner and custom fields', () => {
    const c = personToContact(person, { labels: new Map([[1, 'Customer']]), orgs: new Map([[9, 'Acme']]), deals: new Map([[7, { count: 1, open: 1, won: 0, value: 5 }]]) });
    expect(c).toEqual({
      id: '7',
      email: 'ann@x.io',
      firstName: 'Ann',
      lastName: 'Lee',
      phone: '+3211',
      mobile: '+3299',
      company: 'Acme',
      address: { street: 'Main St 4', city: 'Ghent', zip: '9000', country: 'Belgium' },
      tags: ['Customer'],
      lists: [],
      owner: '3',
      deals: { count: 1, open: 1, won: 0, value: 5 },
      custom: { abc: 12, def: 'x', ghi: null },
      updatedAt: '2025-03-01T10:00:00.000Z',
    });
  });
});

describe('writeToPersonBody', () => {
  it('keeps the other name part, other emails and the mobile when changing one of them', () => {
    const body = writeToPersonBody({ lastName: 'Smith', email: 'new@x.io', phone: null }, { existing: person });
    expect(body.name).toBe('Ann Smith');
    expect(body.emails).toEqual([
      { value: 'old@x.io', primary: false, label: 'home' },
      { value: 'new@x.io', primary: true, label: 'work' },
    ]);
    expect(body.phones).toEqual([{ value: '+3299', primary: true, label: 'mobile' }]);
  });

  it('sends resolved organization and label ids, owner as a number and custom fields by code', () => {
    expect(writeToPersonBody({ company: 'Acme', tags: ['A'], owner: '12', 'custom.abc': 3, unsubscribed: true }, { orgId: 9, labelIds: [4] })).toEqual({
      org_id: 9,
      label_ids: [4],
      owner_id: 12,
      marketing_status: 'unsubscribed',
      custom_fields: { abc: 3 },
    });
  });
});

describe('helpers', () => {
  it('counts deals: lost ones count but add no value', () => {
    expect(summarizeDeals([{ status: 'open', value: 10 }, { status: 'won', value: 5 }, { status: 'lost', value: 100 }])).toEqual({ count: 3, open: 1, won: 1, value: 15 });
  });
  it('reads RFC 3339 and Pipedrive v1-style times', () => {
    expect(isoTime('2025-01-02 03:04:05')).toBe('2025-01-02T03:04:05.000Z');
    expect(isoTime('2025-01-02T03:04:05+01:00')).toBe('2025-01-02T02:04:05.000Z');
  });
  it('flattens custom values', () => {
    expect(customValue({ value: 'a' })).toBe('a');
    expect(customValue(['a', { value: 'b' }])).toBe('a, b');
  });
});
