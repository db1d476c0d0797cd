import { compileGraph, issueSentence, nodeTitle, type Contact, type Graph, type GraphNode, type TracedDecision, type ValidationIssue } from '@sluice/graph';
import { diffRecords } from './record-diff';

/** The rule part of the preview, computed in the browser: one traced decision per sample record. */
export interface PreviewRun {
  decisions: TracedDecision[];
  /** Set when the graph cannot run (e.g. a cycle); the message says why. */
  error?: string;
  ms: number;
}

/**
 * Traces every record through the graph. Never throws: a graph that cannot compile yields an
 * `error` and no decisions. Pure apart from reading the clock.
 */
export function runPreview(graph: Graph, records: readonly Contact[]): PreviewRun {
  const t0 = performance.now();
  try {
    const compiled = compileGraph(graph);
    const decisions = records.map((r) => compiled.trace(r));
    return { decisions, ms: performance.now() - t0 };
  } catch (e) {
    // A graph that cannot run says why in sentences (the codes stay in the thrown error's details).
    const issues = (e as { details?: { errors?: ValidationIssue[] } }).details?.errors;
    const error = issues?.length ? issues.map(issueSentence).join(' ') : e instanceof Error ? e.message : String(e);
    return { decisions: [], error, ms: performance.now() - t0 };
  }
}

export interface NodeStat {
  /** Records that went through the node (held, for a condition). */
  passed: number;
  /** Records excluded because this condition was the last to fail. */
  stopped: number;
}

/** How many sample records passed or were stopped at each node. Pure. */
export function nodeStats(decisions: readonly TracedDecision[]): Map<string, NodeStat> {
  const stats = new Map<string, NodeStat>();
  const at = (id: string) => {
    let s = stats.get(id);
    if (!s) stats.set(id, (s = { passed: 0, stopped: 0 }));
    return s;
  };
  for (const d of decisions) {
    const seen = new Set<string>();
    for (const step of d.trace) {
      if (step.outcome === 'failed' || seen.has(step.nodeId)) continue;
      seen.add(step.nodeId);
      at(step.nodeId).passed++;
    }
    if (!d.sync && d.excludedBy) at(d.excludedBy).stopped++;
  }
  return stats;
}

/** Whether a record went through a node (held there, for a condition). Pure. */
export function passedNode(d: TracedDecision, nodeId: string): boolean {
  return d.trace.some((s) => s.nodeId === nodeId && s.outcome !== 'failed');
}

export interface Impact {
  /** Record ids that sync now and did not with the saved rules. */
  start: string[];
  /** Record ids that synced with the saved rules and no longer do. */
  stop: string[];
  /** Record ids that sync either way but would be written with other values (a tag added, a field set). */
  written: string[];
}

type Outcome = { id: string; sync: boolean; record: Contact };

/** What the unsaved edits change, record by record, against the saved version: what syncs and what is written. Pure. */
export function impactOf(current: readonly Outcome[], saved: readonly Outcome[]): Impact {
  const before = new Map(saved.map((d) => [d.id, d]));
  const start: string[] = [];
  const stop: string[] = [];
  const written: string[] = [];
  for (const d of current) {
    const was = before.get(d.id);
    if (was === undefined) continue;
    if (d.sync && !was.sync) start.push(d.id);
    else if (!d.sync && was.sync) stop.push(d.id);
    else if (d.sync && was.record !== d.record && diffRecords(was.record, d.record).length > 0) written.push(d.id);
  }
  return { start, stop, written };
}

/** Whether an impact changes anything at all. Pure. */
export function hasImpact(impact: Impact): boolean {
  return impact.start.length + impact.stop.length + impact.written.length > 0;
}

/**
 * A record's path as people read it: `Start → Has no deals → Add tag "New" → Sync`. Pure.
 */
export function pathText(graph: Graph, path: readonly string[]): string {
  const byId = new Map<string, GraphNode>(graph.nodes.map((n) => [n.id, n]));
  return path
    .map((id) => {
      const n = byId.get(id);
      if (!n) return id;
      if (n.kind === 'source') return n.label || 'Start';
      if (n.kind === 'sync') return n.label || 'Sync';
      return nodeTitle(n);
    })
    .join(' → ');
}

export type StatusFilter = 'all' | 'sync' | 'excluded' | 'changed';

export interface PreviewFilter {
  status: StatusFilter;
  /** Only records that passed this node or were stopped at it. */
  nodeId?: string;
  nodeMode?: 'passed' | 'stopped';
  text?: string;
}

/** The decisions a filter keeps. `changed` needs the impact. Pure. */
export function filterDecisions(
  decisions: readonly TracedDecision[],
  filter: PreviewFilter,
  impact?: Impact,
): TracedDecision[] {
  const changed = impact ? new Set([...impact.start, ...impact.stop, ...impact.written]) : new Set<string>();
  const q = filter.text?.trim().toLowerCase();
  return decisions.filter((d) => {
    if (filter.status === 'sync' && !d.sync) return false;
    if (filter.status === 'excluded' && d.sync) return false;
    if (filter.status === 'changed' && !changed.has(d.id)) return false;
    if (filter.nodeId) {
      if (filter.nodeMode === 'stopped' ? d.excludedBy !== filter.nodeId : !passedNode(d, filter.nodeId)) return false;
    }
    if (q && !recordTitle(d.record).toLowerCase().includes(q) && !d.id.toLowerCase().includes(q)) return false;
    return true;
  });
}

/** How a record is named in lists: name, else email, else id. Pure. */
export function recordTitle(r: Contact): string {
  const name = [r.firstName, r.lastName].filter(Boolean).join(' ');
  return name && r.email ? `${name} <${r.email}>` : name || r.email || r.id;
}
