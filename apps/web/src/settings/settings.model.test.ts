import { describe, expect, it } from 'vitest';
import { describeSteps, mappingRows, suggestPairs, updateRow, valuesWithoutPair, type MappingSpec } from './settings.model';

const defaults: MappingSpec[] = [{ a: 'custom.stage', b: 'custom.stage', direction: 'both' }];

describe('value tables in the mapping model', () => {
  it('suggests pairs by label, ignoring case, spaces and punctuation, and lists the values left without one', () => {
    const pairs = suggestPairs(['lead', 'Closed – won', 'partner'], ['Lead', 'closedwon', 'Lost']);
    expect(pairs).toEqual([
      { a: 'lead', b: 'Lead' },
      { a: 'Closed – won', b: 'closedwon' },
    ]);
    expect(valuesWithoutPair(['lead', 'Closed – won', 'partner'], pairs, 'a')).toEqual(['partner']);
    expect(valuesWithoutPair(['Lead', 'closedwon', 'Lost'], pairs, 'b')).toEqual(['Lost']);
  });

  it('keeps a default row’s table as a custom mapping of the pair, and drops it again when emptied', () => {
    const withTable = updateRow(defaults, [], defaults[0]!, { values: [{ a: 'lead', b: 'New' }], write: 'ifEmpty' });
    expect(withTable).toEqual([{ a: 'custom.stage', b: 'custom.stage', direction: 'both', values: [{ a: 'lead', b: 'New' }], write: 'ifEmpty' }]);
    expect(mappingRows(defaults, withTable)[0]).toMatchObject({ kind: 'default', values: [{ a: 'lead', b: 'New' }], write: 'ifEmpty' });
    expect(updateRow(defaults, withTable, defaults[0]!, { values: undefined, write: undefined })).toEqual([]);
  });

  it('describes transforms in words', () => {
    expect(describeSteps([{ op: 'trim' }, { op: 'titleCase' }, { op: 'e164', country: 'BE' }])).toBe('trim, then title case, then phone to E.164 (BE)');
    expect(describeSteps([])).toBeNull();
  });
});
