import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { DEFAULT_LEASE_TTL_MS, LeaseWorker, runSync, scopeKey, systemClock, type CheckpointsPort, type ConnectionScope, type Run, type Side } from '@sluice/engine';
import { UserError } from '@sluice/core';
import type { Store } from '@sluice/store';
import { loadConnection } from '../connections/connection-config.loader';
import { closeConnectors, openConnectors } from '../connectors/connector.opener';
import type { ConnectorDirectory } from '../connectors/connector-directory';
import type { RuntimeCommand, RuntimeEvent, SyncRuntime } from '../runtime.port';
import { ConnectionSupervisor, type SupervisorDeps } from './connection.supervisor';
import { runSlots } from './run.slots';
import { onlyRecords } from './shielded.connector';
import type { WorkerLog } from './worker.log';

export type { WorkerLog } from './worker.log';

export interface SyncWorkerOptions {
  db: Store;
  connectors: ConnectorDirectory;
  log: WorkerLog;
  /** How often the worker renews its leases and looks for connections to take (default 2 s, at most a third of the lease). */
  pollMs?: number;
  /** Pause between incremental runs of a live connection (default 60 s; the operator's SLUICE_SYNC_INTERVAL_MS). */
  intervalMs?: number;
  /** Lease length: a dead worker's connections move to another within it (default `DEFAULT_LEASE_TTL_MS`, 60 s). */
  leaseTtlMs?: number;
  /** Runs at the same time in this process (default 4). */
  maxConcurrent?: number;
  /** How long `stop()` waits for each run to reach a page boundary (default 30 s). */
  drainMs?: number;
}

/**
 * The sync workers of one process, on the engine's parts: a lease-based `SyncWorker` hands this
 * process the active connections it owns (one owner in the cluster; a dead owner's connections move
 * within the lease time), and each owned connection runs its XState connection machine (restored
 * from `machine_snapshots`), which owns the lifecycle: initial sync, live runs on a schedule,
 * backoff with jitter and Retry-After, needsReauth on rejected credentials, pause and resume.
 * `stop()` is graceful: runs finish the batch in flight, snapshots are stored, leases released.
 */
export class SyncWorker implements SyncRuntime {
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly supervisors = new Map<string, ConnectionSupervisor>();
  private readonly listeners = new Map<string, Set<(e: RuntimeEvent) => void>>();
  /** Listeners of every workspace's events (metrics). */
  private readonly observers = new Set<(e: RuntimeEvent) => void>();
  private readonly leases: LeaseWorker;
  private readonly deps: SupervisorDeps;
  private readonly pollMs: number;
  /** How long this worker's leases last (the option, else `DEFAULT_LEASE_TTL_MS`). */
  readonly leaseTtlMs: number;
  private loop: Promise<void> | null = null;
  private abort = new AbortController();
  private poked: (() => void) | null = null;

  constructor(private readonly options: SyncWorkerOptions) {
    this.leaseTtlMs = options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
    this.pollMs = Math.max(1, Math.min(options.pollMs ?? 2_000, Math.floor(this.leaseTtlMs / 3)));
    this.deps = {
      db: options.db,
      connectors: options.connectors,
      log: options.log,
      intervalMs: options.intervalMs ?? 60_000,
      drainMs: options.drainMs ?? 30_000,
      emit: (e) => this.emit(e),
      slot: runSlots(options.maxConcurrent ?? 4),
    };
    this.leases = new LeaseWorker({
      owner: this.owner,
      leases: options.db.leases,
      clock: systemClock,
      ttlMs: this.leaseTtlMs,
      listConnections: () => this.wanted(),
      start: async (scope) => {
        const supervisor = await ConnectionSupervisor.start(scope, this.deps);
        this.supervisors.set(scopeKey(scope), supervisor);
        return {
          stop: async () => {
            this.supervisors.delete(scopeKey(scope));
            await supervisor.stop();
          },
        };
      },
    });
  }

  /** Starts taking leases and running connections. */
  start(): void {
    if (this.loop) return;
    this.abort = new AbortController();
    this.loop = this.runLoop(this.abort.signal);
  }

  /** How many connections this process runs now: the leases it owns. */
  get ownedConnections(): number {
    return this.supervisors.size;
  }

  /** Every event of every workspace this process's workers produce (for metrics); returns the unsubscribe function. */
  observe(listener: (event: RuntimeEvent) => void): () => void {
    this.observers.add(listener);
    return () => void this.observers.delete(listener);
  }

  get started(): boolean {
    return this.loop !== null;
  }

  /** The connections this process owns now. */
  connections(): ConnectionScope[] {
    return this.leases.connections();
  }

