import type { Branch, Graph, GraphEdge, GraphNode } from '@sluice/graph';

/**
 * Edits of a `sluice.graph/v1` document, as the editor makes them. Every function is pure and
 * returns a new graph (or the same one when nothing changes), so undo/redo is a stack of values.
 */

export interface XY {
  x: number;
  y: number;
}

/** A node without its id, as the palette makes it. */
export type NodeDraft = GraphNode extends infer N ? (N extends GraphNode ? Omit<N, 'id'> : never) : never;

/** The stable key of an edge: at most one edge per (from, to, branch). */
export function edgeKey(e: GraphEdge): string {
  return `${e.from}->${e.to}:${e.branch ?? 'then'}`;
}

/** A fresh id like `c3` (conditions), `a2` (actions), `out2` (sync nodes) not used in the graph. */
export function newNodeId(graph: Graph, kind: GraphNode['kind'], taken: ReadonlySet<string> = new Set()): string {
  const prefix = kind === 'condition' ? 'c' : kind === 'action' ? 'a' : kind === 'sync' ? 'out' : 'in';
  const used = new Set(graph.nodes.map((n) => n.id));
  for (let i = 1; ; i++) {
    const id = kind === 'sync' && i === 1 ? 'out' : `${prefix}${i}`;
    if (!used.has(id) && !taken.has(id)) return id;
  }
}

/** Adds a node at a canvas position; returns the graph and the new node's id. */
export function addNode(graph: Graph, draft: NodeDraft, at: XY): { graph: Graph; id: string } {
  const id = newNodeId(graph, draft.kind);
  const node = { ...draft, id } as GraphNode;
  return {
    id,
    graph: { ...graph, nodes: [...graph.nodes, node], layout: { ...graph.layout, [id]: round(at) } },
  };
}

/** Horizontal distance between a node and the next one in a chain. */
export const STEP_X = 260;

/**
 * Adds a node "after" the selected one, as the palette does with Enter: on the anchor's first
 * outgoing wire (anchor → new → old target), or before it when the anchor is a Sync node (every
 * wire into it now goes through the new node); with no wire to split, wired from the anchor.
 * Nodes right of the spot move right to make room. A Sync node is added at the end of a free
 * branch. Returns the graph and the new node's id. Pure.
 */
export function insertAfter(graph: Graph, anchorId: string, draft: NodeDraft): { graph: Graph; id: string } {
  const anchor = graph.nodes.find((n) => n.id === anchorId);
  const from = graph.layout?.[anchorId];
  if (!anchor || !from) return addNode(graph, draft, { x: 0, y: 0 });
  if (anchor.kind === 'sync') {
    if (draft.kind === 'sync') return addNode(graph, draft, { x: from.x, y: from.y + 120 });
    const room = makeRoom(graph, from.x - 1, STEP_X);
    const added = addNode(room, draft, from);
    const edges = added.graph.edges.map((e) => (e.to === anchorId ? { ...e, to: added.id } : e));
    return { id: added.id, graph: { ...added.graph, edges: [...edges, { from: added.id, to: anchorId }] } };
  }
  const branchOf = (e: GraphEdge) => e.branch ?? 'then';
  const outgoing = graph.edges.filter((e) => e.from === anchorId);
  const split = draft.kind === 'sync' ? undefined : outgoing.find((e) => branchOf(e) === 'then');
  if (!split) {
    const at = freeSpot(graph, { x: from.x + STEP_X, y: from.y });
    const added = addNode(graph, draft, at);
    const free: Branch | undefined = !outgoing.some((e) => branchOf(e) === 'then') ? 'then' : anchor.kind === 'condition' && !outgoing.some((e) => branchOf(e) === 'else') ? 'else' : undefined;
    return { id: added.id, graph: free ? connect(added.graph, anchorId, added.id, free) : added.graph };
  }
  const room = makeRoom(graph, from.x + 1, STEP_X);
  const added = addNode(room, draft, { x: from.x + STEP_X, y: from.y });
  const edges = added.graph.edges.map((e) => (e === split ? { ...e, to: added.id } : e));
  return { id: added.id, graph: { ...added.graph, edges: [...edges, { from: added.id, to: split.to }] } };
}

/** Moves every node at or right of `x` by `dx`. Pure. */
function makeRoom(graph: Graph, x: number, dx: number): Graph {
  const layout = { ...graph.layout };
  for (const [id, p] of Object.entries(layout)) if (p.x >= x) layout[id] = { x: p.x + dx, y: p.y };
  return { ...graph, layout };
}

/** The first spot at or below `at` with no node near it. Pure. */
function freeSpot(graph: Graph, at: XY): XY {
  const taken = Object.values(graph.layout ?? {});
  let spot = at;
  while (taken.some((p) => Math.abs(p.x - spot.x) < 200 && Math.abs(p.y - spot.y) < 80)) spot = { ...spot, y: spot.y + 100 };
  return spot;
}

/** Replaces one node (matched by id); the id itself cannot change here. */
export function updateNode(graph: Graph, node: GraphNode): Graph {
  const i = graph.nodes.findIndex((n) => n.id === node.id);
  if (i < 0 || graph.nodes[i] === node) return graph;
  const nodes = graph.nodes.slice();
  nodes[i] = node;
  return { ...graph, nodes };
}

