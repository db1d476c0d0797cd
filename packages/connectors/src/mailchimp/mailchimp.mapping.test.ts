import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dataCentreOfKey } from './mailchimp.endpoint';
import { addressWrite, memberToContact, memberWrite, mergeFieldDefs, subscriberHash } from './mailchimp.mapping';

const member = {
  id: subscriberHash('ann@x.io'),
  contact_id: 'c-1',
  email_address: 'ann@x.io',
  status: 'cleaned',
  merge_fields: {
    FNAME: 'Ann',
    LNAME: '',
    PHONE: '+32 9 123',
    ADDRESS: { addr1: 'Main St 4', addr2: 'Box 2', city: 'Ghent', state: '', zip: '9000', country: 'BE' },
    SEATS: 12,
    PLAN: 'Gold',
    EMPTY: '',
  },
  tags: [{ id: 1, name: 'VIP' }],
  last_changed: '2025-03-01T10:00:00+00:00',
};

describe('memberToContact', () => {
  it('maps merge fields, tags and status, and keeps the contact id as the id', () => {
    expect(memberToContact(member, 'now')).toEqual({
      id: 'c-1',
      email: 'ann@x.io',
      firstName: 'Ann',
      phone: '+32 9 123',
      address: { street: 'Main St 4, Box 2', city: 'Ghent', zip: '9000', country: 'BE' },
      tags: ['VIP'],
      lists: [],
      unsubscribed: true,
      custom: { status: 'cleaned', SEATS: 12, PLAN: 'Gold' },
      updatedAt: '2025-03-01T10:00:00.000Z',
    });
  });

  it('reads unsubscribed for unsubscribed and cleaned only, and archived as a deletion', () => {
    const status = (s: string) => memberToContact({ ...member, status: s }, 'now');
    expect(['subscribed', 'pending', 'transactional', 'unsubscribed', 'cleaned'].map((s) => status(s).unsubscribed)).toEqual([false, false, false, true, true]);
    expect(status('archived')).toMatchObject({ deleted: true });
    expect(status('archived').unsubscribed).toBeUndefined();
  });

  it('falls back to the subscriber hash without a contact id', () => {
    expect(memberToContact({ ...member, contact_id: null }, 'now').id).toBe(createHash('md5').update('ann@x.io').digest('hex'));
  });
});

describe('memberWrite', () => {
  it('puts names and phone in their merge fields, clears with "", and keeps unknown custom fields out', () => {
    expect(memberWrite({ firstName: 'Ann', lastName: null, phone: '+32', 'custom.PLAN': 'Gold', 'custom.NOPE': 'x', mobile: '+1', tags: ['A', ' A ', 'B'] }, new Set(['PLAN']), undefined)).toEqual({
      mergeFields: { FNAME: 'Ann', LNAME: '', PHONE: '+32', PLAN: 'Gold' },
      unsubscribe: false,
      tags: ['A', 'B'],
      ignored: ['custom.NOPE', 'mobile'],
    });
  });

  it('carries an unsubscribe, and never a re-subscribe', () => {
    expect(memberWrite({ unsubscribed: true }, new Set(), undefined).unsubscribe).toBe(true);
    expect(memberWrite({ unsubscribed: false }, new Set(), undefined).unsubscribe).toBe(false);
  });

  it('writes the whole address from the current one, and keeps addr2 under an unchanged street', () => {
    const current = member.merge_fields.ADDRESS;
    expect(addressWrite({ 'address.city': 'Brussels' }, current)).toEqual({ addr1: 'Main St 4', addr2: 'Box 2', city: 'Brussels', state: '', zip: '9000', country: 'BE' });
    expect(addressWrite({ 'address.street': 'Main St 4, Box 2' }, current)).toMatchObject({ addr1: 'Main St 4', addr2: 'Box 2' });
    expect(addressWrite({ 'address.street': 'Elm St 1' }, current)).not.toHaveProperty('addr2');
    expect(addressWrite({ 'address.city': 'Ghent' }, undefined)).toEqual({ addr1: '', city: 'Ghent', state: '', zip: '' });
    expect(addressWrite({ 'address.city': null }, { addr1: '', city: 'Ghent', state: '', zip: '' })).toBe('');
  });
});

describe('mergeFieldDefs', () => {
  it('describes custom merge fields with their types, and dropdown or radio choices as options', () => {
    expect(
      mergeFieldDefs([
        { tag: 'FNAME', name: 'First Name', type: 'text' },
        { tag: 'SEATS', name: 'Seats', type: 'number' },
        { tag: 'PLAN', name: 'Plan', type: 'dropdown', options: { choices: ['Free', 'Gold'] } },
        { tag: 'SIZE', name: 'Size', type: 'radio', options: { choices: ['S', 'M'] } },
        { tag: 'SHIP', name: 'Shipping', type: 'address' },
      ]),
    ).toEqual([
      { path: 'custom.SEATS', label: 'Seats', type: 'number', custom: true },
      { path: 'custom.PLAN', label: 'Plan', type: 'string', custom: true, options: ['Free', 'Gold'] },
      { path: 'custom.SIZE', label: 'Size', type: 'string', custom: true, options: ['S', 'M'] },
      { path: 'custom.SHIP', label: 'Shipping', type: 'string', custom: true, readOnly: true },
    ]);
  });
});

describe('dataCentreOfKey', () => {
  it('reads the data centre from a key ending, and nothing from a key that has none', () => {
    expect(dataCentreOfKey('0123456789abcdef-us6')).toBe('us6');
    expect(dataCentreOfKey('0123456789abcdef')).toBeUndefined();
    expect(dataCentreOfKey('abc-evil.example/x')).toBeUndefined();
  });
});
