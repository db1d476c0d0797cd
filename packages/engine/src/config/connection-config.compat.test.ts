import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalCatalog } from '@sluice/graph';
import { describe, expect, it } from 'vitest';
import { buildFieldMap } from '../mapping/field-map';
import { parseConnectionConfig } from './parse-connection-config';

// A `sluice.connection/v1` file as written before value tables, write modes and transforms (the
// DESIGN.md example, frozen in fixtures/): it must keep loading, unchanged, into the same mappings.
const frozen = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/design-example.connection.json'), 'utf8')) as Record<string, unknown>;

describe('connection files of the first format', () => {
  it('parse to themselves: no key added to a mapping, none dropped', () => {
    const parsed = parseConnectionConfig(frozen);
    expect(parsed.mappings).toEqual(frozen.mappings);
    expect({ ...parsed, rules: {} }).toEqual(frozen);
  });

  it('map their fields as before: plain pairs, no value tables', () => {
    const map = buildFieldMap(parseConnectionConfig(frozen), canonicalCatalog, canonicalCatalog);
    expect(map.rejected).toEqual([]);
    expect(map.pairs.find((p) => p.a === 'custom.industry')).toEqual({
      a: 'custom.industry',
      b: 'custom.sector',
      aType: 'string',
      bType: 'string',
      aToB: true,
      bToA: true,
      rule: 'a',
      custom: true,
    });
  });
});
