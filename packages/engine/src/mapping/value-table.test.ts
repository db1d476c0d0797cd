import { canonicalCatalog, type FieldCatalog } from '@sluice/graph';
import { describe, expect, it } from 'vitest';
import { parseConnectionConfig } from '../config/parse-connection-config';
import { checkMapping } from './field-map';
import { tableConvert } from './value-table';

const config = (mappings: unknown[]) =>
  parseConnectionConfig({ format: 'sluice.connection/v1', name: 'x', apps: { a: { connector: 'a' }, b: { connector: 'b' } }, mappings });

const table = {
  values: [
    { a: 'lead', b: 'New' },
    { a: 'customer', b: 'Won' },
    { a: 'subscriber', b: 'New', direction: 'aToB' as const },
  ],
};
const text = { from: 'custom.lifecycle', to: 'custom.status', fromType: 'string' as const, toType: 'string' as const };

describe('tableConvert', () => {
  it('looks values up ignoring case and spaces, each way by its own rows', () => {
    const forward = tableConvert(table, 'aToB', text);
    const back = tableConvert(table, 'bToA', { ...text, from: 'custom.status', to: 'custom.lifecycle' });
    expect(forward(' LEAD ')).toEqual({ value: 'New' });
    expect(forward('Subscriber')).toEqual({ value: 'New' });
    expect(back('new')).toEqual({ value: 'lead' });
    expect(forward(undefined)).toEqual({ value: undefined });
  });

  it('follows otherwise for a value with no pair, with a note saying what it did', () => {
    expect(tableConvert(table, 'aToB', text)('partner')).toEqual({
      value: undefined,
      skipped: true,
      note: '"partner" in custom.lifecycle has no pair in the value table for custom.status: left as it was',
    });
    expect(tableConvert({ ...table, otherwise: 'copy' }, 'aToB', text)('partner')).toMatchObject({ value: 'partner', note: expect.stringContaining('copied as it is') });
    expect(tableConvert({ ...table, otherwise: { aToB: { value: 'Other' } } }, 'aToB', text)('partner')).toMatchObject({ value: 'Other' });
    expect(tableConvert({ ...table, otherwise: { aToB: { value: 'Other' } } }, 'bToA', text)('Lost')).toMatchObject({ skipped: true });
  });

  it('converts a list item by item and writes the target type', () => {
    const types = tableConvert({ values: [{ a: 'home', b: 'Personal' }, { a: 'work', b: 'Business' }] }, 'aToB', { ...text, fromType: 'string[]', toType: 'string[]' });
    expect(types(['Work', 'other', 'home'])).toEqual({ value: ['Business', 'Personal'], note: '"other" in custom.lifecycle has no pair in the value table for custom.status: left as it was' });
    const yesNo = tableConvert({ values: [{ a: 'Yes', b: true }, { a: 'No', b: false }] }, 'aToB', { ...text, toType: 'boolean' });
    expect(yesNo('yes')).toEqual({ value: true });
    expect(yesNo('NO')).toEqual({ value: false });
  });
});

describe('value tables in the connection format', () => {
  it('accepts a table usable both ways and keeps it as given', () => {
    const parsed = config([{ a: 'custom.lifecycle', b: 'custom.status', ...table, otherwise: 'skip' }]);
    expect(parsed.mappings[0]).toMatchObject({ values: table.values, otherwise: 'skip', direction: 'both' });
  });

  it('refuses two values that map to one on the way back, naming the mapping and the values', () => {
    expect(() => config([{ a: 'custom.lifecycle', b: 'custom.status', values: [{ a: 'lead', b: 'New' }, { a: 'subscriber', b: 'new' }] }])).toThrow(
      'connection mappings.0.values: the value table of custom.lifecycle ↔ custom.status maps "lead" and "subscriber" to "New", so on the way back "New" has no single value: mark the rows that should not be used from B with "direction": "aToB"',
    );
    // One-way, the same table is fine.
    expect(() => config([{ a: 'custom.lifecycle', b: 'custom.status', direction: 'aToB', values: [{ a: 'lead', b: 'New' }, { a: 'subscriber', b: 'new' }] }])).not.toThrow();
  });

  it('refuses one value turned into two, and otherwise without a table', () => {
    expect(() => config([{ a: 'custom.x', b: 'custom.y', direction: 'aToB', values: [{ a: 'lead', b: 'New' }, { a: 'Lead', b: 'Open' }] }])).toThrow(
      `the value table of custom.x ↔ custom.y turns A's "lead" into both "New" and "Open": keep one row for "lead" from A and mark the others "direction": "bToA"`,
    );
    expect(() => config([{ a: 'custom.x', b: 'custom.y', otherwise: 'copy' }])).toThrow('the mapping custom.x ↔ custom.y has "otherwise" but no "values" table for it to complete');
  });

  it('type-checks a table against the fields it writes', () => {
    const crm: FieldCatalog = [...canonicalCatalog, { path: 'custom.vip', type: 'boolean', label: 'VIP', custom: true }];
    const check = (mapping: Record<string, unknown>) => checkMapping(config([mapping]).mappings[0]!, crm, crm);
    expect(check({ a: 'custom.tier', b: 'custom.vip', direction: 'aToB', values: [{ a: 'gold', b: true }, { a: 'bronze', b: 'No' }] })).toMatchObject({ ok: true });
    expect(check({ a: 'custom.tier', b: 'custom.vip', direction: 'aToB', values: [{ a: 'gold', b: 'Maybe' }] })).toEqual({
      ok: false,
      reason: 'E_TYPE_MISMATCH: the value table of custom.tier → custom.vip writes "Maybe" into custom.vip, a yes/no field',
    });
    expect(check({ a: 'custom.tier', b: 'custom.vip', direction: 'aToB', values: [{ a: 'gold', b: true }], otherwise: 'copy' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('copies values with no pair from custom.tier (text) into custom.vip (yes/no), which cannot hold them'),
    });
  });
});
