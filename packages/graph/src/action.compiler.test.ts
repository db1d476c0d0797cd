import { describe, expect, it } from 'vitest';
import { compileAction } from './action.compiler';
import type { Contact } from './contact.schema';
import type { ActionDo } from './graph.schema';
import { contact } from './testing/graph.fixture';

const deepFreeze = <T>(o: T): T => {
  if (o && typeof o === 'object') {
    Object.values(o).forEach(deepFreeze);
    Object.freeze(o);
  }
  return o;
};
const base = deepFreeze(
  contact({ firstName: 'ada', lastName: 'LOVELACE', email: '  Ada@Example.com ', phone: '0049 (30) 123-45', tags: ['Lead'], lists: ['news'], owner: 'u1', address: { city: 'berlin' }, custom: { tier: 'gold' } }),
);
const apply = (action: ActionDo, rec: Contact = base) => compileAction<Contact>(action)(rec);

describe('actions', () => {
  it('addTag appends once, ignoring case', () => {
    expect(apply({ op: 'addTag', value: 'New' }).tags).toEqual(['Lead', 'New']);
    expect(apply({ op: 'addTag', value: 'lead' })).toBe(base);
  });
  it('removeTag removes every case-insensitive match', () => {
    expect(apply({ op: 'removeTag', value: 'LEAD' }).tags).toEqual([]);
    expect(apply({ op: 'removeTag', value: 'other' })).toBe(base);
  });
  it('addToList / removeFromList work on lists', () => {
    expect(apply({ op: 'addToList', value: 'Customers' }).lists).toEqual(['news', 'Customers']);
    expect(apply({ op: 'removeFromList', value: 'NEWS' }).lists).toEqual([]);
    expect(apply({ op: 'addToList', value: 'news' })).toBe(base);
  });
  it('set writes a value, rendering {{placeholders}}', () => {
    expect(apply({ op: 'set', field: 'jobTitle', value: 'CTO' }).jobTitle).toBe('CTO');
    expect(apply({ op: 'set', field: 'address.country', value: 'DE' }).address).toEqual({ city: 'berlin', country: 'DE' });
    expect(apply({ op: 'set', field: 'custom.greeting', value: 'Hi {{firstName}} {{lastName}}' }).custom).toEqual({ tier: 'gold', greeting: 'Hi ada LOVELACE' });
    expect(apply({ op: 'set', field: 'custom.flag', value: true }).custom.flag).toBe(true);
    expect(apply({ op: 'set', field: 'custom.tier', value: 'gold' })).toBe(base);
  });
  it('clear removes a field, or empties lists and custom', () => {
    expect(apply({ op: 'clear', field: 'phone' })).not.toHaveProperty('phone');
    expect(apply({ op: 'clear', field: 'tags' }).tags).toEqual([]);
    expect(apply({ op: 'clear', field: 'custom' }).custom).toEqual({});
    expect(apply({ op: 'clear', field: 'address.city' }).address).toEqual({});
    expect(apply({ op: 'clear', field: 'mobile' })).toBe(base);
  });
  it('copy copies a value and never blanks the target with an empty source', () => {
    expect(apply({ op: 'copy', from: 'email', to: 'custom.login' }).custom.login).toBe('  Ada@Example.com ');
    expect(apply({ op: 'copy', from: 'mobile', to: 'phone' })).toBe(base);
    const copied = apply({ op: 'copy', from: 'tags', to: 'lists' });
    expect(copied.lists).toEqual(['Lead']);
    expect(copied.lists).not.toBe(base.tags);
  });
  it('format rewrites text fields', () => {
    expect(apply({ op: 'format', field: 'email', as: 'trim' }).email).toBe('Ada@Example.com');
    expect(apply({ op: 'format', field: 'email', as: 'lowercase' }).email).toBe('  ada@example.com ');
    expect(apply({ op: 'format', field: 'lastName', as: 'uppercase' })).toBe(base);
    expect(apply({ op: 'format', field: 'lastName', as: 'titleCase' }).lastName).toBe('Lovelace');
    expect(apply({ op: 'format', field: 'address.city', as: 'titleCase' }).address?.city).toBe('Berlin');
    expect(apply({ op: 'format', field: 'phone', as: 'e164' }).phone).toBe('+493012345');
    expect(apply({ op: 'format', field: 'tags', as: 'uppercase' }).tags).toEqual(['LEAD']);
    expect(apply({ op: 'format', field: 'mobile', as: 'trim' })).toBe(base);
  });
  it('setOwner, unsubscribe and resubscribe', () => {
    expect(apply({ op: 'setOwner', value: 'u2' }).owner).toBe('u2');
    expect(apply({ op: 'setOwner', value: 'u1' })).toBe(base);
    const unsub = apply({ op: 'unsubscribe' });
    expect(unsub.unsubscribed).toBe(true);
    expect(apply({ op: 'unsubscribe' }, unsub)).toBe(unsub);
    expect(apply({ op: 'resubscribe' }, unsub).unsubscribed).toBe(false);
  });
});
