import { MongoServerError, type Collection, type Db } from 'mongodb';
import { COLLECTIONS } from '../collection-names';

/** How many attempts a key has counted in its current window, and when that window ends. */
export interface AttemptCount {
  count: number;
  /** Epoch ms. */
  resetAt: number;
}

interface AttemptDoc {
  _id: string;
  count: number;
  /** Date for the TTL index; the window ends here. */
  expiresAt: Date;
}

const isDuplicateKey = (e: unknown) => e instanceof MongoServerError && e.code === 11000;

/**
 * Counters of sign-in and sign-up attempts (`auth_attempts`), shared by every server process on the
 * database. A key's window starts at its first attempt; a TTL index removes ended windows, and an
 * ended one not yet swept is cleared before counting, so it never counts against a new window.
 */
export class AuthAttemptsRepo {
  private readonly coll: Collection<AttemptDoc>;

  constructor(db: Db) {
    this.coll = db.collection<AttemptDoc>(COLLECTIONS.authAttempts);
  }

  /** Counts one attempt (atomically: each of many concurrent attempts gets its own count). */
  async hit(key: string, windowMs: number, now = Date.now()): Promise<AttemptCount> {
    await this.coll.deleteOne({ _id: key, expiresAt: { $lte: new Date(now) } });
    for (let attempt = 0; ; attempt++) {
      try {
        const doc = await this.coll.findOneAndUpdate(
          { _id: key },
          { $inc: { count: 1 }, $setOnInsert: { expiresAt: new Date(now + windowMs) } },
          { upsert: true, returnDocument: 'after' },
        );
        return { count: doc!.count, resetAt: doc!.expiresAt.getTime() };
      } catch (e) {
        // Two first attempts raced to insert the key: the loser counts on the winner's document.
        if (!isDuplicateKey(e) || attempt > 2) throw e;
      }
    }
  }

  /** The key's count in its current window; null when it has none. */
  async peek(key: string, now = Date.now()): Promise<AttemptCount | null> {
    const doc = await this.coll.findOne({ _id: key, expiresAt: { $gt: new Date(now) } });
    return doc ? { count: doc.count, resetAt: doc.expiresAt.getTime() } : null;
  }

  /** Moves the end of the key's window (a lock that starts now); false when the key has no count. */
  async endWindowAt(key: string, resetAt: number): Promise<boolean> {
    return (await this.coll.updateOne({ _id: key }, { $set: { expiresAt: new Date(resetAt) } })).matchedCount === 1;
  }

  /** Forgets the key (a successful sign-in ends a streak of failures). */
  async clear(key: string): Promise<void> {
    await this.coll.deleteOne({ _id: key });
  }
}
