import { describe, expect, it } from 'vitest';
import { runGraphTests } from './graph-tests.runner';
import type { Graph } from './graph.schema';
import { singleRule } from './testing/graph.fixture';

const base = singleRule({ field: 'deals.count', op: 'eq', value: 0 }, { op: 'addTag', value: 'New' }, 'has no deals');
const zero = { deals: { count: 0, open: 0, won: 0, value: 0 } };
const two = { deals: { count: 2, open: 2, won: 0, value: 0 } };

describe('runGraphTests', () => {
  it('passes fixtures that hold', () => {
    const g: Graph = {
      ...base,
      tests: [
        { name: 'newcomer is tagged', record: zero, expect: 'sync', expectFields: { tags: ['New'] } },
        { name: 'with deals is skipped', record: two, expect: 'exclude', excludedBy: 'c1' },
      ],
    };
    expect(runGraphTests(g)).toMatchObject({ passed: true, total: 2, failed: 0 });
  });
  it('names what failed and why', () => {
    const g: Graph = {
      ...base,
      tests: [
        { name: 'wrong outcome', record: two, expect: 'sync' },
        { name: 'wrong field', record: zero, expect: 'sync', expectFields: { tags: ['Old'] } },
        { name: 'wrong node', record: two, expect: 'exclude', excludedBy: 'out' },
      ],
    };
    const report = runGraphTests(g);
    expect(report).toMatchObject({ passed: false, total: 3, failed: 3 });
    expect(report.results.map((r) => r.failure)).toEqual([
      'expected sync, got exclude (deals.count is 2, rule "has no deals" wants 0)',
      'expected tags to be ["Old"], got ["New"]',
      'expected to be excluded by out, was excluded by c1 (deals.count is 2, rule "has no deals" wants 0)',
    ]);
  });
  it('reports no tests as passing', () => {
    expect(runGraphTests(base)).toMatchObject({ passed: true, total: 0 });
  });
});
