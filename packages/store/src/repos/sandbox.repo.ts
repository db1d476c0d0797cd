import type { IdempotencyRecord, SandboxCollection, SandboxDocs, SandboxStore, Stored, sandboxIndexes } from '@sluice/connectors';
import type { AnyBulkWriteOperation, Collection, Db, Filter } from 'mongodb';
import { COLLECTIONS } from '../collection-names';
import { inChunks } from './in-chunks';
import { SandboxCounters } from './sandbox-counters.repo';

/** The fields `findBy` may use, per collection (the same as the port's `sandboxIndexes`). */
export const SANDBOX_FIELDS = {
  people: ['emailKey', 'phoneKeys', 'orgId'],
  orgs: ['nameKey'],
  deals: ['personId'],
  prospects: ['emailKey', 'phoneKeys'],
} as const satisfies { [C in SandboxCollection]: readonly (typeof sandboxIndexes)[C][number][] };

/** Collection name of each sandbox collection. */
export const SANDBOX_COLLECTIONS = {
  people: COLLECTIONS.sandboxPeople,
  orgs: COLLECTIONS.sandboxOrgs,
  deals: COLLECTIONS.sandboxDeals,
  prospects: COLLECTIONS.sandboxProspects,
} as const satisfies Record<SandboxCollection, string>;

/**
 * A stored sandbox document: the indexed keys at the top level, the document itself as JSON text
 * (custom field names are user data, not safe as MongoDB field names).
 */
interface SandboxDoc {
  workspaceId: string;
  id: string;
  seq: number;
  deleted: boolean;
  body: string;
  [indexed: string]: unknown;
}

interface IdempotencyDoc {
  workspaceId: string;
  key: string;
  body: string;
  /** Date for the TTL index. */
  createdAt: Date;
}

const READ = { _id: 0, seq: 1, body: 1 } as const;

function toStored<C extends SandboxCollection>(doc: Pick<SandboxDoc, 'seq' | 'body'>): Stored<C> {
  return { ...(JSON.parse(doc.body) as SandboxDocs[C]), seq: doc.seq };
}

/**
 * The sandbox apps' storage on MongoDB (implements the connectors' `SandboxStore` port). Every
 * query is scoped by workspace; writes are ordered by `SandboxCounters`.
 */
export class SandboxRepo implements SandboxStore {
  private readonly counters: SandboxCounters;
  private readonly idempotency: Collection<IdempotencyDoc>;

  constructor(private readonly db: Db) {
    this.counters = new SandboxCounters(db);
    this.idempotency = db.collection<IdempotencyDoc>(COLLECTIONS.sandboxIdempotency);
  }

  private coll(collection: SandboxCollection): Collection<SandboxDoc> {
    return this.db.collection<SandboxDoc>(SANDBOX_COLLECTIONS[collection]);
  }

  async put<C extends SandboxCollection>(workspaceId: string, collection: C, docs: readonly SandboxDocs[C][]): Promise<Stored<C>[]> {
    if (docs.length === 0) return [];
    return this.counters.withSeqs(workspaceId, docs.length, async (first) => {
      const stored = docs.map((d, i) => ({ ...structuredClone(d), seq: first + i }) as Stored<C>);
      const ops: AnyBulkWriteOperation<SandboxDoc>[] = stored.map((s) => {
        const { seq: _seq, ...doc } = s;
        const row: SandboxDoc = { workspaceId, id: s.id, seq: s.seq, deleted: s.deleted === true, body: JSON.stringify(doc) };
        for (const field of SANDBOX_FIELDS[collection]) {
          const value = (s as unknown as Record<string, unknown>)[field];
          if (value !== undefined) row[field] = value;
        }
        return { replaceOne: { filter: { workspaceId, id: s.id }, replacement: row, upsert: true } };
      });
      // Ordered: a batch naming one id twice must end with its later (higher seq) version.
      await this.coll(collection).bulkWrite(ops, { ordered: true });
      return stored;
    });
  }

  async get<C extends SandboxCollection>(workspaceId: string, collection: C, ids: readonly string[]): Promise<Stored<C>[]> {
    const parts = await Promise.all(inChunks(ids).map((chunk) => this.coll(collection).find({ workspaceId, id: { $in: chunk } }, { projection: READ }).toArray()));
    return parts.flat().map((d) => toStored<C>(d));
  }

  async changesSince<C extends SandboxCollection>(workspaceId: string, collection: C, afterSeq: number, limit: number): Promise<Stored<C>[]> {
    const docs = await this.coll(collection).find({ workspaceId, seq: { $gt: afterSeq } }, { projection: READ }).sort({ seq: 1 }).limit(limit).toArray();
    return docs.map((d) => toStored<C>(d));
  }

  async findBy<C extends SandboxCollection>(
    workspaceId: string,
    collection: C,
    field: (typeof sandboxIndexes)[C][number],
    values: readonly string[],
  ): Promise<Stored<C>[]> {
    if (!(SANDBOX_FIELDS[collection] as readonly string[]).includes(field)) throw new Error(`sandbox store: ${collection}.${field} is not indexed`);
    const parts = await Promise.all(
      inChunks(values).map((chunk) =>
        this.coll(collection).find({ workspaceId, [field]: { $in: chunk }, deleted: false } as Filter<SandboxDoc>, { projection: READ }).toArray(),
      ),
    );
    // An array field can match through several values of one document: report it once.
    const byId = new Map<string, Stored<C>>();
    for (const d of parts.flat()) {
      const s = toStored<C>(d);
      byId.set(s.id, s);
    }
    return [...byId.values()];
  }

  async list<C extends SandboxCollection>(workspaceId: string, collection: C, options: { afterId?: string; limit: number }): Promise<Stored<C>[]> {
    const filter: Filter<SandboxDoc> = options.afterId === undefined ? { workspaceId, deleted: false } : { workspaceId, deleted: false, id: { $gt: options.afterId } };
    const docs = await this.coll(collection).find(filter, { projection: READ }).sort({ id: 1 }).limit(options.limit).toArray();
    return docs.map((d) => toStored<C>(d));
  }

  async count(workspaceId: string, collection: SandboxCollection): Promise<number> {
    return this.coll(collection).countDocuments({ workspaceId, deleted: false });
  }

  async getIdempotency(workspaceId: string, key: string): Promise<IdempotencyRecord | undefined> {
    const doc = await this.idempotency.findOne({ workspaceId, key }, { projection: { _id: 0, body: 1 } });
    return doc ? (JSON.parse(doc.body) as IdempotencyRecord) : undefined;
  }

  async putIdempotency(workspaceId: string, record: IdempotencyRecord): Promise<void> {
    const created = Date.parse(record.createdAt);
    const doc: IdempotencyDoc = { workspaceId, key: record.key, body: JSON.stringify(record), createdAt: new Date(Number.isFinite(created) ? created : Date.now()) };
    await this.idempotency.replaceOne({ workspaceId, key: record.key }, doc, { upsert: true });
  }
}
