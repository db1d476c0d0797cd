import type { ConnectionScope, HealthCounts, HealthPort, RecordHealth, RecordHealthStatus } from '@sluice/engine';
import type { AnyBulkWriteOperation, Collection, Db, Filter } from 'mongodb';
import { COLLECTIONS } from '../collection-names';
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

  async setMany(scope: ConnectionScope, entries: readonly RecordHealth[]): Promise<void> {
    if (entries.length === 0) return;
    const base = scopeFilter(scope);
    // The last entry for a record wins, as in a sequence of single writes.
    const latest = new Map<string, RecordHealth>();
    for (const e of entries) latest.set(`${e.side}:${e.recordId}`, e);
    const ops: AnyBulkWriteOperation<HealthDoc>[] = [...latest.values()].map((e) => {
      const doc: HealthDoc = { ...base, side: e.side, recordId: e.recordId, status: e.status, at: e.at };
      if (e.reason !== undefined) doc.reason = e.reason;
      return { replaceOne: { filter: { ...base, side: e.side, recordId: e.recordId }, replacement: doc, upsert: true } };
    });
    await this.coll.bulkWrite(ops, { ordered: false });
  }

  async counts(scope: ConnectionScope): Promise<HealthCounts> {
    const groups = await this.coll
      .aggregate<{ _id: { status: RecordHealthStatus; reason?: string | null }; n: number }>([
        { $match: scopeFilter(scope) },
        { $group: { _id: { status: '$status', reason: '$reason' }, n: { $sum: 1 } } },
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
