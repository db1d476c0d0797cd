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

/** Counts per status, and per reason for the statuses that have one. */
export interface HealthCounts {
  inSync: number;
  excluded: { total: number; byReason: Record<string, number> };
  duplicates: { total: number; byReason: Record<string, number> };
  failed: { total: number; byReason: Record<string, number> };
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
