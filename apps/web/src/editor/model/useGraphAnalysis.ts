import { useDeferredValue, useMemo } from 'react';
import { validateGraph, type Contact, type FieldCatalog, type Graph } from '@sluice/graph';
import { nodeStats, runPreview, type NodeStat, type PreviewRun } from '../../preview/preview.model';
import type { EditorIssue } from '../canvas/to-flow';

export interface GraphAnalysis {
  issues: readonly EditorIssue[];
  issuesByNode: Map<string, EditorIssue[]>;
  issuesByEdge: Map<number, EditorIssue[]>;
  run: PreviewRun | null;
  savedRun: PreviewRun | null;
  stats: Map<string, NodeStat>;
}

/**
 * Validation and the in-browser preview of a graph. Both depend only on the rule (nodes, edges,
 * apps), not on layout, so dragging a node recomputes nothing.
 */
export function useGraphAnalysis(
  graph: Graph,
  catalog: FieldCatalog,
  records: readonly Contact[] | undefined,
  savedGraph: Graph | null | undefined,
): GraphAnalysis {
  const { nodes, edges, source, target } = graph;
  const rule = useMemo(() => ({ ...graph, layout: undefined }), [nodes, edges, source, target]);
  const issues = useMemo(() => validateGraph(rule, catalog).errors, [rule, catalog]);
  const byNode = useMemo(() => groupBy(issues, (i) => i.nodeId), [issues]);
  const byEdge = useMemo(() => groupBy(issues, (i) => i.edgeIndex), [issues]);

  // The preview may lag one frame behind typing; React keeps the inspector responsive meanwhile.
  const deferredRule = useDeferredValue(rule);
  const run = useMemo(() => (records ? runPreview(deferredRule, records) : null), [deferredRule, records]);
  const savedRun = useMemo(() => (records && savedGraph ? runPreview(savedGraph, records) : null), [savedGraph, records]);
  const stats = useMemo(() => nodeStats(run?.decisions ?? []), [run]);
  return { issues, issuesByNode: byNode, issuesByEdge: byEdge, run, savedRun, stats };
}

function groupBy<K, T>(items: readonly T[], key: (t: T) => K | undefined): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const it of items) {
    const k = key(it);
    if (k === undefined) continue;
    m.set(k, [...(m.get(k) ?? []), it]);
  }
  return m;
}
