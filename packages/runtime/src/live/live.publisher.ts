import type { ConnectionScope } from '@sluice/engine';
import type { LiveEventsRepo, Store } from '@sluice/store';
import type { RuntimeEvent, SyncRuntime } from '../runtime.port';
import type { WorkerLog } from '../worker/worker.log';

export interface LivePublisherOptions {
  repo: LiveEventsRepo;
  log?: WorkerLog;
  /** Called after each batch is in the database (the local tail reads it at once instead of at its next poll). */
  onWritten?: () => void;
  /** Most events held while the database is unreachable; progress is dropped first (default 5,000). */
  maxQueued?: number;
  /** Wait before writing again after a failed write (default 1 s). */
  retryMs?: number;
}

const quiet: WorkerLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * Writes a runtime's live events (state changes, run progress, finished runs) to `live_events`,
 * so that API processes other than the one running the sync see them. Events are batched: all
 * that arrive while a write is in flight go in the next one, one sequence block per workspace.
 * Per workspace, events are written in the order the runtime emitted them; a progress event
 * replaces an unwritten older one of the same run (only the latest counts matter).
 */
export class LivePublisher {
  private runtime: SyncRuntime | null = null;
  private readonly watched = new Map<string, () => void>();
  private queue: RuntimeEvent[] = [];
  private writing: Promise<void> | null = null;
  private closed = false;
  private readonly log: WorkerLog;

  constructor(private readonly options: LivePublisherOptions) {
    this.log = options.log ?? quiet;
  }

  /** Listens to this runtime (once); workspaces asked for before are watched now. */
  attach(runtime: SyncRuntime): this {
    if (this.runtime) throw new Error('LivePublisher is already attached to a runtime');
    this.runtime = runtime;
    for (const workspaceId of this.watched.keys()) this.listen(workspaceId);
    return this;
  }

  /** Publishes the events of this workspace from now on (idempotent). */
  watch(workspaceId: string): void {
    if (this.closed || this.watched.has(workspaceId)) return;
    this.watched.set(workspaceId, () => undefined);
    if (this.runtime) this.listen(workspaceId);
  }

  /**
   * The store for the runtime's workers, such that every workspace whose connections they may
   * take is watched before they take one (the runtime only offers listeners per workspace, and a
   * connection's first state change comes right after its lease is taken).
   */
  watchingActive(store: Store): Store {
    const connections = Object.create(store.connections) as Store['connections'];
    connections.listActiveScopes = async (): Promise<ConnectionScope[]> => {
      const scopes = await store.connections.listActiveScopes();
      for (const s of scopes) this.watch(s.workspaceId);
      return scopes;
    };
    return { ...store, connections };
  }

  /** Writes what is queued, then stops listening. */
  async close(): Promise<void> {
    this.closed = true;
    for (const unsubscribe of this.watched.values()) unsubscribe();
    this.watched.clear();
    await this.flushed();
  }

  /** Resolves once every event queued so far is written (or dropped after the publisher closed). */
  async flushed(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private listen(workspaceId: string): void {
    this.watched.set(workspaceId, this.runtime!.subscribe(workspaceId, (e) => this.enqueue(e)));
  }

  private enqueue(event: RuntimeEvent): void {
    if (event.type === 'progress') {
      const older = this.queue.findIndex((q) => q.type === 'progress' && q.runId === event.runId && q.workspaceId === event.workspaceId);
      if (older >= 0) this.queue.splice(older, 1);
    }
    this.queue.push(event);
    this.bound();
    this.writing ??= this.writeLoop();
  }

  private bound(): void {
    const max = this.options.maxQueued ?? 5_000;
    while (this.queue.length > max) {
      const progress = this.queue.findIndex((q) => q.type === 'progress');
      this.queue.splice(progress >= 0 ? progress : 0, 1);
    }
  }

  private async writeLoop(): Promise<void> {
    // Let the events of the current tick (a state change and its run, say) go in one batch.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        const byWorkspace = new Map<string, RuntimeEvent[]>();
        for (const e of batch) byWorkspace.set(e.workspaceId, [...(byWorkspace.get(e.workspaceId) ?? []), e]);
        const results = await Promise.allSettled([...byWorkspace].map(([ws, events]) => this.options.repo.append(ws, events)));
        const failed = [...byWorkspace.values()].filter((_, i) => results[i]!.status === 'rejected').flat();
        if (results.some((r) => r.status === 'fulfilled')) this.options.onWritten?.();
        if (failed.length > 0) {
          const reason = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
          if (this.closed) {
            this.log.warn({ err: reason.reason, dropped: failed.length }, 'live events not written (closing)');
            return;
          }
          this.log.warn({ err: reason.reason, events: failed.length }, 'live events not written; retrying');
          // Back in front, in their order: later events of the same workspace must not overtake them.
          this.queue = [...failed, ...this.queue];
          this.bound();
          await new Promise((resolve) => setTimeout(resolve, this.options.retryMs ?? 1_000).unref?.());
        }
      }
    } finally {
      this.writing = null;
      if (this.queue.length > 0 && !this.closed) this.writing = this.writeLoop();
    }
  }
}
