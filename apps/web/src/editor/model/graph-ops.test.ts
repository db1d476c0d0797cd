import { describe, expect, it } from 'vitest';
import { exampleGraph as g } from '../../playground/example-graph';
import {
  addNode,
  canConnect,
  connect,
  copyFragment,
  edgeKey,
  moveNodes,
  newNodeId,
  pasteFragment,
  removeElements,
  updateNode,
} from './graph-ops';

describe('graph-ops', () => {
  it('adds a node with a fresh id and its position', () => {
    const { graph, id } = addNode(g, { kind: 'action', do: { op: 'unsubscribe' } }, { x: 10.4, y: 20.6 });
    expect(id).toBe('a3');
    expect(graph.nodes.at(-1)).toEqual({ id: 'a3', kind: 'action', do: { op: 'unsubscribe' } });
    expect(graph.layout?.a3).toEqual({ x: 10, y: 21 });
    expect(g.nodes).toHaveLength(7); // the input is untouched
  });

  it('names a second sync node out2', () => {
    expect(newNodeId(g, 'sync')).toBe('out2');
  });

  it('connects with the branch only where it means something', () => {
    const g1 = connect(g, 'c1', 'out', 'else');
    expect(g1.edges.at(-1)).toEqual({ from: 'c1', to: 'out', branch: 'else' });
    const g2 = connect(g, 'a1', 'c3', 'else');
    expect(g2.edges.at(-1)).toEqual({ from: 'a1', to: 'c3' });
  });

  it('refuses self-loops, duplicates, edges out of sync and into source', () => {
    expect(canConnect(g, 'c1', 'c1')).toBe(false);
    expect(canConnect(g, 'c1', 'c2')).toBe(false);
    expect(canConnect(g, 'c1', 'c2', 'else')).toBe(true);
    expect(canConnect(g, 'out', 'c1')).toBe(false);
    expect(canConnect(g, 'c1', 'in')).toBe(false);
    expect(connect(g, 'c1', 'c2')).toBe(g);
  });

  it('removes nodes with their edges and layout, but never the source', () => {
    const g1 = removeElements(g, ['c3', 'in']);
    expect(g1.nodes.map((n) => n.id)).toEqual(['in', 'c1', 'c2', 'a1', 'a2', 'out']);
    expect(g1.edges.some((e) => e.from === 'c3' || e.to === 'c3')).toBe(false);
    expect(g1.layout?.c3).toBeUndefined();
    const g2 = removeElements(g, [], [edgeKey({ from: 'c2', to: 'c3', branch: 'else' })]);
    expect(g2.edges).toHaveLength(6);
    expect(removeElements(g, ['in'])).toBe(g);
  });

  it('updates a node and moves nodes', () => {
    const g1 = updateNode(g, { id: 'a1', kind: 'action', do: { op: 'addTag', value: 'Fresh' } });
    expect(g1.nodes[3]).toEqual({ id: 'a1', kind: 'action', do: { op: 'addTag', value: 'Fresh' } });
    const g2 = moveNodes(g, new Map([['c1', { x: 1, y: 2 }]]));
    expect(g2.layout?.c1).toEqual({ x: 1, y: 2 });
  });

  it('pastes a copied fragment with new ids and its inner edges', () => {
    const frag = copyFragment(g, ['in', 'c2', 'a1']);
    expect(frag.nodes.map((n) => n.id)).toEqual(['c2', 'a1']);
    expect(frag.edges).toEqual([{ from: 'c2', to: 'a1' }]);
    const { graph, ids } = pasteFragment(g, frag, { x: 40, y: 40 });
    expect(ids).toEqual(['c4', 'a3']);
    expect(graph.edges.at(-1)).toEqual({ from: 'c4', to: 'a3' });
    expect(graph.layout?.c4).toEqual({ x: 512, y: 160 });
  });
});
