import type { ConnectionScope, Side } from './scope.port';

/**
 * One pair of records known to be the same person: A's id ↔ B's id, plus what was last written so
 * the next run can tell real changes from echoes of its own writes.
 */
export interface Link {
  aId: string;
  bId: string;
  /**
   * The last-synced value of every synced field, keyed by canonical dotted path (A's path when the
   * mapping renames). Used to see which side changed a field since the last sync (conflicts).
   */
  values: Record<string, unknown>;
  /** Content hash of A's record as last read or written by Sluice (echo suppression). */
  aHash: string;
  /** Content hash of B's record as last read or written by Sluice. */
  bHash: string;
  /** Epoch ms of the last sync that touched this link. */
  syncedAt: number;
  /** Set once a deletion on one side was carried over (the other side got `Sluice Trash`). */
  trashed?: 'a' | 'b';
}

/**
 * A link without its `values`: enough to tell an echo (the record's hash is the one Sluice last
 * synced) from a change, and whether a record is linked at all, for a fraction of the bytes.
 */
export type LinkStamp = Omit<Link, 'values'>;

/** What the caller knows about a batch of links, so a store can save lookups. Only a hint: the result is the same without it. */
export interface UpsertHints {
  /** aIds of links the caller believes new: neither their aId nor their bId was linked when it looked. */
  fresh?: ReadonlySet<string>;
}

/**
 * The link table (`links` collection). Unique on (scope, aId) and on (scope, bId). All methods are
 * bulk so a page of records costs one round trip.
 */
export interface LinksPort {
  /** Links whose aId is in `aIds` (order not guaranteed; missing ids are left out). */
  findByA(scope: ConnectionScope, aIds: readonly string[]): Promise<Link[]>;
  /** Links whose bId is in `bIds`. */
  findByB(scope: ConnectionScope, bIds: readonly string[]): Promise<Link[]>;
  /**
   * The stamps of the links whose `side` id is in `ids` (order not guaranteed; missing ids are left
   * out). A sync looks up every record it reads, and most are unchanged since it last synced them:
   * it fetches whole links (`findByA`/`findByB`) only for the others.
   */
  findStamps(scope: ConnectionScope, side: Side, ids: readonly string[]): Promise<LinkStamp[]>;
  /**
   * Inserts or replaces each link, keyed by `aId`. A link whose `bId` is already held by another
   * aId replaces that other link (relink): both uniques hold afterwards.
   */
  upsertMany(scope: ConnectionScope, links: readonly Link[], hints?: UpsertHints): Promise<void>;
  /** Removes the links of these A ids (the records are not touched). */
  unlinkByA(scope: ConnectionScope, aIds: readonly string[]): Promise<void>;
  /** How many links the connection holds. */
  count(scope: ConnectionScope): Promise<number>;
}
