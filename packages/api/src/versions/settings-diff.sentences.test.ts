import { CONNECTION_FORMAT, connectionConfigSchema } from '@sluice/engine';
import type { ConnectionSettings } from '@sluice/store';
import { describe, expect, it } from 'vitest';
import { describeSettingsDiff } from './settings-diff.sentences';

const settings = (mappings: unknown[]): ConnectionSettings => {
  const { rules: _rules, id: _id, version: _version, ...rest } = connectionConfigSchema.parse({
    format: CONNECTION_FORMAT,
    name: 'x',
    apps: { a: { connector: 'hubspot' }, b: { connector: 'pipedrive' } },
    mappings,
  });
  return rest;
};
const names = { a: 'HubSpot', b: 'Pipedrive' };
const plain = { a: 'custom.lifecyclestage', b: 'custom.stage' };

describe('the sentences of a mapping’s details in a version', () => {
  it('says a value table, a write mode and transforms changed', () => {
    const before = settings([plain]);
    const after = settings([{ ...plain, values: [{ a: 'lead', b: 'Prospect' }, { a: 'customer', b: 'Customer' }], write: 'ifEmpty', transforms: { aToB: [{ op: 'trim' }] } }]);
    expect(describeSettingsDiff(before, after, names)).toEqual([
      'The field mapping custom.lifecyclestage ↔ custom.stage now has a value table of 2 pairs.',
      'The field mapping custom.lifecyclestage ↔ custom.stage now fills blank fields only.',
      'The field mapping custom.lifecyclestage ↔ custom.stage has new transforms.',
    ]);
    expect(describeSettingsDiff(after, before, names)).toEqual([
      'The field mapping custom.lifecyclestage ↔ custom.stage no longer has a value table.',
      'The field mapping custom.lifecyclestage ↔ custom.stage now writes whenever the value changes.',
      'The field mapping custom.lifecyclestage ↔ custom.stage has new transforms.',
    ]);
  });
});
