import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { COLLECTIONS } from '../collection-names';

/** A team's space: every connection, credential, graph and record belongs to exactly one. */
export interface Workspace {
  id: string;
  name: string;
  createdBy: string;
  createdAt: number;
}

interface WorkspaceDoc {
  _id: string;
  name: string;
  createdBy: string;
  createdAt: number;
}

function toWorkspace(doc: WorkspaceDoc): Workspace {
  return { id: doc._id, name: doc.name, createdBy: doc.createdBy, createdAt: doc.createdAt };
}

/** Workspaces (`workspaces`); who may enter one is in `members`. */
export class WorkspacesRepo {
  private readonly coll: Collection<WorkspaceDoc>;

  constructor(db: Db) {
    this.coll = db.collection<WorkspaceDoc>(COLLECTIONS.workspaces);
  }

  /** Creates a workspace (add its first member with `members.add(…, 'owner')`). */
  async create(input: { name: string; createdBy: string; now?: number }): Promise<Workspace> {
    const doc: WorkspaceDoc = { _id: randomUUID(), name: input.name.trim(), createdBy: input.createdBy, createdAt: input.now ?? Date.now() };
    await this.coll.insertOne(doc);
    return toWorkspace(doc);
  }

  async get(workspaceId: string): Promise<Workspace | null> {
    const doc = await this.coll.findOne({ _id: workspaceId });
    return doc ? toWorkspace(doc) : null;
  }

  /** The workspaces with these ids (from `members.workspacesOf`), by name. */
  async getMany(workspaceIds: readonly string[]): Promise<Workspace[]> {
    if (workspaceIds.length === 0) return [];
    const docs = await this.coll.find({ _id: { $in: [...workspaceIds] } }).sort({ name: 1 }).toArray();
    return docs.map(toWorkspace);
  }

  async rename(workspaceId: string, name: string): Promise<boolean> {
    return (await this.coll.updateOne({ _id: workspaceId }, { $set: { name: name.trim() } })).matchedCount === 1;
  }
}
