import type { Checkpoint, CheckpointsPort, ConnectionScope, Direction } from '@sluice/engine';
import type { Collection, Db } from 'mongodb';
import { COLLECTIONS } from '../collection-names';
import { scopeFilter } from './scope-filter';

interface CheckpointDoc extends Checkpoint {
  workspaceId: string;
  connectionId: string;
}

/** Resume cursors, one document per (workspaceId, connectionId, direction). */
export class CheckpointsRepo implements CheckpointsPort {
  private readonly coll: Collection<CheckpointDoc>;

  constructor(db: Db) {
    this.coll = db.collection<CheckpointDoc>(COLLECTIONS.checkpoints);
  }

  async get(scope: ConnectionScope, direction: Direction): Promise<Checkpoint | null> {
    return this.coll.findOne(
      { ...scopeFilter(scope), direction },
      { projection: { _id: 0, direction: 1, cursor: 1, runId: 1, updatedAt: 1 } },
    );
  }

  async set(scope: ConnectionScope, checkpoint: Checkpoint): Promise<void> {
    const doc: CheckpointDoc = {
      ...scopeFilter(scope),
      direction: checkpoint.direction,
      cursor: checkpoint.cursor,
      runId: checkpoint.runId,
      updatedAt: checkpoint.updatedAt,
    };
    await this.coll.replaceOne({ ...scopeFilter(scope), direction: checkpoint.direction }, doc, { upsert: true });
  }

  async clear(scope: ConnectionScope): Promise<void> {
    await this.coll.deleteMany(scopeFilter(scope));
  }
}
