import { normalizeContact, type Contact } from '../contact.schema';
import type { ActionDo, Graph, GraphEdge, GraphNode, When } from '../graph.schema';

/** A contact for tests: only the fields given, plus the required ones. */
export function contact(fields: Partial<Contact> = {}): Contact {
  return normalizeContact({ id: 'r1', ...fields });
}

/** A graph for tests from nodes and edges; source and target apps are fixed. */
export function graphOf(nodes: GraphNode[], edges: GraphEdge[], extra: Partial<Graph> = {}): Graph {
  return { format: 'sluice.graph/v1', name: 'test', source: { app: 'a' }, target: { app: 'b' }, nodes, edges, ...extra };
}

/** source → condition(when) → [action(do)] → sync: the smallest useful rule. */
export function singleRule(when: When, action?: ActionDo, label?: string): Graph {
  const nodes: GraphNode[] = [
    { id: 'in', kind: 'source' },
    { id: 'c1', kind: 'condition', when, ...(label ? { label } : {}) },
    { id: 'out', kind: 'sync' },
  ];
  if (!action) return graphOf(nodes, [{ from: 'in', to: 'c1' }, { from: 'c1', to: 'out' }]);
  nodes.push({ id: 'a1', kind: 'action', do: action });
  return graphOf(nodes, [{ from: 'in', to: 'c1' }, { from: 'c1', to: 'a1' }, { from: 'a1', to: 'out' }]);
}
