import { describe, expect, it } from 'vitest';
import { contactBody, contactToCanonical, needsCurrent } from './microsoft.mapping';
import type { MsContact } from './microsoft.schemas';

const now = '2026-01-01T00:00:00.000Z';

describe('Outlook contact → canonical contact', () => {
  it('leaves out empty values and takes the first non-empty business and home phones', () => {
    const c: MsContact = { id: 'c1', givenName: ' ', surname: 'Lee', emailAddresses: [{ address: '' }, { address: 'ann@x.io' }], businessPhones: [null, '+3291'], homePhones: [], categories: ['VIP', 'VIP', ''], lastModifiedDateTime: '2025-03-04T05:06:07.1234567Z' };
    expect(contactToCanonical(c, now)).toEqual({ id: 'c1', lastName: 'Lee', email: 'ann@x.io', phone: '+3291', tags: ['VIP'], lists: [], custom: {}, updatedAt: '2025-03-04T05:06:07.123Z' });
  });

  it('takes the time of the read when Graph gives no modification time', () => {
    expect(contactToCanonical({ id: 'c1' }, now).updatedAt).toBe(now);
  });
});

describe('canonical write → Graph contact body', () => {
  it('clears a name with null and ignores what Outlook has no place for', () => {
    const { body, ignored } = contactBody({ firstName: null, lastName: '', unsubscribed: true, lists: ['x'], owner: 'o', 'custom.homeAddress': 'x', id: 'c1' }, undefined);
    expect(body).toEqual({ givenName: null, surname: null });
    expect(ignored).toEqual(['unsubscribed', 'lists', 'owner']);
  });

  it('fills the e-mail slots from the contact, keeps each address’s display name, and closes gaps', () => {
    const current: MsContact = { id: 'c1', emailAddresses: [{ address: 'a@x.io', name: 'Ann (work)' }, { address: 'b@x.io', name: 'Ann (home)' }, { address: 'c@x.io', name: 'c@x.io' }] };
    expect(contactBody({ 'custom.email2': 'B2@x.io' }, current).body.emailAddresses).toEqual([
      { address: 'a@x.io', name: 'Ann (work)' },
      { address: 'B2@x.io', name: 'B2@x.io' },
      { address: 'c@x.io', name: 'c@x.io' },
    ]);
    expect(contactBody({ email: null }, current).body.emailAddresses).toEqual([
      { address: 'b@x.io', name: 'Ann (home)' },
      { address: 'c@x.io', name: 'c@x.io' },
    ]);
    expect(contactBody({ 'custom.email3': 'z@x.io' }, { id: 'c2' }).body.emailAddresses).toEqual([{ address: 'z@x.io', name: 'z@x.io' }]);
  });

  it('replaces the first business or home phone and keeps the others; clearing drops it', () => {
    const current: MsContact = { id: 'c1', businessPhones: ['+1', '+2'], homePhones: ['+3'] };
    expect(contactBody({ phone: '+9', 'custom.homePhone': null }, current).body).toEqual({ businessPhones: ['+9', '+2'], homePhones: [] });
  });

  it('merges address parts into the business address and leaves out the cleared ones', () => {
    const current: MsContact = { id: 'c1', businessAddress: { street: 'Main St 4', city: 'Ghent', postalCode: '9000' } };
    expect(contactBody({ 'address.city': 'Brussels', 'address.zip': null, 'address.country': 'Belgium' }, current).body).toEqual({
      businessAddress: { street: 'Main St 4', city: 'Brussels', countryOrRegion: 'Belgium' },
    });
  });

  it('writes tags as categories, trimmed and once each', () => {
    expect(contactBody({ tags: [' VIP ', 'VIP', '', 'Fair'] }, undefined).body).toEqual({ categories: ['VIP', 'Fair'] });
    expect(contactBody({ tags: null }, undefined).body).toEqual({ categories: [] });
  });

  it('reads the contact first only for fields Graph replaces whole', () => {
    expect(needsCurrent({ firstName: 'A', tags: ['x'], company: 'Acme' })).toBe(false);
    for (const path of ['email', 'custom.email2', 'custom.email3', 'phone', 'custom.homePhone', 'address.city']) expect(needsCurrent({ [path]: 'x' }), path).toBe(true);
  });
});
