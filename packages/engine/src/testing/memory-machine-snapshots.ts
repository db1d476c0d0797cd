import type { MachineSnapshotsPort, StoredSnapshot } from '../ports/machine-snapshots.port';
import type { ConnectionScope } from '../ports/scope.port';
import { clone, scopeKey } from './scope-key';

/** In-memory persisted machine snapshots (JSON round-trip, as a database would store them). */
export class MemoryMachineSnapshots implements MachineSnapshotsPort {
  private readonly rows = new Map<string, string>();

  async load(scope: ConnectionScope): Promise<StoredSnapshot | null> {
    const row = this.rows.get(scopeKey(scope));
    return row === undefined ? null : (JSON.parse(row) as StoredSnapshot);
  }

  async save(scope: ConnectionScope, snapshot: StoredSnapshot): Promise<void> {
    this.rows.set(scopeKey(scope), JSON.stringify(clone(snapshot)));
  }

  async remove(scope: ConnectionScope): Promise<void> {
    this.rows.delete(scopeKey(scope));
  }
}
