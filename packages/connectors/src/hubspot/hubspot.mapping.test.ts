import { describe, expect, it } from 'vitest';
import { hsToContact, hsValue, summarizeHsDeals, writeToProperties } from './hubspot.mapping';

describe('hubspot mapping', () => {
  it('maps standard and custom properties by type', () => {
    const c = hsToContact(
      { id: '1', properties: { email: 'a@x.io', firstname: 'A', city: 'Ghent', hs_email_optout: 'true', seats: '12', vip: 'false', lastmodifieddate: '2025-01-01T00:00:00.000Z' } },
      new Map([
        ['seats', 'number'],
        ['vip', 'bool'],
      ]),
      ['Newsletter'],
    );
    expect(c).toEqual({
      id: '1',
      email: 'a@x.io',
      firstName: 'A',
      address: { city: 'Ghent' },
      unsubscribed: true,
      tags: [],
      lists: ['Newsletter'],
      custom: { seats: 12, vip: false },
      updatedAt: '2025-01-01T00:00:00.000Z',
    });
  });

  it('maps an archived contact as a deletion', () => {
    expect(hsToContact({ id: '2', properties: {}, archived: true, archivedAt: '2025-01-02T00:00:00Z' }, new Map())).toMatchObject({ id: '2', deleted: true });
  });

  it('writes only writable properties, clearing with ""', () => {
    expect(writeToProperties({ email: 'a@x.io', phone: null, 'custom.seats': 3, 'custom.score': 9, unsubscribed: true, 'address.zip': '9000' }, new Set(['seats']))).toEqual({
      email: 'a@x.io',
      phone: '',
      seats: '3',
      zip: '9000',
    });
  });

  it('reads values by property type', () => {
    expect(hsValue('', 'number')).toBeNull();
    expect(hsValue('x', 'number')).toBe('x');
  });
});

describe('summarizeHsDeals', () => {
  it('counts open and won deals and adds their amounts', () => {
    expect(
      summarizeHsDeals([
        { amount: '100', hs_is_closed: 'false', hs_is_closed_won: 'false' },
        { amount: '50.5', hs_is_closed: 'true', hs_is_closed_won: 'true' },
        { amount: '999', hs_is_closed: 'true', hs_is_closed_won: 'false' },
        { amount: null, hs_is_closed: 'false' },
      ]),
    ).toEqual({ count: 4, open: 2, won: 1, value: 150.5 });
  });
});
