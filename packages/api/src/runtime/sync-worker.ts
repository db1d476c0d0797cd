import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { runSync, type CheckpointsPort, type ConnectionScope, type Connector, type Lease, type Run, type RunCounts, type Side } from '@sluice/engine';
import { UserError, isOperationalError, isUserError } from '@sluice/graph';
import type { Store } from '@sluice/store';
import { loadConnection } from '../connections/connection-config.loader';
import { closeConnectors, openConnectors } from '../connectors/connector.opener';
import type { ConnectorDirectory } from '../connectors/connector-directory';
import type { ConnectionState, RuntimeEvent, SyncRuntime } from '../runtime.port';
import { onlyRecords, shieldedConnector } from './shielded.connector';
import { retryDelay } from './retry.delay';

export interface SyncWorkerOptions {
  db: Store;
  connectors: ConnectorDirectory;
  log: WorkerLog;
  /** How often the worker looks for connections to run (default 2 s). */
  pollMs?: number;
  /** Pause between incremental runs of a live connection (default SLUICE_SYNC_INTERVAL_MS or 60 s). */
  intervalMs?: number;
  /** Lease length; renewed every third of it while a run goes on (default 60 s). */
  leaseTtlMs?: number;
  /** Runs at the same time in this process (default 4). */
  maxConcurrent?: number;
  /** How long `stop()` waits for runs to reach a page boundary (default 30 s). */
  drainMs?: number;
}

/** The logger calls the worker makes (pino's signature: object first, then message). */
export interface WorkerLog {
  info(obj: object, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object, msg?: string): void;
}

interface Running {
  controller: AbortController;
  done: Promise<void>;
}

const key = (s: ConnectionScope) => `${s.workspaceId}/${s.connectionId}`;

/**
 * The sync workers of one process: polls the database for active connections, takes each one's
 * lease (so exactly one worker in the cluster runs it), runs the engine, renews the lease while the
 * run goes on, backs off on operational errors (Retry-After honoured), waits for new credentials on
 * E_AUTH_REJECTED, and publishes state and progress to live subscribers. `stop()` is graceful: runs
 * finish the batch in flight, leases are released.
 */
export class SyncWorker implements SyncRuntime {
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly running = new Map<string, Running>();
  private readonly nextAt = new Map<string, number>();
  private readonly failures = new Map<string, number>();
  private readonly listeners = new Map<string, Set<(e: RuntimeEvent) => void>>();
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;
  private stopping = false;
  private readonly pollMs: number;
  private readonly intervalMs: number;
  private readonly leaseTtlMs: number;
  private readonly maxConcurrent: number;
  private readonly drainMs: number;

  constructor(private readonly options: SyncWorkerOptions) {
    this.pollMs = options.pollMs ?? 2_000;
    this.intervalMs = options.intervalMs ?? (Number(process.env.SLUICE_SYNC_INTERVAL_MS) || 60_000);
    this.leaseTtlMs = options.leaseTtlMs ?? 60_000;
    this.maxConcurrent = options.maxConcurrent ?? 4;
    this.drainMs = options.drainMs ?? 30_000;
  }

  /** Starts polling. */
  start(): void {
    this.stopping = false;
    this.schedule(0);
  }

  get started(): boolean {
    return this.timer !== null || this.ticking;
  }