  /** Stops taking work, lets each run finish its batch in flight, stores the snapshots, releases the leases. */
  async stop(): Promise<void> {
    this.abort.abort();
    this.poked?.();
    const loop = this.loop;
    this.loop = null;
    if (loop) await loop;
    else await this.leases.stop();
  }

  async send(scope: ConnectionScope, command: RuntimeCommand): Promise<void> {
    const supervisor = this.supervisors.get(scopeKey(scope));
    if (supervisor) {
      if (command === 'pause') await supervisor.pause();
      else if (command === 'syncNow') supervisor.send({ type: 'SYNC_NOW' });
      else if (command === 'webhook') supervisor.send({ type: 'WEBHOOK' });
      else if (command === 'reauthorized') supervisor.reauthorized();
      else await supervisor.reconcile({ retry: command === 'start' || command === 'resume' });
    }
    // A connection owned nowhere yet (just started) is taken at the next tick: make it now.
    this.poke();
  }

  wake(scope: ConnectionScope): void {
    void this.send(scope, 'webhook').catch((e: unknown) => this.options.log.warn({ err: e, connectionId: scope.connectionId }, 'wake failed'));
  }

  halt(scope: ConnectionScope): Promise<void> {
    return this.send(scope, 'pause');
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

  /**
   * Syncs one record again now without moving the checkpoints: after the connection's own run when
   * this process owns it, else under a short lease of its own (refused while another worker runs it).
   */
  async resyncRecord(scope: ConnectionScope, side: Side, recordId: string): Promise<Run> {
    const supervisor = this.supervisors.get(scopeKey(scope));
    if (supervisor) return supervisor.exclusive(() => this.resyncOne(scope, side, recordId));
    const { db } = this.options;
    const lease = await db.leases.acquire(scope.workspaceId, scope.connectionId, `${this.owner}/resync`, this.leaseTtlMs, Date.now());
    if (!lease) throw new UserError('E_BUSY', 'Another worker is syncing this connection right now; try again in a minute.');
    try {
      return await this.resyncOne(scope, side, recordId);
    } finally {
      await db.leases.release(lease);
    }
  }

  private async resyncOne(scope: ConnectionScope, side: Side, recordId: string): Promise<Run> {
    const { db } = this.options;
    const { config } = await loadConnection(db, scope.workspaceId, scope.connectionId);
    const opened = await openConnectors(db, this.options.connectors, scope.workspaceId, config);
    try {
      const links = side === 'a' ? await db.links.findByA(scope, [recordId]) : await db.links.findByB(scope, [recordId]);
      const other = links[0] ? (side === 'a' ? links[0].bId : links[0].aId) : undefined;
      const ids = { a: side === 'a' ? [recordId] : other ? [other] : [], b: side === 'b' ? [recordId] : other ? [other] : [] };
      const frozen: CheckpointsPort = { get: async () => null, set: async () => undefined, clear: async () => undefined };
      const run = await runSync({
        scope,
        config,
        connectors: { a: onlyRecords(opened.a, ids.a), b: onlyRecords(opened.b, ids.b) },
        stores: { ...db.syncStores, checkpoints: frozen },
        kind: 'manual',
      });
      this.emit({ type: 'run', ...scope, run, at: Date.now() });
      return run;
    } finally {
      await closeConnectors(opened);
    }
  }

  /**
   * The active connections (the lease worker takes them). An owned connection that was paused is
   * paused in its machine first, so its stored state says so before the lease worker lets it go.
   */
  private async wanted(): Promise<ConnectionScope[]> {
    const active = await this.options.db.connections.listActiveScopes();
    const keys = new Set(active.map(scopeKey));
    for (const [k, supervisor] of this.supervisors) {
      if (keys.has(k)) continue;
      const record = await this.options.db.connections.get(supervisor.scope.workspaceId, supervisor.scope.connectionId);
      if (record?.status === 'paused') await supervisor.pause();
    }
    return active;
  }

  private async runLoop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.leases.tick();
        for (const supervisor of [...this.supervisors.values()]) await supervisor.reconcile();
      } catch (e) {
        this.options.log.error({ err: e }, 'worker tick failed');
      }
      if (signal.aborted) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, this.pollMs);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.poked = done;
      });
      this.poked = null;
    }
    await this.leases.stop();
  }

  private poke(): void {
    this.poked?.();
  }

  private emit(event: RuntimeEvent): void {
    for (const listener of [...(this.listeners.get(event.workspaceId) ?? []), ...this.observers]) {
      try {
        listener(event);
      } catch (e) {
        this.options.log.warn({ err: e }, 'live listener failed');
      }
    }
  }
}
