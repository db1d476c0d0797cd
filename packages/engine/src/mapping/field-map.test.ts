import { canonicalCatalog, type FieldCatalog } from '@sluice/graph';
import { describe, expect, it } from 'vitest';
import { parseConnectionConfig } from '../config/parse-connection-config';
import { buildFieldMap, checkMapping, defaultPairs } from './field-map';
import { FULL_NAME, readField, writeEntries } from './field-value';
import { convertValue, mappingCompat } from './mapping-compat';

const config = (extra: Record<string, unknown> = {}) =>
  parseConnectionConfig({ format: 'sluice.connection/v1', name: 'x', apps: { a: { connector: 'a' }, b: { connector: 'b' } }, ...extra });

const crm: FieldCatalog = [
  ...canonicalCatalog,
  { path: 'custom.employees', type: 'number', label: 'Employees', custom: true },
  { path: 'custom.since', type: 'date', label: 'Customer since', custom: true },
];
const outreach: FieldCatalog = canonicalCatalog.filter((f) => !f.path.startsWith('deals') && f.path !== 'owner');

describe('mappingCompat', () => {
  it('accepts same types, text targets and list ↔ text, rejects the rest with a reason', () => {
    expect(mappingCompat('number', 'number')).toEqual({ ok: true });
    expect(mappingCompat('number', 'string')).toEqual({ ok: true, note: 'asText' });
    expect(mappingCompat('string[]', 'string')).toEqual({ ok: true, note: 'firstOfSeveral' });
    expect(mappingCompat('string', 'string[]')).toEqual({ ok: true, note: 'asList' });
    expect(mappingCompat('string[]', 'number')).toEqual({ ok: false, reason: 'string[] → number cannot be mapped' });
    expect(mappingCompat('string', 'boolean')).toMatchObject({ ok: false });
  });
  it('converts along compatible pairs', () => {
    expect(convertValue(['first', 'second'], 'string[]', 'string')).toBe('first');
    expect(convertValue(42, 'number', 'string')).toBe('42');
    expect(convertValue('solo', 'string', 'string[]')).toEqual(['solo']);
    expect(convertValue([], 'string[]', 'string')).toBeUndefined();
  });
});

describe('fullName', () => {
  it('joins on read and splits on write', () => {
    expect(readField({ id: '1', firstName: 'Ada', lastName: 'Lovelace', tags: [], lists: [], custom: {}, updatedAt: '' }, FULL_NAME)).toBe('Ada Lovelace');
    expect(writeEntries(FULL_NAME, 'Ada King Lovelace')).toEqual([
      ['firstName', 'Ada'],
      ['lastName', 'King Lovelace'],
    ]);
    expect(writeEntries(FULL_NAME, 'Cher')).toEqual([['firstName', 'Cher']]);
  });
});

describe('buildFieldMap', () => {
  it('maps shared writable fields both ways and read-only ones nowhere', () => {
    const pairs = defaultPairs(crm, outreach);
    expect(pairs.find((p) => p.a === 'email')).toMatchObject({ aToB: true, bToA: true });
    expect(pairs.find((p) => p.a.startsWith('deals'))).toBeUndefined();
    expect(pairs.find((p) => p.a === 'owner')).toBeUndefined();
    expect(pairs.find((p) => p.a === 'updatedAt' || p.a === 'id')).toBeUndefined();
  });

  it('cuts directions to the mode and drops unsubscribed without syncUnsubscribes', () => {
    const map = buildFieldMap(config({ mode: 'a-to-b', options: { syncUnsubscribes: false } }), crm, outreach);
    expect(map.pairs.every((p) => p.aToB && !p.bToA)).toBe(true);
    expect(map.pairs.some((p) => p.a === 'unsubscribed')).toBe(false);
  });

  it('lets a custom mapping replace the defaults it overlaps, and rejects incompatible ones', () => {
    const map = buildFieldMap(
      config({
        mappings: [
          { a: 'custom.employees', b: 'custom.size', direction: 'aToB' },
          { a: 'tags', b: 'custom.firstTag', direction: 'aToB' },
          { a: 'custom.nickname', b: FULL_NAME },
          { a: 'tags', b: 'deals.count', direction: 'aToB' },
          { a: 'custom.since', b: 'unsubscribed', direction: 'aToB' },
        ],
        conflict: { winner: 'b', fields: { tags: 'merge', 'custom.employees': 'newest' } },
      }),
      crm,
      outreach,
    );
    expect(map.pairs.find((p) => p.a === 'custom.employees')).toMatchObject({ b: 'custom.size', aToB: true, bToA: false, rule: 'newest' });
    expect(map.pairs.filter((p) => p.b === 'firstName' || p.b === 'lastName')).toEqual([]);
    expect(map.rejected.map((r) => r.reason)).toEqual([
      'E_UNKNOWN_FIELD: app B has no field "deals.count"',
      'E_TYPE_MISMATCH: date → boolean cannot be mapped ("custom.since" → "unsubscribed")',
    ]);
    expect(map.pairs.find((p) => p.a === 'tags' && p.b === 'tags')).toBeUndefined();
  });

  it('names read-only targets', () => {
    expect(checkMapping({ a: 'company', b: 'deals.count', direction: 'aToB' }, crm, crm)).toEqual({
      ok: false,
      reason: 'E_READ_ONLY: "deals.count" on app B cannot be written',
    });
  });
});
