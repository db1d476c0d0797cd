import type { Graph, GraphEdge, GraphNode } from '@sluice/graph';

/**
 * A valid rule of `n` nodes for load tests: a chain of conditions and actions from the source to
 * a sync node, laid out on a grid 20 nodes wide so that all of them are on screen at once. Pure.
 */
export function largeGraph(n: number): Graph {
  const nodes: GraphNode[] = [{ id: 'in', kind: 'source' }];
  const edges: GraphEdge[] = [];
  const layout: Record<string, { x: number; y: number }> = { in: { x: 0, y: 0 } };
  let prev = 'in';
  for (let i = 1; nodes.length < n - 1; i++) {
    const c = `c${i}`;
    const a = `a${i}`;
    nodes.push({ id: c, kind: 'condition', when: { field: 'deals.count', op: 'gte', value: i % 5 } });
    nodes.push({ id: a, kind: 'action', do: { op: 'addTag', value: `t${i}` } });
    edges.push({ from: prev, to: c }, { from: c, to: a });
    layout[c] = grid(nodes.length - 2);
    layout[a] = grid(nodes.length - 1);
    prev = a;
  }
  nodes.push({ id: 'out', kind: 'sync' });
  edges.push({ from: prev, to: 'out' });
  layout.out = grid(nodes.length - 1);
  return { format: 'sluice.graph/v1', name: `Large rule (${n} nodes)`, source: { app: 'a' }, target: { app: 'b' }, nodes, edges, layout };
}

function grid(k: number): { x: number; y: number } {
  return { x: (k % 20) * 240, y: Math.floor(k / 20) * 140 };
}

/** The rule that syncs every record of one sandbox app to the other, for a connection's `rules`. Pure. */
export function sandboxSyncAll(direction: 'aToB' | 'bToA'): Graph {
  return {
    format: 'sluice.graph/v1',
    name: 'Everyone',
    source: { app: direction === 'aToB' ? 'sandbox-crm' : 'sandbox-outreach' },
    target: { app: direction === 'aToB' ? 'sandbox-outreach' : 'sandbox-crm' },
    nodes: [
      { id: 'in', kind: 'source' },
      { id: 'out', kind: 'sync' },
    ],
    edges: [{ from: 'in', to: 'out' }],
  };
}

/**
 * Sandbox CRM → Outreach: people with deals, tagged "VIP", laid out in a row unless `layout` says
 * otherwise; with `elseToSync`, people without deals go to Sync too (a wire that skips a column). Pure.
 */
export function dealsAreVips(options: { layout?: Graph['layout']; elseToSync?: boolean } = {}): Graph {
  return {
    format: 'sluice.graph/v1',
    name: 'Deals are VIPs',
    source: { app: 'sandbox-crm' },
    target: { app: 'sandbox-outreach' },
    nodes: [
      { id: 'in', kind: 'source' },
      { id: 'c1', kind: 'condition', label: 'Has deals', when: { field: 'deals.count', op: 'gt', value: 0 } },
      { id: 'a1', kind: 'action', label: 'Tag VIP', do: { op: 'addTag', value: 'VIP' } },
      { id: 'out', kind: 'sync' },
    ],
    edges: [
      { from: 'in', to: 'c1' },
      { from: 'c1', to: 'a1' },
      { from: 'a1', to: 'out' },
      ...(options.elseToSync ? [{ from: 'c1', to: 'out', branch: 'else' as const }] : []),
    ],
    layout: options.layout ?? { in: { x: 0, y: 0 }, c1: { x: 260, y: 0 }, a1: { x: 520, y: 0 }, out: { x: 780, y: 0 } },
  };
}
