import { describe, expect, it } from 'vitest';
import { exampleGraph } from '../../playground/example-graph';
import type { Graph } from '@sluice/graph';
import { autoLayout, DRAWN_HEIGHT, NODE_WIDTH } from './auto-layout';
import { wiresAcrossNodes } from './wire-clearance';

describe('autoLayout', () => {
  it('places every node, left to right along the edges', () => {
    const { layout } = autoLayout({ ...exampleGraph, layout: {} });
    expect(Object.keys(layout ?? {}).sort()).toEqual(exampleGraph.nodes.map((n) => n.id).sort());
    for (const e of exampleGraph.edges) expect(layout![e.to]!.x).toBeGreaterThan(layout![e.from]!.x);
  });

  it('keeps nodes apart', () => {
    const pos = Object.values(autoLayout(exampleGraph).layout ?? {});
    for (let i = 0; i < pos.length; i++)
      for (let j = i + 1; j < pos.length; j++) {
        const a = pos[i]!;
        const b = pos[j]!;
        expect(Math.abs(a.x - b.x) >= 180 || Math.abs(a.y - b.y) >= 72).toBe(true);
      }
  });
});

describe('autoLayout and wires', () => {
  it('puts no node on top of a wire, also where a wire skips a column (Start → Sync beside a chain)', () => {
    const skipping: Graph = {
      format: 'sluice.graph/v1',
      name: 'skip',
      source: { app: 'a' },
      target: { app: 'b' },
      nodes: [
        { id: 'in', kind: 'source' },
        { id: 'c1', kind: 'condition', when: { field: 'deals.count', op: 'eq', value: 0 } },
        { id: 'a1', kind: 'action', do: { op: 'addTag', value: 'New' } },
        { id: 'out', kind: 'sync' },
      ],
      edges: [
        { from: 'in', to: 'out' },
        { from: 'in', to: 'c1' },
        { from: 'c1', to: 'a1' },
        { from: 'a1', to: 'out' },
      ],
    };
    const size = { w: NODE_WIDTH, h: DRAWN_HEIGHT };
    for (const g of [skipping, exampleGraph, { ...exampleGraph, edges: [{ from: 'in', to: 'out' }, ...exampleGraph.edges] }]) {
      const laid = autoLayout({ ...g, layout: {} });
      expect(wiresAcrossNodes(laid, size)).toEqual([]);
    }
  });
});
