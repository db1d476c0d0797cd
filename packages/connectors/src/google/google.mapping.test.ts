import { describe, expect, it } from 'vitest';
import { personToContact, writeToPerson } from './google.mapping';

const groups = new Map([['contactGroups/vip', 'VIP']]);
const person = {
  resourceName: 'people/c1',
  etag: 'e1',
  metadata: { sources: [{ type: 'CONTACT', updateTime: '2025-01-01T00:00:00Z' }] },
  names: [{ givenName: 'Ann', familyName: 'Lee' }],
  emailAddresses: [{ value: 'ann@x.io', type: 'work' }, { value: 'ann@home.io', type: 'home' }],
  phoneNumbers: [{ value: '+3299', type: 'mobile' }, { value: '+3211', type: 'work' }],
  organizations: [{ name: 'Acme', title: 'CTO' }],
  memberships: [{ contactGroupMembership: { contactGroupResourceName: 'contactGroups/vip' } }, { contactGroupMembership: { contactGroupResourceName: 'contactGroups/myContacts' } }],
  userDefined: [{ key: 'Source', value: 'fair' }],
};

describe('google mapping', () => {
  it('maps a person; system groups are not tags', () => {
    expect(personToContact(person, groups, 'now')).toEqual({
      id: 'people/c1',
      email: 'ann@x.io',
      firstName: 'Ann',
      lastName: 'Lee',
      phone: '+3211',
      mobile: '+3299',
      company: 'Acme',
      jobTitle: 'CTO',
      tags: ['VIP'],
      lists: [],
      custom: { Source: 'fair' },
      updatedAt: '2025-01-01T00:00:00.000Z',
    });
  });

  it('maps a deletion', () => {
    expect(personToContact({ resourceName: 'people/c2', metadata: { deleted: true } }, groups, '2025-02-02T00:00:00.000Z')).toMatchObject({ id: 'people/c2', deleted: true });
  });

  it('merges a write into the current person and names the fields to update', () => {
    const g = { resourceFor: (t: string) => (t === 'New' ? 'contactGroups/new' : undefined), isSystem: (rn: string) => rn === 'contactGroups/myContacts' };
    const { person: out, mask } = writeToPerson({ email: 'new@x.io', jobTitle: null, tags: ['New'], 'custom.Source': null }, person, g);
    expect(mask.sort()).toEqual(['emailAddresses', 'memberships', 'organizations', 'userDefined']);
    expect(out.emailAddresses).toEqual([{ value: 'new@x.io', type: 'work' }, { value: 'ann@home.io', type: 'home' }]);
    expect(out.organizations).toEqual([{ name: 'Acme' }]);
    expect(out.userDefined).toEqual([]);
    expect(out.memberships).toEqual([
      { contactGroupMembership: { contactGroupResourceName: 'contactGroups/myContacts' } },
      { contactGroupMembership: { contactGroupResourceName: 'contactGroups/new' } },
    ]);
  });
});
