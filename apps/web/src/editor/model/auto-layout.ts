import dagre from '@dagrejs/dagre';
import type { Graph } from '@sluice/graph';
import { clearWires } from './wire-clearance';

/** Node box size the layout assumes; matches the rendered node width in editor.css. */
export const NODE_WIDTH = 180;
export const NODE_HEIGHT = 72;
/** A node's height as drawn with its preview counts, which wires must keep clear of. */
export const DRAWN_HEIGHT = 84;

/**
 * Lays the graph out left to right with dagre (source on the left, sync on the right) and returns
 * the graph with a new `layout`. Dagre routes a wire that skips a column around the nodes in it,
 * but the canvas draws wires as direct steps, so nodes such a wire would cross move below it.
 * Pure (dagre runs in memory).
 */
export function autoLayout(graph: Graph): Graph {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 36, ranksep: 56, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of graph.nodes) g.setNode(n.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const e of graph.edges) if (g.hasNode(e.from) && g.hasNode(e.to)) g.setEdge(e.from, e.to);
  dagre.layout(g);
  const layout: Record<string, { x: number; y: number }> = {};
  for (const n of graph.nodes) {
    const p = g.node(n.id);
    layout[n.id] = { x: Math.round(p.x - NODE_WIDTH / 2), y: Math.round(p.y - NODE_HEIGHT / 2) };
  }
  return clearWires({ ...graph, layout }, { w: NODE_WIDTH, h: DRAWN_HEIGHT });
}
