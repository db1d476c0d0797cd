/** Ownership of one connection by one worker until `expiresAt` (`leases` collection). */
export interface Lease {
  workspaceId: string;
  connectionId: string;
  /** The worker's id (host + pid + random). */
  owner: string;
  /** Epoch ms. */
  expiresAt: number;
}

/**
 * Leases give each connection exactly one worker at a time. Implementations must make each method
 * atomic (Mongo: one `findOneAndUpdate` filtered on owner or expiry, `upsert: true`, a duplicate-key
 * error meaning "held by someone else").
 */
export interface LeasesPort {
  /** Takes the lease when it is free, expired, or already ours; else null. `now` comes from the Clock. */
  acquire(workspaceId: string, connectionId: string, owner: string, ttlMs: number, now: number): Promise<Lease | null>;
  /** Extends a lease we still hold; null when it was lost (expired and taken by another). */
  renew(lease: Lease, ttlMs: number, now: number): Promise<Lease | null>;
  /** Gives the lease up if we still hold it. */
  release(lease: Lease): Promise<void>;
  /** The current holder, expired or not. */
  get(workspaceId: string, connectionId: string): Promise<Lease | null>;
  /**
   * How many distinct owners hold a lease that has not expired at `now` (every live worker holds at
   * least its presence lease). Optional: without it a worker takes every free connection.
   */
  liveOwners?(now: number): Promise<number>;
}
