import dagre from '@dagrejs/dagre';
import type { Graph } from '@sluice/graph';

/** Node box size the layout assumes; matches the rendered node width in nodes.css. */
export const NODE_WIDTH = 180;
export const NODE_HEIGHT = 72;

/**
 * Lays the graph out left to right with dagre (source on the left, sync on the right) and returns
 * the graph with a new `layout`. Pure (dagre runs in memory).
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
  return { ...graph, layout };
}
