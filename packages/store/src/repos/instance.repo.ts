import { MongoServerError, type Collection, type Db } from 'mongodb';
import { COLLECTIONS } from '../collection-names';

interface ClaimDoc {
  _id: string;
  by: string;
  at: number;
}

/**
 * Facts about the whole installation (`instance`) that only one request may establish, such as
 * "the first account is being created": a claim is a document with a fixed `_id`, so of two
 * concurrent claims the database lets exactly one in.
 */
export class InstanceRepo {
  private readonly coll: Collection<ClaimDoc>;

  constructor(db: Db) {
    this.coll = db.collection<ClaimDoc>(COLLECTIONS.instance);
  }

  /** True when this call made the claim; false when someone already holds it. */
  async claim(name: string, by: string, now = Date.now()): Promise<boolean> {
    try {
      await this.coll.insertOne({ _id: name, by, at: now });
      return true;
    } catch (e) {
      if (e instanceof MongoServerError && e.code === 11000) return false;
      throw e;
    }
  }

  /** Gives a claim back (what it guarded did not happen after all). */
  async release(name: string, by: string): Promise<void> {
    await this.coll.deleteOne({ _id: name, by });
  }
}
