import { OperationalError } from '@sluice/core';
import { randomUUID } from 'node:crypto';
import { MongoServerError, type Collection, type Db } from 'mongodb';
import { COLLECTIONS } from '../collection-names';

interface CounterDoc {
  workspaceId: string;
  /** The last seq handed out. */
  seq: number;
  /** Who holds the write lock, or null. */
  holder: string | null;
  /** Epoch ms after which a lock left by a crashed writer may be taken. */
  expiresAt: number;
}

const LOCK_TTL_MS = 30_000;
const GIVE_UP_MS = 30_000;

/**
 * The sandbox change feed's ordering guarantee: a writer takes the workspace's lock and its seq
 * range in one atomic command, writes, then releases. No reader can see seq n+1 while n is still
 * unwritten, because n+1 is only handed out after n's writer released the lock. A writer that
 * crashed leaves a gap in the numbering (harmless) and a lock that expires after 30 s.
 */
export class SandboxCounters {
  private readonly coll: Collection<CounterDoc>;

  constructor(db: Db) {
    this.coll = db.collection<CounterDoc>(COLLECTIONS.sandboxCounters);
  }

  /** Runs `write` with the lock held and seqs `first..first+count-1` reserved for it. */
  async withSeqs<T>(workspaceId: string, count: number, write: (first: number) => Promise<T>): Promise<T> {
    const holder = randomUUID();
    const started = Date.now();
    let delay = 2;
    for (;;) {
      const now = Date.now();
      try {
        const doc = await this.coll.findOneAndUpdate(
          { workspaceId, $or: [{ holder: null }, { expiresAt: { $lte: now } }] },
          { $set: { holder, expiresAt: now + LOCK_TTL_MS }, $inc: { seq: count } },
          { upsert: true, returnDocument: 'after' },
        );
        if (doc) {
          try {
            return await write(doc.seq - count + 1);
          } finally {
            await this.coll.updateOne({ workspaceId, holder }, { $set: { holder: null, expiresAt: 0 } });
          }
        }
      } catch (e) {
        // Duplicate key on the unique workspaceId: the counter exists and another writer holds it.
        if (!(e instanceof MongoServerError && e.code === 11000)) throw e;
      }
      if (Date.now() - started > GIVE_UP_MS) {
        throw new OperationalError('E_SANDBOX_BUSY', 'The sandbox apps are busy with another write; try again.');
      }
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 50);
    }
  }
}
