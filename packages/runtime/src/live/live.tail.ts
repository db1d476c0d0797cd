import type { LiveEventRecord, LiveEventsRepo } from '@sluice/store';
import type { RuntimeEvent } from '../runtime.port';

export interface LiveTailOptions {
  /** Poll interval while anyone listens (default 200 ms). */
  pollMs?: number;
  /**
   * How long a hole in the sequence is taken for an event still being written before it is
   * skipped (default 2 s). A hole stays only when a writer died between numbering and inserting
   * its events, or when a stream resumes after its events expired.
   */
  gapGraceMs?: number;
  /** Events read per workspace and poll (default 500; a full page polls again at once). */
  pageSize?: number;
  onError?: (error: unknown) => void;
}

/** A listener's place in the workspace's feed: it gets every event after `cursor`. */
interface Listener {
  cursor: number;
  push(seq: number, event: RuntimeEvent): void;
}

interface WorkspaceFeed {
  /** Every sequence number up to here was delivered or given up as a hole. */
  frontier: number;
  listeners: Set<Listener>;
  /** The hole after the frontier and when it was first seen. */
  hole: { seq: number; since: number } | null;
}

/**
 * Reads `live_events` for the workspaces that have listeners in this process: one query per such
 * workspace and poll, all issued together, every `pollMs` or at once when a local write pokes it.
 * Delivers each listener the events after its cursor in sequence order, each exactly once, and
 * holds back events past a hole until the hole fills or its grace runs out (so a slow writer's
 * event 7 is not overtaken by a fast writer's event 8). Stops polling when nobody listens.
 */
export class LiveTail {
  private readonly feeds = new Map<string, WorkspaceFeed>();
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private again = false;
  private readonly pollMs: number;
  private readonly gapGraceMs: number;
  private readonly pageSize: number;

  constructor(
    private readonly repo: LiveEventsRepo,
    private readonly options: LiveTailOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 200;
    this.gapGraceMs = options.gapGraceMs ?? 2_000;
    this.pageSize = options.pageSize ?? 500;
  }

  /**
   * Listens to a workspace's events after `after` (a sequence number from an earlier stream), or
   * from now on when null (or when `after` lies ahead of the feed: an id from another database).
   * Returns the unsubscribe function.
   */
  async listen(workspaceId: string, after: number | null, push: Listener['push']): Promise<() => void> {
    const head = await this.repo.head(workspaceId);
    const cursor = after !== null && after <= head ? after : head;
    const listener: Listener = { cursor, push };
    let feed = this.feeds.get(workspaceId);
    if (!feed) {
      feed = { frontier: cursor, listeners: new Set(), hole: null };
      this.feeds.set(workspaceId, feed);
    }
    feed.listeners.add(listener);
    this.poke();
    const joined = feed;
    return () => {
      joined.listeners.delete(listener);
      if (joined.listeners.size === 0 && this.feeds.get(workspaceId) === joined) this.feeds.delete(workspaceId);
    };
  }

  /**
   * How many streams of this process listen to the workspace's feed. From the moment a stream is
   * counted, every event appended is delivered to it: tests wait on this, never on time, before they
   * act on a stream opened "from now on".
   */
  listenerCount(workspaceId: string): number {
    return this.feeds.get(workspaceId)?.listeners.size ?? 0;
  }

  /** Reads now (a local writer just wrote) rather than at the next poll. */
  poke(): void {
    if (this.polling) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.feeds.size > 0) this.polling = this.poll();
  }

  private schedule(delay: number): void {
    if (this.feeds.size === 0 || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.poke();
    }, delay);
    // A tail must not keep a process alive on its own.
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    let full = false;
    try {
      this.again = false;
      const reads = [...this.feeds].map(async ([workspaceId, feed]) => {
        let from = feed.frontier;
        for (const l of feed.listeners) from = Math.min(from, l.cursor);
        const records = await this.repo.after<RuntimeEvent>(workspaceId, from, this.pageSize);
        if (records.length === this.pageSize) full = true;
        this.deliver(feed, records, Date.now());
      });
      const results = await Promise.allSettled(reads);
      for (const r of results) if (r.status === 'rejected') this.options.onError?.(r.reason);
    } finally {
      this.polling = null;
      if (this.again || full) this.poke();
      else this.schedule(this.pollMs);
    }
  }

  /** Moves the frontier over what is contiguous (or given up), then hands each listener what it has not seen. */
  private deliver(feed: WorkspaceFeed, records: LiveEventRecord<RuntimeEvent>[], now: number): void {
    for (const r of records) {
      if (r.seq <= feed.frontier) continue;
      if (r.seq === feed.frontier + 1) {
        feed.frontier = r.seq;
        feed.hole = null;
        continue;
      }
      if (feed.hole?.seq !== feed.frontier + 1) feed.hole = { seq: feed.frontier + 1, since: now };
      if (now - feed.hole.since < this.gapGraceMs) break;
      feed.frontier = r.seq;
      feed.hole = null;
    }
    for (const listener of feed.listeners) {
      for (const r of records) {
        if (r.seq <= listener.cursor || r.seq > feed.frontier) continue;
        listener.cursor = r.seq;
        listener.push(r.seq, r.event);
      }
    }
  }
}
