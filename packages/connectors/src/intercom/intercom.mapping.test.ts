import { describe, expect, it } from 'vitest';
import { attributeDefs, contactBody, icToContact, joinName, splitName } from './intercom.mapping';

describe('Intercom names', () => {
  it.each([
    ['Ann', { firstName: 'Ann' }],
    ['  Mary  Ann   Lee ', { firstName: 'Mary', lastName: 'Ann Lee' }],
    ['', {}],
    [null, {}],
  ])('splits %j at the first space', (name, parts) => {
    expect(splitName(name)).toEqual(parts);
  });

  it('joins what is there, and nothing as null', () => {
    expect(joinName('Ann', 'Lee')).toBe('Ann Lee');
    expect(joinName(undefined, 'Lee')).toBe('Lee');
    expect(joinName(' ', undefined)).toBeNull();
  });
});

describe('Intercom contact to canonical', () => {
  it('keeps text, number and boolean attributes and drops structures and empties', () => {
    const c = icToContact(
      { id: 'c1', role: 'lead', email: 'a@x.io', name: 'Ann', updated_at: 1_700_000_000, custom_attributes: { plan: 'Gold', seats: 3, paid: false, order: ['21'], empty: '', none: null } },
      { tags: ['VIP'] },
    );
    expect(c).toEqual({ id: 'c1', email: 'a@x.io', firstName: 'Ann', tags: ['VIP'], lists: [], unsubscribed: false, custom: { role: 'lead', plan: 'Gold', seats: 3, paid: false }, updatedAt: '2023-11-14T22:13:20.000Z' });
  });
});

describe('Intercom contact bodies', () => {
  it('completes one name part from the contact, and never writes a re-subscribe', () => {
    const { body } = contactBody({ lastName: 'Lee', unsubscribed: false }, new Set(), { firstName: 'Ann', lastName: 'Smith' });
    expect(body).toEqual({ name: 'Ann Lee' });
  });

  it('writes only attributes the workspace has, and says which paths it left out', () => {
    const out = contactBody({ 'custom.plan': 'Gold', 'custom.nope': 1, jobTitle: 'CTO', 'custom.role': 'user', tags: [' VIP ', 'VIP', ''], company: '' }, new Set(['plan']));
    expect(out).toEqual({ body: { custom_attributes: { plan: 'Gold' } }, tags: ['VIP'], company: null, ignored: ['custom.nope', 'jobTitle'] });
  });

  it('leaves archived attributes out of the catalog', () => {
    expect(attributeDefs([{ name: 'old', data_type: 'string', custom: true, archived: true }, { name: 'name', data_type: 'string', custom: false }])).toEqual([]);
  });
});
