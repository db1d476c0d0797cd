import type { Edge, Node } from '@xyflow/react';
import { nodeTitle, type Graph, type GraphNode } from '@sluice/graph';
import { edgeKey } from '../model/graph-ops';

/** A validation finding as the editor shows it (validateGraph's ValidationIssue fits this shape). */
export interface EditorIssue {
  code: string;
  severity: 'error' | 'warning';
  nodeId?: string;
  edgeIndex?: number;
  /** Where in the document, e.g. `['nodes', 3, 'do', 'value']`: the inspector shows it at that field. */
  path?: readonly (string | number)[];
  message: string;
  /** What a person reads; the code goes to a tooltip. */
  sentence?: string;
}

/** What a node of the canvas knows beyond the graph node itself. */
export interface RuleNodeData extends Record<string, unknown> {
  node: GraphNode;
  issues: readonly EditorIssue[];
  /** On the path of the record under the pointer in the preview. */
  highlighted: boolean;
  /** Records of the preview sample that passed this node / were stopped here. */
  passed?: number;
  stopped?: number;
}

export type RuleFlowNode = Node<RuleNodeData, GraphNode['kind']>;

export interface FlowView {
  selectedNodes: ReadonlySet<string>;
  selectedEdges: ReadonlySet<string>;
  issuesByNode: ReadonlyMap<string, readonly EditorIssue[]>;
  issuesByEdge: ReadonlyMap<number, readonly EditorIssue[]>;
  highlightPath: readonly string[];
  nodeStats: ReadonlyMap<string, { passed: number; stopped: number }>;
  measured: ReadonlyMap<string, { width: number; height: number }>;
}

const noIssues: readonly EditorIssue[] = [];
const kindWords: Record<GraphNode['kind'], string> = { source: 'Start', condition: 'If', action: 'Then', sync: 'Sync' };
const origin = { x: 0, y: 0 };

/**
 * Turns the graph into React Flow nodes, reusing a previous node object when nothing it shows has
 * changed: dragging one node of a 200-node graph then re-renders one node, not 200.
 */
export function toFlowNodes(graph: Graph, view: FlowView, cache: Map<string, RuleFlowNode>): RuleFlowNode[] {
  const onPath = new Set(view.highlightPath);
  const out: RuleFlowNode[] = [];
  for (const node of graph.nodes) {
    const position = graph.layout?.[node.id] ?? origin;
    const issues = view.issuesByNode.get(node.id) ?? noIssues;
    const stats = view.nodeStats.get(node.id);
    const selected = view.selectedNodes.has(node.id);
    const highlighted = onPath.has(node.id);
    const measured = view.measured.get(node.id);
    const prev = cache.get(node.id);
    if (
      prev &&
      prev.data.node === node &&
      prev.position === position &&
      prev.data.issues === issues &&
      prev.selected === selected &&
      prev.data.highlighted === highlighted &&
      prev.data.passed === stats?.passed &&
      prev.data.stopped === stats?.stopped &&
      prev.measured === measured
    ) {
      out.push(prev);
      continue;
    }
    const flowNode: RuleFlowNode = {
      id: node.id,
      type: node.kind,
      position,
      selected,
      deletable: node.kind !== 'source',
      measured,
      ariaLabel: `${kindWords[node.kind]} node: ${nodeTitle(node)}`,
      data: { node, issues, highlighted, passed: stats?.passed, stopped: stats?.stopped },
    };
    cache.set(node.id, flowNode);
    out.push(flowNode);
  }
  if (cache.size > graph.nodes.length) {
    const live = new Set(graph.nodes.map((n) => n.id));
    for (const id of cache.keys()) if (!live.has(id)) cache.delete(id);
  }
  return out;
}

/**
 * Turns the graph's edges into React Flow edges: `then` green, `else` amber, path highlighted.
 * Like toFlowNodes, an unchanged edge keeps its object, so a drag re-renders no edge needlessly.
 */
export function toFlowEdges(graph: Graph, view: FlowView, cache: Map<string, Edge> = new Map()): Edge[] {
  const kinds = new Map(graph.nodes.map((n) => [n.id, n.kind]));
  const titles = new Map(graph.nodes.map((n) => [n.id, nodeTitle(n)]));
  const pathPairs = new Set<string>();
  for (let i = 1; i < view.highlightPath.length; i++) pathPairs.add(`${view.highlightPath[i - 1]}->${view.highlightPath[i]}`);
  const out = graph.edges.map((e, index) => {
    const fromCondition = kinds.get(e.from) === 'condition';
    const branch = e.branch ?? 'then';
    const id = edgeKey(e);
    const faulty = view.issuesByEdge.has(index);
    const onPath = pathPairs.has(`${e.from}->${e.to}`);
    const selected = view.selectedEdges.has(id);
    const classes = ['rule-edge', fromCondition ? `rule-edge-${branch}` : '', onPath ? 'rule-edge-path' : '', faulty ? 'rule-edge-error' : ''];
    const className = classes.filter(Boolean).join(' ');
    const sourceHandle = fromCondition ? branch : 'out';
    const prev = cache.get(id);
    const ariaLabel = `Wire from ${titles.get(e.from) ?? e.from} to ${titles.get(e.to) ?? e.to}${fromCondition ? ` (${branch})` : ''}`;
    if (prev && prev.selected === selected && prev.className === className && prev.sourceHandle === sourceHandle && prev.ariaLabel === ariaLabel) return prev;
    const edge: Edge = {
      id,
      source: e.from,
      target: e.to,
      sourceHandle,
      targetHandle: 'in',
      selected,
      animated: onPath,
      className,
      label: fromCondition && branch === 'else' ? 'else' : undefined,
      ariaLabel,
    };
    cache.set(id, edge);
    return edge;
  });
  if (cache.size > out.length) {
    const live = new Set(out.map((e) => e.id));
    for (const id of cache.keys()) if (!live.has(id)) cache.delete(id);
  }
  return out;
}
