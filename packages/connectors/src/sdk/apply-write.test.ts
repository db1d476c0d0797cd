import { type Contact, canonicalCatalog } from '@sluice/graph';
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
