import type { Graph, GraphEdge, GraphNode } from '@sluice/graph';

export interface NodeChange {
  id: string;
  before: GraphNode;
  after: GraphNode;
}

/** What changed between two versions of a rule graph (layout moves are not changes). */
export interface GraphDiff {
  nodesAdded: GraphNode[];
  nodesRemoved: GraphNode[];
  nodesChanged: NodeChange[];
  edgesAdded: GraphEdge[];
  edgesRemoved: GraphEdge[];
  /** Top-level settings that differ (`name`, `description`, `source`, `target`, `tests`). */
  fieldsChanged: string[];
  /** True when nothing but the layout differs. */
  same: boolean;
}

const edgeKey = (e: GraphEdge) => `${e.from}\u0000${e.to}\u0000${e.branch ?? 'then'}`;

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * Node-by-node and edge-by-edge difference of two graph versions. Pure.
 * @example diffGraphs(v1, v2).nodesChanged.map((c) => c.id) // ['c1']
 */
export function diffGraphs(before: Graph, after: Graph): GraphDiff {
  const oldNodes = new Map(before.nodes.map((n) => [n.id, n]));
  const newNodes = new Map(after.nodes.map((n) => [n.id, n]));
  const nodesAdded = after.nodes.filter((n) => !oldNodes.has(n.id));
  const nodesRemoved = before.nodes.filter((n) => !newNodes.has(n.id));
  const nodesChanged: NodeChange[] = [];
  for (const n of after.nodes) {
    const old = oldNodes.get(n.id);
    if (old && canonical(old) !== canonical(n)) nodesChanged.push({ id: n.id, before: old, after: n });
  }
  const oldEdges = new Set(before.edges.map(edgeKey));
  const newEdges = new Set(after.edges.map(edgeKey));
  const edgesAdded = after.edges.filter((e) => !oldEdges.has(edgeKey(e)));
  const edgesRemoved = before.edges.filter((e) => !newEdges.has(edgeKey(e)));
  const fieldsChanged = (['name', 'description', 'source', 'target', 'tests'] as const).filter(
    (k) => canonical(before[k] ?? null) !== canonical(after[k] ?? null),
  );
  const same = !nodesAdded.length && !nodesRemoved.length && !nodesChanged.length && !edgesAdded.length && !edgesRemoved.length && !fieldsChanged.length;
  return { nodesAdded, nodesRemoved, nodesChanged, edgesAdded, edgesRemoved, fieldsChanged, same };
}
