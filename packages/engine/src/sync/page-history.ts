import type { RecordHealth } from '../ports/health.port';
import type { RecordEvent } from '../ports/record-events.port';
import type { Direction, Side } from '../ports/scope.port';
import { sidesOf } from './oriented-pair';
import { MAX_RUN_ERRORS, type SyncContext } from './sync-context';

/** Collects one page's record events and health entries, stored in one call each. */
export class PageHistory {
  readonly events: RecordEvent[] = [];
  readonly health: RecordHealth[] = [];
  /** Source ids of this page that had no link: their status is most likely stored for the first time. */
  unlinked: ReadonlySet<string> = new Set();

  /** One timestamp per page: its events and health entries are stored together anyway. */
  private readonly now: number;

  constructor(
    private readonly ctx: SyncContext,
    private readonly direction: Direction,
  ) {
    this.now = ctx.clock.now();
  }

  /** Records an event; `e` must be a fresh object: it is completed in place (no copy per record). */
  event(e: Omit<RecordEvent, 'runId' | 'direction' | 'at' | 'graphVersion'>): void {
    const full = e as RecordEvent;
    full.runId = this.ctx.runId;
    full.direction = this.direction;
    full.at = this.now;
    if (this.ctx.graphVersion !== undefined) full.graphVersion = this.ctx.graphVersion;
    this.events.push(full);
  }

  status(side: Side, recordId: string, status: RecordHealth['status'], reason?: string): void {
    const entry: RecordHealth = { side, recordId, status, at: this.now };
    if (reason !== undefined) entry.reason = reason;
    this.health.push(entry);
  }

  skipped(side: Side, sourceId: string, reason: string, message?: string, status?: RecordHealth['status']): void {
    this.ctx.counts.skipped++;
    this.event({ sourceId, outcome: 'skipped', reason, ...(message ? { message } : {}) });
    if (status) this.status(side, sourceId, status, reason);
  }

  failed(side: Side, sourceId: string, code: string, message: string, targetId?: string): void {
    this.ctx.counts.failed++;
    this.event({ sourceId, outcome: 'failed', reason: code, message, ...(targetId ? { targetId } : {}) });
    this.status(side, sourceId, 'failed', code);
    if (this.ctx.errors.length < MAX_RUN_ERRORS) this.ctx.errors.push({ code, message, recordId: sourceId });
  }

  /** Stores the events and the health entries, both at once (neither depends on the other). */
  async flush(): Promise<void> {
    const { stores, scope } = this.ctx;
    const events = this.events.length > 0 ? stores.events.insertMany(scope, this.events) : undefined;
    let health: Promise<void> | undefined;
    if (this.health.length > 0) {
      const { source } = sidesOf(this.direction);
      const fresh = new Set<string>();
      for (const h of this.health) if (h.side === source && this.unlinked.has(h.recordId)) fresh.add(`${h.side}:${h.recordId}`);
      health = stores.health.setMany(scope, this.health, { fresh });
    }
    // Both settle before either failure is thrown: nothing of the page is still being stored after.
    const [e, h] = await Promise.allSettled([events, health]);
    if (e.status === 'rejected') throw e.reason;
    if (h.status === 'rejected') throw h.reason;
  }
}