  /** Stops taking work, lets each run finish its batch in flight, releases the leases. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const r of this.running.values()) r.controller.abort(new UserError('E_STOPPING', 'the worker is shutting down'));
    const all = Promise.allSettled([...this.running.values()].map((r) => r.done));
    await Promise.race([all, new Promise((resolve) => setTimeout(resolve, this.drainMs).unref())]);
  }

  wake(scope: ConnectionScope): void {
    this.nextAt.set(key(scope), 0);
    this.failures.delete(key(scope));
    if (!this.stopping) this.schedule(0);
  }

  async halt(scope: ConnectionScope): Promise<void> {
    const r = this.running.get(key(scope));
    if (!r) return;
    r.controller.abort(new UserError('E_PAUSED', 'the connection was paused'));
    await r.done;
  }

  subscribe(workspaceId: string, listener: (event: RuntimeEvent) => void): () => void {
    const set = this.listeners.get(workspaceId) ?? new Set();
    set.add(listener);
    this.listeners.set(workspaceId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(workspaceId);
    };
  }

  async resyncRecord(scope: ConnectionScope, side: Side, recordId: string): Promise<Run> {
    const k = key(scope);
    await this.running.get(k)?.done;
    const lease = await this.options.db.leases.acquire(scope.workspaceId, scope.connectionId, this.owner, this.leaseTtlMs, Date.now());
    if (!lease) throw new UserError('E_BUSY', 'Another worker is syncing this connection right now; try again in a minute.');
    const controller = new AbortController();
    let result: Run | undefined;
    const done = (async () => {
      try {
        const { config } = await loadConnection(this.options.db, scope.workspaceId, scope.connectionId);
        const opened = await openConnectors(this.options.db, this.options.connectors, scope.workspaceId, config);
        try {
          const s = { workspaceId: scope.workspaceId, connectionId: scope.connectionId };
          const links = side === 'a' ? await this.options.db.links.findByA(s, [recordId]) : await this.options.db.links.findByB(s, [recordId]);
          const other = links[0] ? (side === 'a' ? links[0].bId : links[0].aId) : undefined;
          const ids = { a: side === 'a' ? [recordId] : other ? [other] : [], b: side === 'b' ? [recordId] : other ? [other] : [] };
          const frozen: CheckpointsPort = { get: async () => null, set: async () => undefined, clear: async () => undefined };
          result = await runSync({
            scope,
            config,
            connectors: { a: onlyRecords(opened.a, ids.a), b: onlyRecords(opened.b, ids.b) },
            stores: { ...this.options.db.syncStores, checkpoints: frozen },
            kind: 'manual',
            signal: controller.signal,
          });
          this.emit({ type: 'run', workspaceId: scope.workspaceId, connectionId: scope.connectionId, run: result, at: Date.now() });
        } finally {
          await closeConnectors(opened);
        }
      } finally {
        await this.options.db.leases.release(lease);
      }
    })();
    this.running.set(k, { controller, done: done.then(() => undefined, () => undefined) });
    try {
      await done;
    } finally {
      this.running.delete(k);
    }
    return result!;
  }

  private schedule(ms: number): void {
    if (this.stopping) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    this.timer = null;
    if (this.ticking || this.stopping) return;
    this.ticking = true;
    try {
      const scopes = await this.options.db.connections.listActiveScopes();
      const now = Date.now();
      for (const scope of scopes) {
        if (this.stopping || this.running.size >= this.maxConcurrent) break;
        const k = key(scope);
        if (this.running.has(k)) continue;
        const due = this.nextAt.get(k);
        if (due !== undefined && due > now) continue;
        if (due === undefined && !(await this.dueByHistory(scope, now))) continue;
        const lease = await this.options.db.leases.acquire(scope.workspaceId, scope.connectionId, this.owner, this.leaseTtlMs, now);
        if (!lease) {
          this.nextAt.set(k, now + this.pollMs * 5);
          continue;
        }
        this.launch(scope, lease);
      }
    } catch (e) {
      this.options.log.error({ err: e }, 'worker poll failed');
    } finally {
      this.ticking = false;
      this.schedule(this.pollMs);
    }
  }

  /** A connection this process has not run yet is due when its last run (by any worker) is older than the interval. */
  private async dueByHistory(scope: ConnectionScope, now: number): Promise<boolean> {
    const [last] = await this.options.db.runs.list(scope, { limit: 1 });
    if (!last || last.status !== 'succeeded') return true;
    const at = (last.finishedAt ?? last.startedAt) + this.intervalMs;
    this.nextAt.set(key(scope), at);
    return at <= now;
  }

  private launch(scope: ConnectionScope, lease: Lease): void {
    const controller = new AbortController();
    const k = key(scope);
    const done = this.runOnce(scope, lease, controller).finally(() => this.running.delete(k));
    this.running.set(k, { controller, done });
  }

