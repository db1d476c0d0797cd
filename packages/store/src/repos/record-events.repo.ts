import type { ConnectionScope, RecordEvent, RecordEventQuery, RecordEventsPort } from '@sluice/engine';
import type { Collection, Db, Filter } from 'mongodb';
import { COLLECTIONS } from '../collection-names';
import { HISTORY_CHUNK } from './in-chunks';
import { scopeFilter } from './scope-filter';

interface EventDoc extends RecordEvent {
  workspaceId: string;
  connectionId: string;
  /** The TTL index removes the event after this date. */
  expiresAt: Date;
}

const PROJECTION = { _id: 0, workspaceId: 0, connectionId: 0, expiresAt: 0 } as const;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Per-record history. Each event carries its own `expiresAt` (a TTL index with
 * `expireAfterSeconds: 0`), so changing the retention never conflicts with the existing index.
 */
export class RecordEventsRepo implements RecordEventsPort {
  private readonly coll: Collection<EventDoc>;
  private readonly retentionMs: number;

  constructor(db: Db, options: { retentionDays?: number } = {}) {
    this.coll = db.collection<EventDoc>(COLLECTIONS.recordEvents);
    this.retentionMs = (options.retentionDays ?? 30) * DAY_MS;
  }

  async insertMany(scope: ConnectionScope, events: readonly RecordEvent[]): Promise<void> {
    if (events.length === 0) return;
    const base = scopeFilter(scope);
    // Undefined members are left out by the store's `ignoreUndefined` database option.
    const docs: EventDoc[] = events.map((e) => ({ ...e, ...base, expiresAt: new Date(e.at + this.retentionMs) }));
    // In messages of at most HISTORY_CHUNK documents: history is stored while the next page is
    // read, and a shorter insert lets that page's lookups through sooner on a busy database.
    for (let i = 0; i < docs.length; i += HISTORY_CHUNK) await this.coll.insertMany(docs.slice(i, i + HISTORY_CHUNK), { ordered: false });
  }

  async query(scope: ConnectionScope, query: RecordEventQuery): Promise<RecordEvent[]> {
    const filter: Filter<EventDoc> = { ...scopeFilter(scope) };
    if (query.runId !== undefined) filter.runId = query.runId;
    if (query.direction !== undefined) filter.direction = query.direction;
    if (query.outcome !== undefined) {
      filter.outcome = typeof query.outcome === 'string' ? query.outcome : { $in: [...query.outcome] };
    }
    if (query.from !== undefined || query.to !== undefined) {
      filter.at = {};
      if (query.from !== undefined) filter.at.$gte = query.from;
      if (query.to !== undefined) filter.at.$lt = query.to;
    }
    const limit = query.limit ?? 100;
    if (query.recordId === undefined) return this.find(filter, limit);
    // One indexed query per id field, merged, rather than an $or that may not use either index.
    const [bySource, byTarget] = await Promise.all([
      this.find({ ...filter, sourceId: query.recordId }, limit),
      this.find({ ...filter, targetId: query.recordId, sourceId: { $ne: query.recordId } }, limit),
    ]);
    return [...bySource, ...byTarget].sort((x, y) => y.at - x.at).slice(0, limit);
  }

  private find(filter: Filter<EventDoc>, limit: number): Promise<RecordEvent[]> {
    return this.coll.find(filter, { projection: PROJECTION }).sort({ at: -1, _id: -1 }).limit(limit).toArray();
  }
}
