import type { ConnectionScope, MachineSnapshotsPort, StoredSnapshot } from '@sluice/engine';
import type { Collection, Db } from 'mongodb';
import { COLLECTIONS } from '../collection-names';
import { scopeFilter } from './scope-filter';

/** The XState snapshot is kept as JSON text: its keys are the machine's, not ours to constrain. */
interface SnapshotDoc {
  workspaceId: string;
  connectionId: string;
  snapshot: string;
  state: string;
  savedAt: number;
}

/** Persisted connection machines, one document per connection. */
export class MachineSnapshotsRepo implements MachineSnapshotsPort {
  private readonly coll: Collection<SnapshotDoc>;

  constructor(db: Db) {
    this.coll = db.collection<SnapshotDoc>(COLLECTIONS.machineSnapshots);
  }

  async load(scope: ConnectionScope): Promise<StoredSnapshot | null> {
    const doc = await this.coll.findOne(scopeFilter(scope), { projection: { _id: 0, snapshot: 1, state: 1, savedAt: 1 } });
    return doc ? { snapshot: JSON.parse(doc.snapshot) as unknown, state: doc.state, savedAt: doc.savedAt } : null;
  }

  async save(scope: ConnectionScope, snapshot: StoredSnapshot): Promise<void> {
    const doc: SnapshotDoc = { ...scopeFilter(scope), snapshot: JSON.stringify(snapshot.snapshot), state: snapshot.state, savedAt: snapshot.savedAt };
    await this.coll.replaceOne(scopeFilter(scope), doc, { upsert: true });
  }

  async remove(scope: ConnectionScope): Promise<void> {
    await this.coll.deleteOne(scopeFilter(scope));
  }

  /** Every stored machine of a workspace with its flattened state (for a status overview). */
  async listStates(workspaceId: string): Promise<{ connectionId: string; state: string; savedAt: number }[]> {
    return this.coll.find({ workspaceId }, { projection: { _id: 0, connectionId: 1, state: 1, savedAt: 1 } }).toArray();
  }
}
