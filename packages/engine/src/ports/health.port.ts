import type { ConnectionScope, Side } from './scope.port';

/** Where one record stands now (the latest outcome wins), for the health dashboard. */
export type RecordHealthStatus = 'inSync' | 'excluded' | 'duplicate' | 'failed';

export interface RecordHealth {
  side: Side;
  recordId: string;
  status: RecordHealthStatus;
  /** Reason code for excluded/duplicate/failed (`excludedBy:c1`, `E_NO_MATCH_KEY`, `E_WRITE_REJECTED`). */
  reason?: string;
  /** Epoch ms. */
  at: number;
}

/** How many records have one status, by reason, and by reason and side. */
export interface ReasonBucket {
  total: number;
  byReason: Record<string, number>;
  /**
   * The same counts split by the side the record is on: a record excluded on side `a` was on its way
   * A → B, so `excludedBy:c1` names A → B's node `c1`. Stores that predate it may leave it out.
   */
  bySide?: Record<string, Partial<Record<Side, number>>>;
}

/** Counts per status, and per reason for the statuses that have one. */
export interface HealthCounts {
  inSync: number;
  excluded: ReasonBucket;
  duplicates: ReasonBucket;
  failed: ReasonBucket;
}

/**
 * The current status of every record a connection has seen (one document per side + record id).
 * The engine writes it once per page; the API reads the counts.
 */
export interface HealthPort {
  /** Inserts or replaces, keyed by (side, recordId). */
  setMany(scope: ConnectionScope, entries: readonly RecordHealth[], hints?: HealthHints): Promise<void>;
  counts(scope: ConnectionScope): Promise<HealthCounts>;
  /** Records with a status (and reason), newest first. */
  list(
    scope: ConnectionScope,
    query: { status?: RecordHealthStatus; reason?: string; limit?: number },
  ): Promise<RecordHealth[]>;
}

/** What the caller knows about a batch of statuses, so a store can save lookups. Only a hint. */
export interface HealthHints {
  /** `side:recordId` of entries the caller believes have no stored status yet (records never linked). */
  fresh?: ReadonlySet<string>;
}
