import { randomUUID } from 'node:crypto';
import type { Graph } from '@sluice/graph';
import { MongoServerError, type Collection, type Db } from 'mongodb';
import { COLLECTIONS } from '../collection-names';

/** One saved version of a graph, without its body. */
export interface GraphVersionInfo {
  graphId: string;
  version: number;
  name: string;
  sourceApp: string;
  targetApp: string;
  createdAt: number;
  createdBy?: string;
  note?: string;
}

export interface StoredGraph extends GraphVersionInfo {
  graph: Graph;
}

/** One document per version; `body` is the graph as JSON text (node ids and layouts are user keys). */
interface GraphDoc extends GraphVersionInfo {
  workspaceId: string;
  body: string;
}

const INFO_PROJECTION = { _id: 0, workspaceId: 0, body: 0 } as const;

function toStored(doc: GraphDoc): StoredGraph {
  const { workspaceId: _w, body, ...info } = doc as GraphDoc & { _id?: unknown };
  delete (info as { _id?: unknown })._id;
  return { ...info, graph: JSON.parse(body) as Graph };
}

/**
 * Versioned rule graphs (`graphs`), unique (workspaceId, graphId, version). A save never changes a
 * stored version: it adds the next one, so a connection can point at the exact version it runs.
 */
export class GraphsRepo {
  private readonly coll: Collection<GraphDoc>;

  constructor(db: Db) {
    this.coll = db.collection<GraphDoc>(COLLECTIONS.graphs);
  }

  /** Saves a new version (version 1 of a new graph when `graphId` is absent). */
  async save(
    workspaceId: string,
    input: { graphId?: string; graph: Graph; createdBy?: string; note?: string; now?: number },
  ): Promise<GraphVersionInfo> {
    const graphId = input.graphId ?? randomUUID();
    // Two saves racing for the same number: the unique index refuses one, which takes the next.
    for (let attempt = 0; ; attempt++) {
      const last = await this.coll.find({ workspaceId, graphId }, { projection: { _id: 0, version: 1 } }).sort({ version: -1 }).limit(1).next();
      const doc: GraphDoc = {
        workspaceId,
        graphId,
        version: (last?.version ?? 0) + 1,
        name: input.graph.name,
        sourceApp: input.graph.source.app,
        targetApp: input.graph.target.app,
        createdAt: input.now ?? Date.now(),
        body: JSON.stringify(input.graph),
      };
      if (input.createdBy !== undefined) doc.createdBy = input.createdBy;
      if (input.note !== undefined) doc.note = input.note;
      try {
        await this.coll.insertOne({ ...doc });
        const { body: _b, workspaceId: _w, ...info } = doc;
        return info;
      } catch (e) {
        if (!(e instanceof MongoServerError && e.code === 11000) || attempt >= 5) throw e;
      }
    }
  }

  async latest(workspaceId: string, graphId: string): Promise<StoredGraph | null> {
    const doc = await this.coll.find({ workspaceId, graphId }).sort({ version: -1 }).limit(1).next();
    return doc ? toStored(doc) : null;
  }

  async getVersion(workspaceId: string, graphId: string, version: number): Promise<StoredGraph | null> {
    const doc = await this.coll.findOne({ workspaceId, graphId, version });
    return doc ? toStored(doc) : null;
  }

  /** Every version of one graph, newest first, without bodies. */
  async listVersions(workspaceId: string, graphId: string): Promise<GraphVersionInfo[]> {
    return this.coll.find({ workspaceId, graphId }, { projection: INFO_PROJECTION }).sort({ version: -1 }).toArray();
  }

  /** The latest version of every graph in the workspace, newest first, without bodies. */
  async list(workspaceId: string): Promise<GraphVersionInfo[]> {
    const rows = await this.coll
      .aggregate<{ _id: string; info: GraphVersionInfo }>([
        { $match: { workspaceId } },
        { $sort: { graphId: 1, version: -1 } },
        { $group: { _id: '$graphId', info: { $first: '$$ROOT' } } },
      ])
      .toArray();
    return rows
      .map((r) => {
        const { workspaceId: _w, body: _b, _id: _i, ...info } = r.info as GraphDoc & { _id: unknown };
        return info;
      })
      .sort((x, y) => y.createdAt - x.createdAt);
  }

  /** Deletes every version of a graph; returns how many. */
  async remove(workspaceId: string, graphId: string): Promise<number> {
    return (await this.coll.deleteMany({ workspaceId, graphId })).deletedCount;
  }
}
