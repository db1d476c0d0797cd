import type { RecordHealth } from '../ports/health.port';
import type { RecordEvent } from '../ports/record-events.port';
import { emptyRunCounts } from '../ports/runs.port';
import type { Direction, Side } from '../ports/scope.port';
import { MAX_RUN_ERRORS, type Tally } from './run-counts';

/** What every history entry of one page shares. */
export interface PageStamp {
  runId: string;
  direction: Direction;
  graphVersion?: number;
  /** One timestamp per page: its events and statuses are stored together anyway. */
  at: number;
}

/**
 * What one stage made of one page's records: the record events and statuses to store, and what it
 * counted. Each stage fills its own and returns it with the page, so counts are summed where the
 * page settles, never kept in shared state.
 */
export class PageLog implements Tally {
  readonly events: RecordEvent[] = [];
  readonly health: RecordHealth[] = [];
  readonly counts = emptyRunCounts();
  readonly errors: Tally['errors'] = [];

  constructor(private readonly stamp: PageStamp) {}

  /** Records an event; `e` must be a fresh object: it is completed in place (no copy per record). */
  event(e: Omit<RecordEvent, 'runId' | 'direction' | 'at' | 'graphVersion'>): void {
    const full = e as RecordEvent;
    full.runId = this.stamp.runId;
    full.direction = this.stamp.direction;
    full.at = this.stamp.at;
    if (this.stamp.graphVersion !== undefined) full.graphVersion = this.stamp.graphVersion;
    this.events.push(full);
  }

  status(side: Side, recordId: string, status: RecordHealth['status'], reason?: string): void {
    const entry: RecordHealth = { side, recordId, status, at: this.stamp.at };
    if (reason !== undefined) entry.reason = reason;
    this.health.push(entry);
  }

  skipped(side: Side, sourceId: string, reason: string, message?: string, status?: RecordHealth['status']): void {
    this.counts.skipped++;
    this.event({ sourceId, outcome: 'skipped', reason, ...(message ? { message } : {}) });
    if (status) this.status(side, sourceId, status, reason);
  }

  failed(side: Side, sourceId: string, code: string, message: string, targetId?: string): void {
    this.counts.failed++;
    this.event({ sourceId, outcome: 'failed', reason: code, message, ...(targetId ? { targetId } : {}) });
    this.status(side, sourceId, 'failed', code);
    if (this.errors.length < MAX_RUN_ERRORS) this.errors.push({ code, message, recordId: sourceId });
  }
}
