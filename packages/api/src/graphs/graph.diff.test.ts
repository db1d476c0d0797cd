import type { Graph } from '@sluice/graph';
import { describe, expect, it } from 'vitest';
import { diffGraphs } from './graph.diff';

const base: Graph = {
  format: 'sluice.graph/v1',
  name: 'g',
  source: { app: 'a' },
  target: { app: 'b' },
  nodes: [
    { id: 'in', kind: 'source' },
    { id: 'c1', kind: 'condition', when: { field: 'deals.count', op: 'eq', value: 0 } },
    { id: 'out', kind: 'sync' },
  ],
  edges: [
    { from: 'in', to: 'c1' },
    { from: 'c1', to: 'out' },
  ],
};

describe('diffGraphs', () => {
  it('sees nothing when only the layout moved', () => {
    const moved = { ...base, layout: { c1: { x: 1, y: 2 } } };
    expect(diffGraphs(base, moved).same).toBe(true);
  });

  it('names added, removed and changed nodes and edges', () => {
    const next: Graph = {
      ...base,
      name: 'g2',
      nodes: [
        { id: 'in', kind: 'source' },
        { id: 'c1', kind: 'condition', when: { field: 'deals.count', op: 'gt', value: 0 } },
        { id: 'a1', kind: 'action', do: { op: 'addTag', value: 'New' } },
        { id: 'out', kind: 'sync' },
      ],
      edges: [
        { from: 'in', to: 'c1' },
        { from: 'c1', to: 'a1' },
        { from: 'a1', to: 'out' },
      ],
    };
    const d = diffGraphs(base, next);
    expect(d.same).toBe(false);
    expect(d.nodesAdded.map((n) => n.id)).toEqual(['a1']);
    expect(d.nodesRemoved).toEqual([]);
    expect(d.nodesChanged.map((c) => c.id)).toEqual(['c1']);
    expect(d.edgesAdded).toEqual([{ from: 'c1', to: 'a1' }, { from: 'a1', to: 'out' }]);
    expect(d.edgesRemoved).toEqual([{ from: 'c1', to: 'out' }]);
    expect(d.fieldsChanged).toEqual(['name']);
  });

  it('treats a branch change as a different edge', () => {
    const next: Graph = { ...base, edges: [{ from: 'in', to: 'c1' }, { from: 'c1', to: 'out', branch: 'else' }] };
    const d = diffGraphs(base, next);
    expect(d.edgesAdded).toHaveLength(1);
    expect(d.edgesRemoved).toHaveLength(1);
  });
});
