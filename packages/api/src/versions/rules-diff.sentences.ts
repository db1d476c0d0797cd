import { describeAction, describeWhen, nodeTitle, type Graph, type GraphEdge, type GraphNode } from '@sluice/graph';
import type { GraphDiff } from '../graphs/graph.diff';

const KIND_WORDS: Record<GraphNode['kind'], string> = { source: 'start', condition: 'condition', action: 'action', sync: 'sync step' };

/** What a node does, in the words of its kind: a condition's test, an action's change. */
function body(node: GraphNode): string {
  if (node.kind === 'condition') return describeWhen(node.when);
  if (node.kind === 'action') return describeAction(node.do);
  return nodeTitle(node);
}

const named = (node: GraphNode) => `the ${KIND_WORDS[node.kind]} “${nodeTitle(node)}”`;

function edgeSentence(verb: 'Connected' | 'Disconnected', edge: GraphEdge, nodes: ReadonlyMap<string, GraphNode>): string {
  const title = (id: string) => {
    const node = nodes.get(id);
    return node ? `“${nodeTitle(node)}”` : `“${id}”`;
  };
  const branch = edge.branch === 'else' ? ' (when the condition does not hold)' : '';
  return `${verb} ${title(edge.from)} ${verb === 'Connected' ? 'to' : 'from'} ${title(edge.to)}${branch}.`;
}

const FIELD_WORDS: Record<string, string> = { description: 'description', source: 'source app', target: 'target app', tests: 'tests' };

/**
 * A graph diff as sentences a person reads: nodes added, removed and changed (by their titles, with
 * what they test or do), edges connected and disconnected, top-level changes. Pure.
 * @example describeGraphDiff(diffGraphs(v1, v2), v1, v2) // ['Added the action “Add tag "New"”.', …]
 */
export function describeGraphDiff(diff: GraphDiff, before: Graph, after: Graph): string[] {
  const oldNodes = new Map(before.nodes.map((n) => [n.id, n]));
  const newNodes = new Map(after.nodes.map((n) => [n.id, n]));
  const out: string[] = [];
  for (const field of diff.fieldsChanged) {
    out.push(field === 'name' ? `Renamed the rules from “${before.name}” to “${after.name}”.` : `Changed the rules' ${FIELD_WORDS[field] ?? field}.`);
  }
  for (const node of diff.nodesAdded) out.push(`Added ${named(node)}${node.kind === 'condition' || node.kind === 'action' ? `: ${body(node)}` : ''}.`);
  for (const node of diff.nodesRemoved) out.push(`Removed ${named(node)}.`);
  for (const { before: old, after: now } of diff.nodesChanged) {
    const was = body(old);
    const is = body(now);
    if (old.kind !== now.kind) out.push(`Replaced ${named(old)} with ${named(now)}.`);
    else if (was !== is) out.push(`Changed ${named(old)}: ${was} → ${is}.`);
    else if (nodeTitle(old) !== nodeTitle(now)) out.push(`Renamed ${named(old)} to “${nodeTitle(now)}”.`);
    else out.push(`Changed ${named(now)}.`);
  }
  for (const edge of diff.edgesAdded) out.push(edgeSentence('Connected', edge, newNodes));
  for (const edge of diff.edgesRemoved) out.push(edgeSentence('Disconnected', edge, oldNodes));
  return out;
}
