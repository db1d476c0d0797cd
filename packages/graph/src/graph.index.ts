import type { Branch, Graph, GraphNode } from './graph.schema';

/** A node's outgoing edges by branch, in the order the document lists them. */
export interface NodeLinks {
  then: string[];
  else: string[];
}

/** Lookup tables over a parsed graph, built once. Dangling edges are left out. Pure. */
export interface GraphIndex {
  nodes: Map<string, GraphNode>;
  out: Map<string, NodeLinks>;
  source?: GraphNode;
}

/** Which branch an edge belongs to (`then` unless it says `else`). */
export function edgeBranch(edge: { branch?: Branch }): Branch {
  return edge.branch ?? 'then';
}

/** Indexes a graph's nodes and outgoing edges (first node wins on duplicate ids). Pure. */
export function indexGraph(graph: Graph): GraphIndex {
  const nodes = new Map<string, GraphNode>();
  for (const n of graph.nodes) if (!nodes.has(n.id)) nodes.set(n.id, n);
  const out = new Map<string, NodeLinks>();
  for (const id of nodes.keys()) out.set(id, { then: [], else: [] });
  for (const e of graph.edges) {
    if (!nodes.has(e.to)) continue;
    out.get(e.from)?.[edgeBranch(e)].push(e.to);
  }
  return { nodes, out, source: graph.nodes.find((n) => n.kind === 'source') };
}
