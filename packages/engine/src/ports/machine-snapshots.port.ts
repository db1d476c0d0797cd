import type { ConnectionScope } from './scope.port';

/** A connection machine's persisted XState snapshot (`machine_snapshots` collection). */
export interface StoredSnapshot {
  /** `actor.getPersistedSnapshot()`, JSON-serialisable. */
  snapshot: unknown;
  /** The state value flattened to a dotted string (`live.idle`), for listing without parsing. */
  state: string;
  /** Epoch ms. */
  savedAt: number;
}

export interface MachineSnapshotsPort {
  load(scope: ConnectionScope): Promise<StoredSnapshot | null>;
  save(scope: ConnectionScope, snapshot: StoredSnapshot): Promise<void>;
  remove(scope: ConnectionScope): Promise<void>;
}
