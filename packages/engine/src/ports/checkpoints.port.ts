import type { ConnectionScope, Direction } from './scope.port';

/** Where a direction resumes: the source connector's opaque cursor (`checkpoints` collection). */
export interface Checkpoint {
  direction: Direction;
  cursor: string;
  /** The run that stored it. */
  runId: string;
  /** Epoch ms. */
  updatedAt: number;
}

/**
 * Cursors per connection and direction. The engine calls `set` only after every write of the page
 * the cursor covers was committed (and its links and history stored).
 */
export interface CheckpointsPort {
  get(scope: ConnectionScope, direction: Direction): Promise<Checkpoint | null>;
  set(scope: ConnectionScope, checkpoint: Checkpoint): Promise<void>;
  /** Forgets both cursors (a full re-sync after a configuration change). */
  clear(scope: ConnectionScope): Promise<void>;
}
