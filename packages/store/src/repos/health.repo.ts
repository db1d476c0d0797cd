import type { ConnectionScope, HealthCounts, HealthHints, HealthPort, RecordHealth, RecordHealthStatus, Side } from '@sluice/engine';
import { MongoBulkWriteError, type AnyBulkWriteOperation, type Collection, type Db, type Filter } from 'mongodb';
import { COLLECTIONS } from '../collection-names';
import { HISTORY_CHUNK, inChunks } from './in-chunks';
import { scopeFilter } from './scope-filter';

interface HealthDoc extends RecordHealth {
  workspaceId: string;
  connectionId: string;
}

const PROJECTION = { _id: 0, side: 1, recordId: 1, status: 1, reason: 1, at: 1 } as const;

/** Current status per record (`record_health`), unique (workspaceId, connectionId, side, recordId). */
export class HealthRepo implements HealthPort {
  private readonly coll: Collection<HealthDoc>;

  constructor(db: Db) {
    this.coll = db.collection<HealthDoc>(COLLECTIONS.recordHealth);
  }

  async setMany(scope: ConnectionScope, entries: readonly RecordHealth[], hints: HealthHints = {}): Promise<void> {
    if (entries.length === 0) return;
    // The last entry for a record wins, as in a sequence of single writes. (Each entry's key is
    // built once: this runs for every record a sync touches.)
    const latest = new Map<string, RecordHealth>();
    for (const e of entries) latest.set(`${e.side}:${e.recordId}`, e);
    const toDoc = (e: RecordHealth): HealthDoc => {
      const doc: HealthDoc = { workspaceId: scope.workspaceId, connectionId: scope.connectionId, side: e.side, recordId: e.recordId, status: e.status, at: e.at };
      if (e.reason !== undefined) doc.reason = e.reason;
      return doc;
    };
    // Records seen for the first time (all of them in an initial sync) go in as one insertMany,
    // which the embedded server stores without planning a lookup per document; the others are
    // replaced in place. Only the connection's lease holder writes its health, so the split holds.
    // Entries the caller believes new are inserted without looking first (an initial sync's all);
    // the others are looked up. A hint that was wrong costs a refused insert, then a replace.
    const hinted = hints.fresh ?? new Set<string>();
    const unknown: [string, RecordHealth][] = [];
    for (const entry of latest) if (!hinted.has(entry[0])) unknown.push(entry);
    const stored = unknown.length > 0 ? await this.storedKeys(scope, unknown.map(([, e]) => e)) : new Set<string>();
    const fresh: RecordHealth[] = [];
    const again: RecordHealth[] = [];
    for (const [key, e] of latest) (hinted.has(key) || !stored.has(key) ? fresh : again).push(e);
    // In messages of at most HISTORY_CHUNK documents (see in-chunks.ts).
    for (let i = 0; i < fresh.length; i += HISTORY_CHUNK) {
      const chunk = fresh.slice(i, i + HISTORY_CHUNK);
      try {
        await this.coll.insertMany(chunk.map(toDoc), { ordered: false });
      } catch (e) {
        // Stored already (a wrong hint, or a worker that lost its lease wrote it): replace those instead.
        if (!(e instanceof MongoBulkWriteError)) throw e;
        const errors = Array.isArray(e.writeErrors) ? e.writeErrors : [e.writeErrors];
        if (errors.some((w) => w.code !== 11000)) throw e;
        for (const w of errors) again.push(chunk[w.index]!);
      }
    }
    if (again.length === 0) return;
    const base = scopeFilter(scope);
    const ops: AnyBulkWriteOperation<HealthDoc>[] = again.map((e) => ({
      replaceOne: { filter: { ...base, side: e.side, recordId: e.recordId }, replacement: toDoc(e), upsert: true },
    }));
    await this.coll.bulkWrite(ops, { ordered: false });
  }

  /** `side:recordId` of the entries that already have a stored status (indexed `$in` reads). */
  private async storedKeys(scope: ConnectionScope, entries: readonly RecordHealth[]): Promise<Set<string>> {
    const base = scopeFilter(scope);
    const reads = (['a', 'b'] as const).flatMap((side) =>
      inChunks(entries.filter((e) => e.side === side).map((e) => e.recordId)).map(async (chunk) => {
        const rows = await this.coll.find({ ...base, side, recordId: { $in: chunk } }, { projection: { _id: 0, recordId: 1 } }).toArray();
        return rows.map((r) => `${side}:${r.recordId}`);
      }),
    );
    return new Set((await Promise.all(reads)).flat());
  }

  async counts(scope: ConnectionScope): Promise<HealthCounts> {
    const groups = await this.coll
      .aggregate<{ _id: { status: RecordHealthStatus; reason?: string | null; side: Side }; n: number }>([
        { $match: scopeFilter(scope) },
        { $group: { _id: { status: '$status', reason: '$reason', side: '$side' }, n: { $sum: 1 } } },
      ])
      .toArray();
    const counts: HealthCounts = {
      inSync: 0,
      excluded: { total: 0, byReason: {} },
      duplicates: { total: 0, byReason: {} },
      failed: { total: 0, byReason: {} },
    };
    for (const g of groups) {
      if (g._id.status === 'inSync') {
        counts.inSync += g.n;
        continue;
      }
      const bucket = g._id.status === 'excluded' ? counts.excluded : g._id.status === 'duplicate' ? counts.duplicates : counts.failed;
      const reason = g._id.reason ?? 'unknown';
      bucket.total += g.n;
      bucket.byReason[reason] = (bucket.byReason[reason] ?? 0) + g.n;
      const sides = ((bucket.bySide ??= {})[reason] ??= {});
      sides[g._id.side] = (sides[g._id.side] ?? 0) + g.n;
    }
    return counts;
  }

  async list(
    scope: ConnectionScope,
    query: { status?: RecordHealthStatus; reason?: string; limit?: number },
  ): Promise<RecordHealth[]> {
    const filter: Filter<HealthDoc> = { ...scopeFilter(scope) };
    if (query.status !== undefined) filter.status = query.status;
    if (query.reason !== undefined) filter.reason = query.reason;
    return this.coll
      .find(filter, { projection: PROJECTION })
      .sort({ at: -1 })
      .limit(query.limit ?? 100)
      .toArray();
  }
}
