import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { COLLECTIONS } from '../collection-names';

export interface TemplateInfo {
  id: string;
  workspaceId: string;
  name: string;
  description?: string;
  sourceApp: string;
  targetApp: string;
  createdAt: number;
  createdBy?: string;
}

/** A template with its content: a `sluice.graph/v1` document (or a bundle of them with mappings). */
export interface StoredTemplate extends TemplateInfo {
  content: unknown;
}

interface TemplateDoc extends Omit<TemplateInfo, 'id'> {
  _id: string;
  /** JSON text: a template holds graphs, whose keys are user data. */
  body: string;
}

function toInfo(doc: Omit<TemplateDoc, 'body'>): TemplateInfo {
  const { _id, ...rest } = doc;
  return { id: _id, ...rest };
}

/** A workspace's own saved templates (`templates`); the built-in gallery lives in code. */
export class TemplatesRepo {
  private readonly coll: Collection<TemplateDoc>;

  constructor(db: Db) {
    this.coll = db.collection<TemplateDoc>(COLLECTIONS.templates);
  }

  async create(
    workspaceId: string,
    input: { name: string; description?: string; sourceApp: string; targetApp: string; content: unknown; createdBy?: string; now?: number },
  ): Promise<TemplateInfo> {
    const doc: TemplateDoc = {
      _id: randomUUID(),
      workspaceId,
      name: input.name,
      sourceApp: input.sourceApp,
      targetApp: input.targetApp,
      createdAt: input.now ?? Date.now(),
      body: JSON.stringify(input.content),
    };
    if (input.description !== undefined) doc.description = input.description;
    if (input.createdBy !== undefined) doc.createdBy = input.createdBy;
    await this.coll.insertOne(doc);
    const { body: _b, ...info } = doc;
    return toInfo(info);
  }

  /** By name; optionally only templates for one source/target app pair. */
  async list(workspaceId: string, filter: { sourceApp?: string; targetApp?: string } = {}): Promise<TemplateInfo[]> {
    const query: Record<string, string> = { workspaceId };
    if (filter.sourceApp !== undefined) query.sourceApp = filter.sourceApp;
    if (filter.targetApp !== undefined) query.targetApp = filter.targetApp;
    const docs = await this.coll.find(query, { projection: { body: 0 } }).sort({ name: 1 }).toArray();
    return docs.map(toInfo);
  }

  async get(workspaceId: string, id: string): Promise<StoredTemplate | null> {
    const doc = await this.coll.findOne({ workspaceId, _id: id });
    if (!doc) return null;
    const { body, ...info } = doc;
    return { ...toInfo(info), content: JSON.parse(body) as unknown };
  }

  async remove(workspaceId: string, id: string): Promise<boolean> {
    return (await this.coll.deleteOne({ workspaceId, _id: id })).deletedCount === 1;
  }
}