/** Whether `from` may be wired to `to` on `branch` (no self-loops, no duplicates, no edge into source). */
export function canConnect(graph: Graph, from: string, to: string, branch: Branch = 'then'): boolean {
  if (from === to) return false;
  const a = graph.nodes.find((n) => n.id === from);
  const b = graph.nodes.find((n) => n.id === to);
  if (!a || !b || a.kind === 'sync' || b.kind === 'source') return false;
  const key = edgeKey(normalizedEdge(a, to, branch));
  return !graph.edges.some((e) => edgeKey(e) === key);
}

/** Adds an edge; `branch` is kept only for edges leaving a condition, `then` being the default. */
export function connect(graph: Graph, from: string, to: string, branch: Branch = 'then'): Graph {
  if (!canConnect(graph, from, to, branch)) return graph;
  const a = graph.nodes.find((n) => n.id === from)!;
  return { ...graph, edges: [...graph.edges, normalizedEdge(a, to, branch)] };
}

function normalizedEdge(from: GraphNode, to: string, branch: Branch): GraphEdge {
  if (from.kind === 'condition' && branch === 'else') return { from: from.id, to, branch: 'else' };
  return { from: from.id, to };
}

/** Removes nodes (with their edges and layout) and edges by key. The source node stays. */
export function removeElements(graph: Graph, nodeIds: Iterable<string>, edgeKeys: Iterable<string> = []): Graph {
  const drop = new Set(nodeIds);
  for (const n of graph.nodes) if (n.kind === 'source') drop.delete(n.id);
  const dropEdges = new Set(edgeKeys);
  if (drop.size === 0 && dropEdges.size === 0) return graph;
  const nodes = graph.nodes.filter((n) => !drop.has(n.id));
  const edges = graph.edges.filter((e) => !drop.has(e.from) && !drop.has(e.to) && !dropEdges.has(edgeKey(e)));
  if (nodes.length === graph.nodes.length && edges.length === graph.edges.length) return graph;
  const layout = { ...graph.layout };
  for (const id of drop) delete layout[id];
  return { ...graph, nodes, edges, layout };
}

/**
 * Where keyboard focus goes after elements are removed, so it stays in the canvas: the node a
 * removed wire came from, or the node that led into a removed node, else Start. Pure.
 */
export function focusAfterRemoval(graph: Graph, nodeIds: Iterable<string>, edgeKeys: Iterable<string> = []): string | undefined {
  const drop = new Set(nodeIds);
  const keys = new Set(edgeKeys);
  const alive = (id: string) => !drop.has(id) && graph.nodes.some((n) => n.id === id);
  const fromWire = graph.edges.find((e) => keys.has(edgeKey(e)) && alive(e.from));
  if (fromWire) return fromWire.from;
  const into = graph.edges.find((e) => drop.has(e.to) && alive(e.from));
  return into?.from ?? graph.nodes.find((n) => n.kind === 'source')?.id;
}

/** Sets canvas positions of nodes. */
export function moveNodes(graph: Graph, positions: ReadonlyMap<string, XY>): Graph {
  if (positions.size === 0) return graph;
  const layout = { ...graph.layout };
  for (const [id, at] of positions) layout[id] = round(at);
  return { ...graph, layout };
}

/** What copy puts on the clipboard: nodes, the edges among them, and their positions. */
export interface Fragment {
  nodes: GraphNode[];
  edges: GraphEdge[];
  layout: Record<string, XY>;
}

/** Copies the given nodes (never the source) and the edges among them. */
export function copyFragment(graph: Graph, nodeIds: Iterable<string>): Fragment {
  const ids = new Set(nodeIds);
  const nodes = graph.nodes.filter((n) => ids.has(n.id) && n.kind !== 'source');
  const kept = new Set(nodes.map((n) => n.id));
  const edges = graph.edges.filter((e) => kept.has(e.from) && kept.has(e.to));
  const layout: Record<string, XY> = {};
  for (const id of kept) layout[id] = graph.layout?.[id] ?? { x: 0, y: 0 };
  return { nodes, edges, layout };
}

/** Pastes a fragment with fresh ids, shifted by `offset`; returns the new ids. */
export function pasteFragment(graph: Graph, fragment: Fragment, offset: XY): { graph: Graph; ids: string[] } {
  const rename = new Map<string, string>();
  const taken = new Set<string>();
  for (const n of fragment.nodes) {
    const id = newNodeId(graph, n.kind, taken);
    taken.add(id);
    rename.set(n.id, id);
  }
  const nodes = fragment.nodes.map((n) => ({ ...n, id: rename.get(n.id)! }) as GraphNode);
  const edges = fragment.edges.map((e) => ({ ...e, from: rename.get(e.from)!, to: rename.get(e.to)! }));
  const layout = { ...graph.layout };
  for (const n of fragment.nodes) {
    const at = fragment.layout[n.id] ?? { x: 0, y: 0 };
    layout[rename.get(n.id)!] = round({ x: at.x + offset.x, y: at.y + offset.y });
  }
  return {
    ids: nodes.map((n) => n.id),
    graph: { ...graph, nodes: [...graph.nodes, ...nodes], edges: [...graph.edges, ...edges], layout },
  };
}

function round(p: XY): XY {
  return { x: Math.round(p.x), y: Math.round(p.y) };
}
