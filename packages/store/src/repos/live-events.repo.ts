import { MongoServerError, type Collection, type Db } from 'mongodb';
import { COLLECTIONS } from '../collection-names';

/** One event of the cross-process live feed, as read back: its place in the workspace's sequence. */
export interface LiveEventRecord<E extends object = Record<string, unknown>> {
  seq: number;
  /** When the event was written (ms). */
  writtenAt: number;
  event: E;
}

/**
 * Two kinds of documents share `live_events`: one head per workspace (`head`: the last sequence
 * number handed out) and the events themselves (`seq`, `expiresAt`). The head has no `expiresAt`,
 * so the TTL index never removes it and sequence numbers never restart.
 */
interface LiveEventDoc {
  _id: string;
  workspaceId: string;
  head?: number;
  seq?: number;
  writtenAt?: number;
  event?: object;
  expiresAt?: Date;
}

const headId = (workspaceId: string) => `head:${workspaceId}`;

/**
 * The live feed between processes (`live_events`): whichever process runs a connection appends its
 * state changes and run progress; API processes tail the feed by sequence number. Works the same on
 * the embedded server and on MongoDB, with no change streams. Sequence numbers are per workspace,
 * strictly increasing, handed out in blocks by one `findOneAndUpdate($inc)` on the workspace's head.
 * Because a block is handed out before its events are inserted, a reader can see seq 8 before seq 7
 * is written: readers treat a hole as "in flight" for a moment (see the API's live tail).
 * Events expire after `retentionMs` (TTL index on `expiresAt`), enough to resume a dropped stream.
 */
export class LiveEventsRepo {
  private readonly coll: Collection<LiveEventDoc>;
  readonly retentionMs: number;

  constructor(db: Db, options: { retentionMs?: number } = {}) {
    this.coll = db.collection<LiveEventDoc>(COLLECTIONS.liveEvents);
    this.retentionMs = options.retentionMs ?? 10 * 60_000;
  }

  /** Appends events in order; returns their sequence numbers (one round trip for the block, one for the insert). */
  async append<E extends object>(workspaceId: string, events: readonly E[], now = Date.now()): Promise<number[]> {
    if (events.length === 0) return [];
    const last = await this.reserve(workspaceId, events.length);
    const first = last - events.length + 1;
    const expiresAt = new Date(now + this.retentionMs);
    const docs: LiveEventDoc[] = events.map((event, i) => ({ _id: `${workspaceId}:${first + i}`, workspaceId, seq: first + i, writtenAt: now, event, expiresAt }));
    await this.coll.insertMany(docs, { ordered: true });
    return docs.map((d) => d.seq!);
  }

  /** Events of the workspace after `seq`, oldest first (at most `limit`). */
  async after<E extends object = Record<string, unknown>>(workspaceId: string, seq: number, limit = 500): Promise<LiveEventRecord<E>[]> {
    const docs = await this.coll
      .find({ workspaceId, seq: { $gt: seq } }, { projection: { _id: 0, seq: 1, writtenAt: 1, event: 1 } })
      .sort({ workspaceId: 1, seq: 1 })
      .limit(limit)
      .toArray();
    return docs.map((d) => ({ seq: d.seq!, writtenAt: d.writtenAt!, event: d.event as E }));
  }

  /** The last sequence number handed out in the workspace (0 before any event): a new reader starts here. */
  async head(workspaceId: string): Promise<number> {
    const doc = await this.coll.findOne({ _id: headId(workspaceId) }, { projection: { head: 1 } });
    return doc?.head ?? 0;
  }

  private async reserve(workspaceId: string, count: number): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      try {
        const doc = await this.coll.findOneAndUpdate(
          { _id: headId(workspaceId) },
          { $inc: { head: count }, $setOnInsert: { workspaceId } },
          { upsert: true, returnDocument: 'after', projection: { head: 1 } },
        );
        return doc!.head!;
      } catch (e) {
        // Two first writers of a workspace can race on the upsert; the loser simply increments.
        if (attempt === 0 && e instanceof MongoServerError && e.code === 11000) continue;
        throw e;
      }
    }
  }
}
