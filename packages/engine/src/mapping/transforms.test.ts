import { canonicalCatalog, type Contact, type FieldCatalog } from '@sluice/graph';
import { describe, expect, it } from 'vitest';
import { parseConnectionConfig } from '../config/parse-connection-config';
import type { Transform } from '../config/transform.schema';
import { checkMapping } from './field-map';
import { chainType, compileTransforms } from './transforms';

const run = (steps: Transform[], value: unknown, record?: Partial<Contact>) =>
  compileTransforms(steps, 'the transforms of x → y', 'BE')(value, record as Contact | undefined);
const parse = (mappings: unknown[]) =>
  parseConnectionConfig({ format: 'sluice.connection/v1', name: 'x', apps: { a: { connector: 'a' }, b: { connector: 'b' } }, mappings });

describe('compileTransforms', () => {
  it('runs text steps in order', () => {
    expect(run([{ op: 'trim' }, { op: 'titleCase' }, { op: 'prefix', value: 'Dr. ' }], '  ada   LOVELACE ')).toEqual({ value: 'Dr. Ada Lovelace' });
    expect(run([{ op: 'prefix', value: 'ID-' }], 'ID-5')).toEqual({ value: 'ID-5' });
    expect(run([{ op: 'suffix', value: ' BV' }, { op: 'uppercase' }], 'acme')).toEqual({ value: 'ACME BV' });
    expect(run([{ op: 'replace', pattern: '^(\\w+)@old\\.example$', with: '$1@new.example' }], 'Ann@OLD.example')).toEqual({ value: 'Ann@new.example' });
  });

  it('splits a full name and joins it back from the record', () => {
    expect(run([{ op: 'split', separator: ' ', part: 0 }], 'Ada King Lovelace')).toEqual({ value: 'Ada' });
    expect(run([{ op: 'split', separator: ' ', part: 1, rest: true }], 'Ada King Lovelace')).toEqual({ value: 'King Lovelace' });
    expect(run([{ op: 'split', separator: ' ', part: -1 }], 'Ada King Lovelace')).toEqual({ value: 'Lovelace' });
    expect(run([{ op: 'split', separator: ' ', part: 1 }], 'Cher')).toEqual({ value: undefined });
    expect(run([{ op: 'join', fields: ['lastName'], separator: ' ' }], 'Ada', { lastName: 'Lovelace' })).toEqual({ value: 'Ada Lovelace' });
    expect(run([{ op: 'join', fields: ['lastName'], separator: ' ' }], 'Cher', {})).toEqual({ value: 'Cher' });
  });

  it('formats dates, numbers and phones, and says when a value cannot be read', () => {
    expect(run([{ op: 'date', from: 'DD/MM/YYYY' }], '05/03/2024')).toEqual({ value: '2024-03-05' });
    expect(run([{ op: 'date', to: 'DD.MM.YYYY' }], '2024-03-05T10:00:00Z')).toEqual({ value: '05.03.2024' });
    expect(run([{ op: 'date', from: 'DD/MM/YYYY' }], '31/02/2024')).toEqual({ value: undefined, note: 'the transforms of x → y: "31/02/2024" is not a date written DD/MM/YYYY; not written' });
    expect(run([{ op: 'number', decimal: ',' }], '1.234,5')).toEqual({ value: 1234.5 });
    expect(run([{ op: 'number', decimal: '.' }], 'about ten')).toMatchObject({ value: undefined, note: expect.stringContaining('"about ten" is not a number') });
    expect(run([{ op: 'text' }], 42)).toEqual({ value: '42' });
    expect(run([{ op: 'e164' }], '02 555 01 01')).toEqual({ value: '+3225550101' });
    expect(run([{ op: 'e164', country: 'NL' }], '020 555 0101')).toEqual({ value: '+31205550101' });
    expect(run([{ op: 'e164' }], 'call the office')).toEqual({ value: 'call the office' });
  });

  it('leaves blanks blank but for constant, and runs text steps on each item of a list', () => {
    expect(run([{ op: 'uppercase' }], '')).toEqual({ value: undefined });
    expect(run([{ op: 'constant', value: 'Imported' }], undefined)).toEqual({ value: 'Imported' });
    expect(run([{ op: 'lowercase' }], ['VIP', 'Lead'])).toEqual({ value: ['vip', 'lead'] });
  });
});

describe('transforms in the connection format', () => {
  const crm: FieldCatalog = [...canonicalCatalog, { path: 'custom.employees', type: 'number', label: 'Employees', custom: true }];
  const check = (mapping: Record<string, unknown>) => checkMapping(parse([mapping]).mappings[0]!, crm, crm);

  it('types each way step by step', () => {
    expect(chainType([{ op: 'trim' }, { op: 'number', decimal: '.' }], 'string')).toBe('number');
    expect(check({ a: 'custom.size', b: 'custom.employees', direction: 'aToB', transforms: { aToB: [{ op: 'number' }] } })).toMatchObject({ ok: true });
    expect(check({ a: 'custom.employees', b: 'custom.size', direction: 'aToB', transforms: { aToB: [{ op: 'uppercase' }] } })).toEqual({
      ok: false,
      reason: 'E_TYPE_MISMATCH: the transforms of custom.employees → custom.size, step 1 (uppercase): uppercase works on text, not on a number value',
    });
    expect(check({ a: 'company', b: 'unsubscribed', direction: 'aToB', transforms: { aToB: [{ op: 'trim' }] } })).toEqual({
      ok: false,
      reason: 'E_TYPE_MISMATCH: the transforms of company → unsubscribed give a text value, which unsubscribed (a yes/no field) cannot hold',
    });
    expect(check({ a: 'company', b: 'company', transforms: { aToB: [{ op: 'join', fields: ['custom.nope.deep'] }] } })).toMatchObject({ ok: false, reason: expect.stringContaining('join "custom.nope.deep", which app A does not have') });
  });

  it('refuses a pattern that cannot run in linear time, a date format without its parts, and transforms for a way the mapping does not flow', () => {
    expect(() => parse([{ a: 'company', b: 'company', transforms: { aToB: [{ op: 'replace', pattern: '(a)\\1' }] } }])).toThrow(/pattern \/\(a\)\\1\/ uses a backreference/);
    expect(() => parse([{ a: 'custom.d', b: 'custom.d', transforms: { aToB: [{ op: 'date', to: 'MM/YY' }] } }])).toThrow('a date format needs YYYY, MM and DD');
    expect(() => parse([{ a: 'company', b: 'company', direction: 'aToB', transforms: { bToA: [{ op: 'trim' }] } }])).toThrow(
      'the mapping company ↔ company has transforms for B → A but does not flow that way',
    );
    expect(() => parse([{ a: 'company', b: 'company', write: 'sometimes' }])).toThrow();
  });
});
