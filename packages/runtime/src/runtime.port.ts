import type { ConnectionScope, ConnectionState, Run, RunCounts, Side } from '@sluice/engine';

/** What the API asks of a connection's machine (sent as machine events to whichever worker owns it). */
export type RuntimeCommand = 'start' | 'pause' | 'resume' | 'configChanged' | 'syncNow' | 'webhook' | 'reauthorized';

/** Something a worker did that live screens want to see at once. */
export type RuntimeEvent =
  | { type: 'state'; workspaceId: string; connectionId: string; state: ConnectionState; at: number; error?: { code: string; message: string } }
  | { type: 'progress'; workspaceId: string; connectionId: string; runId: string; counts: RunCounts; at: number }
  | { type: 'run'; workspaceId: string; connectionId: string; run: Run; at: number };

/**
 * The sync workers as the API drives them (apps/server runs them in-process; `sluice worker` runs
 * them alone). The connection's desired state lives in the database; these calls only make the
 * workers react now instead of at their next poll.
 */
export interface SyncRuntime {
  /**
   * Starts, pauses (resolves once the batch in flight is written), resumes, re-validates, runs now,
   * or retries after new credentials. In-process owners get the machine event at once; a connection
   * owned by another worker process follows the database (status, version, credentials) at its next tick.
   */
  send(scope: ConnectionScope, command: RuntimeCommand): Promise<void>;
  /** Something changed at an app (a webhook, a sandbox edit): sync soon. */
  wake(scope: ConnectionScope): void;
  /** The connection was paused or deleted: let the batch in flight finish, then stop and release its lease. */
  halt(scope: ConnectionScope): Promise<void>;
  /** Syncs one record again (both directions the mode allows), now, without moving the checkpoints. */
  resyncRecord(scope: ConnectionScope, side: Side, recordId: string): Promise<Run>;
  /** Live events of one workspace; returns the unsubscribe function. */
  subscribe(workspaceId: string, listener: (event: RuntimeEvent) => void): () => void;
}
