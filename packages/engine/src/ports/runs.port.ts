import type { ConnectionScope } from './scope.port';

export type RunKind = 'initial' | 'incremental' | 'manual';
/** `guarded`: the run's plan went past the connection's guard; it stopped before its first write (counts are the plan's). */
export type RunStatus = 'running' | 'succeeded' | 'failed' | 'interrupted' | 'guarded';

/** Per-side counts of one run. */
export interface RunCounts {
  read: { a: number; b: number };
  created: { a: number; b: number };
  updated: { a: number; b: number };
  /** Nothing to write (no change, echo, avoidDuplicates). */
  skipped: number;
  /** Filtered out by the rule graph. */
  excluded: number;
  conflicts: number;
  failed: number;
  /** Deletions carried as a `Sluice Trash` tag. */
  trashed: number;
}

export interface RunError {
  code: string;
  message: string;
  recordId?: string;
}

/** One sync pass of a connection (`runs` collection). */
export interface Run {
  id: string;
  kind: RunKind;
  status: RunStatus;
  /** Epoch ms. */
  startedAt: number;
  finishedAt?: number;
  durationMs?: number;
  counts: RunCounts;
  /** At most a few dozen, the first ones; per-record failures live in record events. */
  errors: RunError[];
  /** A run that picked up where a crashed or interrupted run stopped names it. */
  resumedFrom?: string;
  /** Version of the connection configuration (rules included) the run used. */
  graphVersion?: number;
}

export interface RunsPort {
  /** Stores a new run with status `running`. */
  start(scope: ConnectionScope, run: Run): Promise<void>;
  /** Replaces the counts of a running run (called about once per page). */
  progress(scope: ConnectionScope, runId: string, counts: RunCounts): Promise<void>;
  /** Sets the final status, counts, duration and errors. */
  finish(
    scope: ConnectionScope,
    runId: string,
    result: { status: Exclude<RunStatus, 'running'>; counts: RunCounts; finishedAt: number; durationMs: number; errors: RunError[] },
  ): Promise<void>;
  get(scope: ConnectionScope, runId: string): Promise<Run | null>;
  /** Newest first. */
  list(scope: ConnectionScope, options?: { limit?: number; before?: number }): Promise<Run[]>;
}

/** Counts with every number at zero. Pure. */
export function emptyRunCounts(): RunCounts {
  return {
    read: { a: 0, b: 0 },
    created: { a: 0, b: 0 },
    updated: { a: 0, b: 0 },
    skipped: 0,
    excluded: 0,
    conflicts: 0,
    failed: 0,
    trashed: 0,
  };
}
