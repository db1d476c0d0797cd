import type { ConnectionScope, RecordEvent, RecordEventQuery, RecordEventsPort } from '@sluice/engine';
import type { Collection, Db, Filter } from 'mongodb';
import { COLLECTIONS } from '../collection-names';
import { HISTORY_CHUNK } from './in-chunks';
import { scopeFilter } from './scope-filter';

/**
 * A stored event. Its field diff and conflicts are JSON text: nothing queries inside them, and one
 * native JSON string is cheaper for the engine's thread than the driver encoding many small
 * objects (events were 1.2 s of the driver's 2.3 s of BSON encoding in a profiled initial sync).
 * Events stored as objects by earlier versions read the same.
 */
interface EventDoc extends Omit<RecordEvent, 'changes' | 'conflicts'> {
  workspaceId: string;
  connectionId: string;
  /** `at` as a date, for the retention's TTL index. */
  date: Date;
  /** The expiry events stored by earlier versions carry (their own TTL index); new events have none. */
  expiresAt?: Date;
  changes?: string | RecordEvent['changes'];
  conflicts?: string | RecordEvent['conflicts'];
}

/**
 * The stored form of an event. Members are copied one by one rather than with a rest pattern and a
 * spread (one event per record synced), and `satisfies` makes a member added to `RecordEvent` a
 * compile error here until it is stored too. Undefined members are left out by the store's
 * `ignoreUndefined` database option.
 */
function toDoc(e: RecordEvent, scope: ConnectionScope): EventDoc {
  const doc = {
    workspaceId: scope.workspaceId,
    connectionId: scope.connectionId,
    runId: e.runId,
    direction: e.direction,
    sourceId: e.sourceId,
    targetId: e.targetId,
    outcome: e.outcome,
    reason: e.reason,
    message: e.message,
    changes: e.changes === undefined ? undefined : JSON.stringify(e.changes),
    conflicts: e.conflicts === undefined ? undefined : JSON.stringify(e.conflicts),
    graphVersion: e.graphVersion,
    at: e.at,
    date: new Date(e.at),
    expiresAt: undefined,
  } satisfies Record<keyof Required<EventDoc>, unknown>;
  return doc as EventDoc;
}

function toEvent(doc: EventDoc): RecordEvent {
  const { changes, conflicts, ...rest } = doc;
  const event = rest as RecordEvent;
  if (changes !== undefined) event.changes = typeof changes === 'string' ? (JSON.parse(changes) as RecordEvent['changes']) : changes;
  if (conflicts !== undefined) event.conflicts = typeof conflicts === 'string' ? (JSON.parse(conflicts) as RecordEvent['conflicts']) : conflicts;
  return event;
}

/** A reason code as a regular expression that matches it literally. Pure. */
const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const PROJECTION = { _id: 0, workspaceId: 0, connectionId: 0, date: 0, expiresAt: 0 } as const;

/**
 * Per-record history. Each event carries its time as a date (`date`); the retention is the TTL
 * index on it (retention.ts), so a new retention applies to stored events too.
 */
export class RecordEventsRepo implements RecordEventsPort {
  private readonly coll: Collection<EventDoc>;

  constructor(db: Db) {
    this.coll = db.collection<EventDoc>(COLLECTIONS.recordEvents);
  }

  async insertMany(scope: ConnectionScope, events: readonly RecordEvent[]): Promise<void> {
    if (events.length === 0) return;
    // In messages of at most HISTORY_CHUNK documents: history is stored while the next page is
    // read, and a shorter insert lets that page's lookups through sooner on a busy database. Each
    // message's documents are built just before it is sent, so they are garbage as soon as it is.
    // Undefined members are left out by the store's `ignoreUndefined` database option.
    for (let i = 0; i < events.length; i += HISTORY_CHUNK) {
      const docs: EventDoc[] = events.slice(i, i + HISTORY_CHUNK).map((e) => toDoc(e, scope));
      await this.coll.insertMany(docs, { ordered: false });
    }
  }

  async query(scope: ConnectionScope, query: RecordEventQuery): Promise<RecordEvent[]> {
    const filter: Filter<EventDoc> = { ...scopeFilter(scope) };
    if (query.runId !== undefined) filter.runId = query.runId;
    if (query.direction !== undefined) filter.direction = query.direction;
    if (query.outcome !== undefined) {
      filter.outcome = typeof query.outcome === 'string' ? query.outcome : { $in: [...query.outcome] };
    }
    if (query.reason !== undefined) filter.reason = { $regex: `^${escapeRegex(query.reason)}` };
    if (query.from !== undefined || query.to !== undefined || query.before !== undefined) {
      filter.at = {};
      if (query.from !== undefined) filter.at.$gte = query.from;
      if (query.to !== undefined) filter.at.$lt = query.to;
      if (query.before !== undefined) filter.at.$lte = query.before.at;
    }
    const limit = query.limit ?? 100;
    // Sorted newest first, the events at exactly `before.at` come first: the previous page showed `skip` of them.
    if (query.recordId === undefined) return this.find(filter, limit, query.before?.skip ?? 0);
    // One indexed query per id field, merged, rather than an $or that may not use either index.
    const [bySource, byTarget] = await Promise.all([
      this.find({ ...filter, sourceId: query.recordId }, limit),
      this.find({ ...filter, targetId: query.recordId, sourceId: { $ne: query.recordId } }, limit),
    ]);
    return [...bySource, ...byTarget].sort((x, y) => y.at - x.at).slice(0, limit);
  }

  private async find(filter: Filter<EventDoc>, limit: number, skip = 0): Promise<RecordEvent[]> {
    const docs = await this.coll.find(filter, { projection: PROJECTION }).sort({ at: -1, _id: -1 }).skip(skip).limit(limit).toArray();
    return docs.map(toEvent);
  }
}
