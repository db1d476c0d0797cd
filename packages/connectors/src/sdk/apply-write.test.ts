import { faker } from '@faker-js/faker';
import { type Contact, canonicalCatalog, getField, setField } from '@sluice/graph';
import { describe, expect, it } from 'vitest';
import { appCatalog } from './app-catalog';
import { applyWrite } from './apply-write';

const base: Contact = { id: 'a', email: 'a@x.com', address: { city: 'Ghent', zip: '9000' }, tags: ['x'], lists: [], custom: { keep: 1 }, updatedAt: 't' };

describe('applyWrite', () => {
  it('sets dotted paths, clears with null, dedupes and trims lists, never mutates its input', () => {
    const next = applyWrite(base, { 'address.city': 'Lyon', email: null, tags: [' vip ', 'vip', ''], 'custom.sector': 'Tea', 'custom.keep': null }, canonicalCatalog, { allowAnyCustom: true });
    expect(next).toEqual({ id: 'a', address: { city: 'Lyon', zip: '9000' }, tags: ['vip'], lists: [], custom: { sector: 'Tea' }, updatedAt: 't' });
    expect(base.email).toBe('a@x.com');
    expect(base.custom).toEqual({ keep: 1 });
  });

  it('drops an address left empty and coerces numbers to text fields', () => {
    const next = applyWrite(base, { 'address.city': null, 'address.zip': null, phone: 3225550101 }, canonicalCatalog);
    expect(next.address).toBeUndefined();
    expect(next.phone).toBe('3225550101');
  });

  it('gives what applying the fields one copy at a time gives, without touching its input', () => {
    // The rule spelled out with the copy-on-write primitives, for values already of the right type.
    const reference = (contact: Contact, fields: Record<string, unknown>): Contact => {
      let next = contact;
      for (const [path, raw] of Object.entries(fields)) {
        // Custom fields keep '' (only null clears them); a cleared list is empty.
        const blank = raw === null || (raw === '' && !path.startsWith('custom.'));
        const value = blank ? (path === 'tags' ? [] : undefined) : raw;
        next = setField(next, path, value);
        const top = path.split('.')[0]!;
        const obj = getField(next, top);
        if (top !== path && top !== 'custom' && obj && typeof obj === 'object' && Object.keys(obj).length === 0) next = setField(next, top, undefined);
      }
      return next;
    };
    const paths = ['email', 'firstName', 'phone', 'address.city', 'address.zip', 'address.country', 'tags', 'custom.a', 'custom.b'];
    faker.seed(3);
    for (let i = 0; i < 2000; i++) {
      const contact: Contact = {
        id: 'c',
        tags: ['x'],
        lists: [],
        custom: faker.datatype.boolean() ? { a: 'one', keep: 2 } : {},
        updatedAt: 't',
        ...(faker.datatype.boolean() ? { email: 'c@x.io', firstName: 'C' } : {}),
        ...(faker.datatype.boolean() ? { address: faker.datatype.boolean() ? { city: 'Ghent' } : { city: 'Ghent', zip: '9000' } } : {}),
      };
      const before = structuredClone(contact);
      const fields: Record<string, unknown> = {};
      for (const path of faker.helpers.arrayElements(paths)) {
        fields[path] = faker.helpers.arrayElement([null, '', path === 'tags' ? ['vip', 'x'] : `v${i}`]);
      }
      const next = applyWrite(contact, fields, canonicalCatalog, { allowAnyCustom: true });
      expect(next, JSON.stringify({ contact, fields })).toStrictEqual(reference(contact, fields));
      expect(Object.keys(next)).toEqual(Object.keys(reference(contact, fields)));
      expect(contact).toStrictEqual(before);
    }
  });

  it('refuses unknown, read-only and mistyped fields with stable codes', () => {
    const crm = appCatalog(['id', 'email', 'tags', 'deals.count', 'unsubscribed']);
    expect(() => applyWrite(base, { website: 'x' }, crm)).toThrow(expect.objectContaining({ code: 'E_UNKNOWN_FIELD' }));
    expect(() => applyWrite(base, { 'custom.x': 1 }, crm)).toThrow(expect.objectContaining({ code: 'E_UNKNOWN_FIELD' }));
    expect(() => applyWrite(base, { 'deals.count': 1 }, crm)).toThrow(expect.objectContaining({ code: 'E_FIELD_READ_ONLY' }));
    expect(() => applyWrite(base, { unsubscribed: 'yes' }, crm)).toThrow(expect.objectContaining({ code: 'E_INVALID_VALUE' }));
    expect(() => applyWrite(base, { tags: 'vip' }, crm)).toThrow(expect.objectContaining({ code: 'E_INVALID_VALUE' }));
    expect(() => applyWrite(base, { 'custom.x': { a: 1 } }, crm, { allowAnyCustom: true })).toThrow(expect.objectContaining({ code: 'E_INVALID_VALUE' }));
  });
});
