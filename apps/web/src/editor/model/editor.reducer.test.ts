import { describe, expect, it } from 'vitest';
import { exampleGraph } from '../../playground/example-graph';
import { editorReducer, initEditor } from './editor.reducer';
import { moveNodes, removeElements } from './graph-ops';

describe('editorReducer', () => {
  it('applies node and edge selection changes each to the selection as it is, as React Flow sends them in two calls', () => {
    let s = editorReducer(initEditor(exampleGraph), { type: 'select', nodes: ['a1'] });
    // Enter on a focused wire: React Flow unselects the node, then selects the wire.
    s = editorReducer(s, { type: 'selectChanges', kind: 'nodes', changes: [['a1', false]] });
    s = editorReducer(s, { type: 'selectChanges', kind: 'edges', changes: [['in->c1:then', true]] });
    expect([s.selectedNodes, s.selectedEdges]).toEqual([[], ['in->c1:then']]);
  });

  it('undoes a delete and brings the selection back to what exists', () => {
    let s = editorReducer(initEditor(exampleGraph), { type: 'select', nodes: ['c3'] });
    s = editorReducer(s, { type: 'commit', graph: removeElements(exampleGraph, ['c3']) });
    expect(s.selectedNodes).toEqual([]);
    s = editorReducer(s, { type: 'undo' });
    expect(s.undo.present).toBe(exampleGraph);
    s = editorReducer(s, { type: 'redo' });
    expect(s.undo.present.nodes.some((n) => n.id === 'c3')).toBe(false);
  });

  it('collapses a drag into one undo step', () => {
    let s = editorReducer(initEditor(exampleGraph), { type: 'beginGesture' });
    let g = exampleGraph;
    for (let x = 0; x < 30; x++) {
      g = moveNodes(g, new Map([['c1', { x, y: 0 }]]));
      s = editorReducer(s, { type: 'gestureMove', graph: g });
    }
    s = editorReducer(s, { type: 'endGesture' });
    expect(s.undo.present.layout?.c1).toEqual({ x: 29, y: 0 });
    s = editorReducer(s, { type: 'undo' });
    expect(s.undo.present).toBe(exampleGraph);
  });

  it('merges quick edits of one field into one undo step', () => {
    const rename = (label: string, at: number) =>
      ({
        type: 'edit',
        edit: (g: typeof exampleGraph) => ({ ...g, nodes: g.nodes.map((n) => (n.id === 'c1' ? { ...n, label } : n)) }),
        coalesce: { key: 'node:c1', at },
      }) as const;
    let s = initEditor(exampleGraph);
    s = editorReducer(s, rename('I', 0));
    s = editorReducer(s, rename('Is', 300));
    s = editorReducer(s, rename('Is s', 600));
    expect(s.undo.past).toHaveLength(1);
    s = editorReducer(s, rename('Is su', 2000)); // a pause starts a new step
    expect(s.undo.past).toHaveLength(2);
    s = editorReducer(s, { type: 'undo' });
    expect(s.undo.present.nodes[1]!.label).toBe('Is s');
  });

  it('selects what a commit asks for', () => {
    const s = editorReducer(initEditor(exampleGraph), { type: 'commit', graph: { ...exampleGraph }, select: ['a1'] });
    expect(s.selectedNodes).toEqual(['a1']);
    expect(s.undo.past).toHaveLength(1);
  });
});
