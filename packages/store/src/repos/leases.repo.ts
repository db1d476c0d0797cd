import type { Lease, LeasesPort } from '@sluice/engine';
import { MongoServerError, type Collection, type Db } from 'mongodb';
import { COLLECTIONS } from '../collection-names';

type LeaseDoc = Lease;

const PROJECTION = { _id: 0, workspaceId: 1, connectionId: 1, owner: 1, expiresAt: 1 } as const;

function isDuplicateKey(e: unknown): boolean {
  return e instanceof MongoServerError && e.code === 11000;
}

/**
 * One worker per connection. Each method is a single atomic command on a document unique by
 * (workspaceId, connectionId): the filter matches only a lease that is ours or expired, and when it
 * matches nothing the upsert's insert hits the unique index — someone else holds it.
 */
export class LeasesRepo implements LeasesPort {
  private readonly coll: Collection<LeaseDoc>;

  constructor(db: Db) {
    this.coll = db.collection<LeaseDoc>(COLLECTIONS.leases);
  }

  async acquire(workspaceId: string, connectionId: string, owner: string, ttlMs: number, now: number): Promise<Lease | null> {
    try {
      const doc = await this.coll.findOneAndUpdate(
        { workspaceId, connectionId, $or: [{ owner }, { expiresAt: { $lte: now } }] },
        { $set: { owner, expiresAt: now + ttlMs } },
        { upsert: true, returnDocument: 'after', projection: PROJECTION },
      );
      return doc;
    } catch (e) {
      if (isDuplicateKey(e)) return null;
      throw e;
    }
  }

  async renew(lease: Lease, ttlMs: number, now: number): Promise<Lease | null> {
    return this.coll.findOneAndUpdate(
      { workspaceId: lease.workspaceId, connectionId: lease.connectionId, owner: lease.owner },
      { $set: { expiresAt: now + ttlMs } },
      { returnDocument: 'after', projection: PROJECTION },
    );
  }

  async release(lease: Lease): Promise<void> {
    await this.coll.deleteOne({ workspaceId: lease.workspaceId, connectionId: lease.connectionId, owner: lease.owner });
  }

  async get(workspaceId: string, connectionId: string): Promise<Lease | null> {
    return this.coll.findOne({ workspaceId, connectionId }, { projection: PROJECTION });
  }

  /** Leases held by `owner` (a worker lists what it must renew or release on shutdown). */
  /** Distinct owners of unexpired leases: the live workers (each holds its presence lease). */
  async liveOwners(now: number): Promise<number> {
    const docs = await this.coll.find({ expiresAt: { $gt: now } }, { projection: { _id: 0, owner: 1 } }).toArray();
    return new Set(docs.map((d) => d.owner)).size;
  }

  async heldBy(owner: string): Promise<Lease[]> {
    return this.coll.find({ owner }, { projection: PROJECTION }).toArray();
  }
}
