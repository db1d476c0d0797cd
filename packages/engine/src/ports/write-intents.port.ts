import type { ContactWrite } from './connector.port';
import type { ConnectionScope, Direction, Side } from './scope.port';

/**
 * The outbox: the creates of a batch about to be sent to an app, stored before the call and
 * completed after their links and history are stored. A pending intent left by a crash is replayed with the same
 * idempotency key (and creates are re-checked with `findByKey`), so nothing is created twice.
 */
export interface WriteIntent {
  idempotencyKey: string;
  direction: Direction;
  /** The app the writes go to: the direction's target, or its source for two-way write-backs. */
  side: Side;
  runId: string;
  writes: ContactWrite[];
  /**
   * Per create (keyed by write ref = source record id): the source record's content hash and the
   * values the new link will hold, so a replay can link what it created without re-reading the source.
   */
  pending: Record<string, { sourceHash: string; values: Record<string, unknown> }>;
  /** Epoch ms. */
  createdAt: number;
}

export interface WriteIntentsPort {
  /** Stores intents (one per batch); an existing key is left as it is. */
  add(scope: ConnectionScope, intent: WriteIntent): Promise<void>;
  /** Marks the batch done: deletes it. */
  complete(scope: ConnectionScope, idempotencyKey: string): Promise<void>;
  /** Intents not completed, oldest first. */
  pending(scope: ConnectionScope, direction?: Direction): Promise<WriteIntent[]>;
}
