import type { Direction } from '@sluice/engine';
import type { Collection, Db } from 'mongodb';
import { COLLECTIONS } from '../collection-names';
import type { AuditActor } from './audit.repo';
import type { ConnectionSettings, GraphPointer } from './connections.repo';

/** Why a version was saved. `baseline` is the state found before the first recorded change. */
export type VersionChange = 'created' | 'settings' | 'rules' | 'template' | 'restored' | 'baseline' | 'system';

/** Who saves a change and why, as the caller tells the connections repository. */
export interface VersionAuthor {
  by?: AuditActor;
  change?: VersionChange;
  /** A line shown with the version ("Restored from version 3"). */
  note?: string;
}

/** One saved state of a connection: its settings and the rule graph versions it ran. */
export interface ConnectionVersion {
  connectionId: string;
  /** The connection's `version` after this change. */
  version: number;
  at: number;
  /** Absent for changes made before versions were kept (the baseline) and by Sluice itself. */
  by?: AuditActor;
  change: VersionChange;
  note?: string;
  name: string;
  settings: ConnectionSettings;
  graphs: Partial<Record<Direction, GraphPointer>>;
}

/** Settings as JSON text, as in `connections` (dotted keys, connector configs). */
interface VersionDoc extends Omit<ConnectionVersion, 'settings'> {
  workspaceId: string;
  settings: string;
}

const PROJECTION = { _id: 0, workspaceId: 0 } as const;

function toVersion(doc: VersionDoc): ConnectionVersion {
  return { ...doc, settings: JSON.parse(doc.settings) as ConnectionSettings };
}

/** The stored form of a connection's state at `version`. */
export function versionDoc(workspaceId: string, version: Omit<ConnectionVersion, 'settings'> & { settings: string }): VersionDoc {
  const doc: VersionDoc = { workspaceId, ...version };
  if (doc.by === undefined) delete doc.by;
  if (doc.note === undefined) delete doc.note;
  return doc;
}

/**
 * Every saved state of every connection (`connection_versions`), unique by (workspace, connection,
 * version). Written by `ConnectionsRepo` with each change, so no change can skip it; never changed
 * afterwards. Deleted with the connection.
 */
export class ConnectionVersionsRepo {
  private readonly coll: Collection<VersionDoc>;

  constructor(db: Db) {
    this.coll = db.collection<VersionDoc>(COLLECTIONS.connectionVersions);
  }

  /** Stores a version; one that is already there (the same change seen twice) is left as it is. */
  async keep(doc: VersionDoc): Promise<void> {
    const { workspaceId, connectionId, version } = doc;
    await this.coll.updateOne({ workspaceId, connectionId, version }, { $setOnInsert: doc }, { upsert: true });
  }

  /** Newest first, with settings (a connection has a few hundred versions at most). */
  async list(workspaceId: string, connectionId: string, options: { limit?: number } = {}): Promise<ConnectionVersion[]> {
    const docs = await this.coll
      .find({ workspaceId, connectionId }, { projection: PROJECTION })
      .sort({ version: -1 })
      .limit(options.limit ?? 500)
      .toArray();
    return docs.map(toVersion);
  }

  async get(workspaceId: string, connectionId: string, version: number): Promise<ConnectionVersion | null> {
    const doc = await this.coll.findOne({ workspaceId, connectionId, version }, { projection: PROJECTION });
    return doc ? toVersion(doc) : null;
  }

  /** Deletes every version of a removed connection; returns how many. */
  async removeAll(workspaceId: string, connectionId: string): Promise<number> {
    return (await this.coll.deleteMany({ workspaceId, connectionId })).deletedCount;
  }
}
