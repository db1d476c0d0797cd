import { describe, expect, it } from 'vitest';
import type { Graph } from '@sluice/graph';
import { exampleGraph } from '../../playground/example-graph';
import { ruleText } from './rule-text';

describe('ruleText', () => {
  it('ignores key order, layout and storage fields, but not edits', () => {
    const reordered = Object.fromEntries(Object.entries(exampleGraph).reverse()) as Graph;
    reordered.nodes = exampleGraph.nodes.map((n) => Object.fromEntries(Object.entries(n).reverse()) as typeof n);
    expect(ruleText({ ...reordered, version: 3, id: 'g1', layout: {} })).toBe(ruleText(exampleGraph));
    expect(ruleText({ ...exampleGraph, name: 'Other' })).not.toBe(ruleText(exampleGraph));
  });
});
