import type { ConnectionScope, Direction, Side } from './scope.port';

export type RecordOutcome = 'created' | 'updated' | 'skipped' | 'excluded' | 'conflict' | 'failed';

/** One field's change in a write: what the target held before, what Sluice wrote. */
export interface FieldChange {
  path: string;
  /** The app written to; absent means the direction's target (a two-way write-back names the source). */
  side?: Side;
  before: unknown;
  after: unknown;
}

/** A field both sides changed: who won, and the value that lost (kept so nothing is silently lost). */
export interface ConflictNote {
  path: string;
  winner: Side;
  rule: 'a' | 'b' | 'newest' | 'merge';
  winningValue: unknown;
  losingValue: unknown;
}

/** What happened to one record in one run (`record_events` collection, TTL-bounded). */
export interface RecordEvent {
  runId: string;
  direction: Direction;
  /** Id in the source app of this direction. */
  sourceId: string;
  /** Id in the target app, when known. */
  targetId?: string;
  outcome: RecordOutcome;
  /** Stable reason code: `E_NO_MATCH_KEY`, `excludedBy:c1`, `no-change`, `E_WRITE_REJECTED`... */
  reason?: string;
  /** Human-readable detail (the rule graph's reason, the app's error message). */
  message?: string;
  changes?: FieldChange[];
  conflicts?: ConflictNote[];
  graphVersion?: number;
  /** Epoch ms. */
  at: number;
}

export interface RecordEventQuery {
  runId?: string;
  /** Matches sourceId or targetId. */
  recordId?: string;
  outcome?: RecordOutcome | readonly RecordOutcome[];
  direction?: Direction;
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  /** The reason code starts with this (an exact code, or a prefix: `excludedBy:` matches every rule node). */
  reason?: string;
  /**
   * Paging, newest first: only events at or before `at`, leaving out the first `skip` of those at
   * exactly `at` (the previous page showed them; events of one page of a run share one `at`).
   * Not combined with `recordId`.
   */
  before?: { at: number; skip: number };
  /** Default 100. */
  limit?: number;
}

export interface RecordEventsPort {
  insertMany(scope: ConnectionScope, events: readonly RecordEvent[]): Promise<void>;
  /** Newest first. */
  query(scope: ConnectionScope, query: RecordEventQuery): Promise<RecordEvent[]>;
}
