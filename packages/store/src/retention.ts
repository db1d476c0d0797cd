import type { CreateIndexesOptions, IndexSpecification } from 'mongodb';
import { COLLECTIONS, type CollectionName } from './collection-names';

/** How long history is kept, in days (the operator's SLUICE_EVENTS_DAYS, SLUICE_RUNS_DAYS, SLUICE_AUDIT_DAYS). */
export interface Retention {
  /** Per-record events (`record_events`), counted from the event. */
  eventDays: number;
  /** Finished runs (`runs`), counted from the end of the run; a run still going is never removed. */
  runDays: number;
  /** Audit entries (`audit_log`), counted from the entry. */
  auditDays: number;
}

export const DEFAULT_RETENTION: Retention = { eventDays: 90, runDays: 90, auditDays: 365 };

const DAY_SECONDS = 24 * 3600;

/** A TTL index: documents go `expireAfterSeconds` after the date in `field`. */
export interface RetentionIndex {
  collection: CollectionName;
  key: IndexSpecification;
  options: CreateIndexesOptions & { name: string; expireAfterSeconds: number };
}

/**
 * The TTL indexes that carry the retention. Each counts from a date stored in the document, so a
 * change of retention is one change of `expireAfterSeconds` (collMod), applied to documents already
 * stored as well as new ones. Pure.
 * @example retentionIndexes({ eventDays: 7, runDays: 90, auditDays: 365 })[0].options.expireAfterSeconds // 604800
 */
export function retentionIndexes(retention: Retention): RetentionIndex[] {
  return [
    { collection: COLLECTIONS.recordEvents, key: { date: 1 }, options: { name: 'date_ttl', expireAfterSeconds: retention.eventDays * DAY_SECONDS } },
    { collection: COLLECTIONS.runs, key: { finishedDate: 1 }, options: { name: 'finished_ttl', expireAfterSeconds: retention.runDays * DAY_SECONDS } },
    { collection: COLLECTIONS.auditLog, key: { date: 1 }, options: { name: 'date_ttl', expireAfterSeconds: retention.auditDays * DAY_SECONDS } },
  ];
}
