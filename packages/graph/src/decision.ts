import type { Contact } from './contact.schema';
import type { Branch, NodeKind } from './graph.schema';

/**
 * What the rule graph decided for one record. `record` is the record after the winning path's
 * actions when it syncs, else the input record untouched. `path` arrays are shared and frozen.
 */
export interface Decision {
  id: string;
  sync: boolean;
  /** Node ids from the source to the sync node (or to the condition that stopped the record). */
  path: string[];
  /** The last condition that stopped the record. */
  excludedBy?: string;
  /** A sentence a user understands, e.g. `deals.count is 2, rule "has no deals" wants 0`. */
  reason?: string;
  record: Contact;
  /** Set when the record could not be evaluated at all (a per-record failure as a value). */
  error?: { code: string; message: string };
}

/** What happened at one node: entered (source), held/failed (condition), applied/unchanged (action), synced. */
export type TraceOutcome = 'entered' | 'held' | 'failed' | 'applied' | 'unchanged' | 'synced';

/** One visited node, in visiting order (depth-first, edge order). Steps are shared and frozen. */
export interface TraceStep {
  nodeId: string;
  kind: NodeKind;
  outcome: TraceOutcome;
  /** For conditions: the branch the record took. */
  branch?: Branch;
}

export interface TracedDecision extends Decision {
  trace: TraceStep[];
}
