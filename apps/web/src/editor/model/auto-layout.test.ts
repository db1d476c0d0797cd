import { describe, expect, it } from 'vitest';
import { exampleGraph } from '../../playground/example-graph';
import { autoLayout } from './auto-layout';

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