  private async runOnce(scope: ConnectionScope, lease: Lease, controller: AbortController): Promise<void> {
    const k = key(scope);
    const { db, log } = this.options;
    let held: Lease | null = lease;
    const renew = setInterval(() => {
      if (!held) return;
      db.leases.renew(held, this.leaseTtlMs, Date.now()).then(
        (next) => {
          held = next;
          if (!next) controller.abort(new UserError('E_LEASE_LOST', 'another worker took over this connection'));
        },
        (e: unknown) => log.warn({ err: e, connectionId: scope.connectionId }, 'lease renewal failed'),
      );
    }, Math.max(1_000, Math.floor(this.leaseTtlMs / 3)));
    renew.unref?.();
    let connectors: { a: Connector; b: Connector } | null = null;
    try {
      const { config } = await loadConnection(db, scope.workspaceId, scope.connectionId);
      connectors = await openConnectors(db, this.options.connectors, scope.workspaceId, config);
      const initial = !(await db.checkpoints.get(scope, config.mode === 'b-to-a' ? 'bToA' : 'aToB'));
      await this.setState(scope, initial ? 'initialSync' : 'syncing');
      let lastProgress = 0;
      const runId = randomUUID();
      const run = await runSync({
        newId: () => runId,
        scope,
        config,
        connectors: { a: shieldedConnector(connectors.a), b: shieldedConnector(connectors.b) },
        stores: db.syncStores,
        signal: controller.signal,
        onProgress: (counts: RunCounts) => {
          const now = Date.now();
          if (now - lastProgress < 250) return;
          lastProgress = now;
          this.emit({ type: 'progress', workspaceId: scope.workspaceId, connectionId: scope.connectionId, runId, counts: structuredClone(counts), at: now });
        },
      });
      this.failures.delete(k);
      this.nextAt.set(k, Date.now() + this.intervalMs);
      this.emit({ type: 'run', workspaceId: scope.workspaceId, connectionId: scope.connectionId, run, at: Date.now() });
      await this.setState(scope, 'live');
      log.info({ connectionId: scope.connectionId, runId: run.id, durationMs: run.durationMs, counts: run.counts }, 'sync run finished');
    } catch (e) {
      await this.failed(scope, e, controller.signal.aborted);
    } finally {
      clearInterval(renew);
      if (connectors) await closeConnectors(connectors);
      if (held) await db.leases.release(held).catch(() => undefined);
    }
  }

  private async failed(scope: ConnectionScope, e: unknown, aborted: boolean): Promise<void> {
    const k = key(scope);
    const { log } = this.options;
    const code = e instanceof Error && 'code' in e && typeof e.code === 'string' ? e.code : 'E_UNEXPECTED';
    const message = e instanceof Error ? e.message : String(e);
    if (aborted) {
      // Paused, deleted or shutting down: nothing failed; the next owner resumes from the checkpoint.
      this.nextAt.delete(k);
      const status = (await this.options.db.connections.get(scope.workspaceId, scope.connectionId).catch(() => null))?.status;
      if (status === 'paused') await this.setState(scope, 'paused').catch(() => undefined);
      return;
    }
    if (isUserError(e) && code === 'E_AUTH_REJECTED') {
      this.nextAt.set(k, Number.MAX_SAFE_INTEGER); // until the credential is re-authorised (wake)
      await this.setState(scope, 'needsReauth', { code, message });
      log.warn({ connectionId: scope.connectionId, code }, 'credentials rejected; waiting for re-authorisation');
      return;
    }
    const failures = (this.failures.get(k) ?? 0) + 1;
    this.failures.set(k, failures);
    if (isOperationalError(e)) {
      this.nextAt.set(k, Date.now() + retryDelay(failures, e.retryAfterMs));
      await this.setState(scope, 'backoff', { code, message });
      log.warn({ connectionId: scope.connectionId, code, failures }, 'sync run failed; retrying later');
      return;
    }
    this.nextAt.set(k, Date.now() + Math.max(this.intervalMs, retryDelay(failures)));
    await this.setState(scope, 'error', { code, message });
    if (isUserError(e)) log.warn({ connectionId: scope.connectionId, code, message }, 'sync run refused');
    else log.error({ err: e, connectionId: scope.connectionId }, 'sync run crashed');
  }

  private async setState(scope: ConnectionScope, state: ConnectionState, error?: { code: string; message: string }): Promise<void> {
    const at = Date.now();
    await this.options.db.snapshots.save(scope, { snapshot: { state, error: error ?? null, owner: this.owner, at }, state, savedAt: at });
    this.emit({ type: 'state', workspaceId: scope.workspaceId, connectionId: scope.connectionId, state, at, ...(error ? { error } : {}) });
  }

  private emit(event: RuntimeEvent): void {
    for (const listener of this.listeners.get(event.workspaceId) ?? []) {
      try {
        listener(event);
      } catch (e) {
        this.options.log.warn({ err: e }, 'live listener failed');
      }
    }
  }
}
