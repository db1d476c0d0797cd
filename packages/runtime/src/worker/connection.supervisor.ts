import { randomUUID } from 'node:crypto';
import {
  guardedSync,
  startConnection,
  stateName,
  type ConnectionEvent,
  type ConnectionHandle,
  type ConnectionScope,
  type ConnectionState,
  type MachineSnapshotsPort,
  type RunCounts,
  type SyncJobInput,
  type SyncJobOutput,
} from '@sluice/engine';
import { UserError } from '@sluice/core';
import type { Store } from '@sluice/store';
import { forgetConnection, loadConnection } from '../connections/connection-config.loader';
import { closeConnectors, openConnectors } from '../connectors/connector.opener';
import type { ConnectorDirectory } from '../connectors/connector-directory';
import type { RuntimeEvent } from '../runtime.port';
import { asOperationalOnOutage } from './database-outage';
import { shieldedConnector } from './shielded.connector';
import type { WorkerLog } from './worker.log';

export interface SupervisorDeps {
  db: Store;
  connectors: ConnectorDirectory;
  log: WorkerLog;
  /** Pause between incremental runs of a connection that starts fresh. */
  intervalMs: number;
  /** How long `stop()` waits for the run in flight to reach a page boundary. */
  drainMs: number;
  emit(event: RuntimeEvent): void;
  /** Runs `work` when this process has a free run slot. */
  slot<T>(work: () => Promise<T>): Promise<T>;
}

/** A snapshot written by this machine, not an older format (those start over from `draft`). */
function machineSnapshots(port: MachineSnapshotsPort): MachineSnapshotsPort {
  return {
    load: async (scope) => {
      const stored = await port.load(scope);
      const s = stored?.snapshot as { value?: unknown; status?: unknown } | null | undefined;
      return stored && s && typeof s === 'object' && s.value !== undefined && s.status === 'active' ? stored : null;
    },
    save: (scope, snapshot) => port.save(scope, snapshot),
    remove: (scope) => port.remove(scope),
  };
}

/**
 * One connection owned by this process: its XState connection machine (restored from
 * `machine_snapshots`) with the real I/O, the desired state from the database turned into machine
 * events, its runs serialised (machine runs and one-record resyncs never overlap), and state
 * changes and run progress published to live subscribers.
 */
export class ConnectionSupervisor {
  private handle!: ConnectionHandle;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly inFlight = new Set<Promise<unknown>>();
  private seenVersion = 0;
  private lastState = '';
  private needsReauthSince = 0;

  private constructor(
    readonly scope: ConnectionScope,
    private readonly deps: SupervisorDeps,
  ) {}

  /** Restores (or creates) the machine and starts it; call `reconcile()` to move it to where the user wants it. */
  static async start(scope: ConnectionScope, deps: SupervisorDeps): Promise<ConnectionSupervisor> {
    const s = new ConnectionSupervisor(scope, deps);
    const record = await deps.db.connections.get(scope.workspaceId, scope.connectionId);
    s.seenVersion = record?.version ?? 0;
    const stored = await deps.db.snapshots.load(scope);
    s.needsReauthSince = stored?.savedAt ?? 0;
    s.lastState = stored?.state ?? '';
    s.handle = await startConnection({
      scope,
      snapshots: machineSnapshots(deps.db.snapshots),
      intervalMs: deps.intervalMs,
      checkAuth: (_, signal) => asOperationalOnOutage(() => s.checkAuth(signal)),
      validateConfig: () => asOperationalOnOutage(() => s.validateConfig()),
      runSync: (job, signal) => s.exclusive(() => asOperationalOnOutage(() => s.run(job, signal))),
      onError: (e) => deps.log.warn({ err: e, connectionId: scope.connectionId }, 'connection machine: snapshot not stored or not restored'),
    });
    s.handle.actor.subscribe(() => s.published());
    s.published();
    if (stored) s.wake();
    return s;
  }

  /**
   * A restored machine keeps its state but not its timers (XState does not restart an `after`
   * delay on restore), so a connection taken over from a dead worker while idle or backing off
   * would wait forever. Wake it: the run the timer would have started happens now.
   */
  private wake(): void {
    const state = this.state;
    if (state === 'live.idle' || state === 'live.backoff' || state === 'initialBackoff') this.send({ type: 'SYNC_NOW' });
    else if (state === 'authBackoff') this.send({ type: 'AUTHORIZE' });
  }

  /** The machine's state, flattened (`live.idle`). */
  get state(): ConnectionState {
    return stateName(this.handle.actor.getSnapshot().value) as ConnectionState;
  }

  send(event: ConnectionEvent): void {
    this.handle.send(event);
  }

  /**
   * Moves an active connection's machine towards running: authorise a draft, start a ready one,
   * resume a paused one, re-validate after a configuration change (its version moved), and retry
   * after new credentials. `retry` (an explicit start or resume) also re-authorises an invalid one.
   */
  async reconcile(options: { retry?: boolean } = {}): Promise<void> {
    const { db } = this.deps;
    const record = await db.connections.get(this.scope.workspaceId, this.scope.connectionId);
    if (!record || record.status !== 'active') return;
    const state = this.state;
    if (record.version > this.seenVersion) {
      this.seenVersion = record.version;
      if (!['draft', 'authorizing', 'authBackoff', 'validating'].includes(state)) {
        this.send({ type: 'CONFIG_CHANGED' });
        return;
      }
    }
    if (state === 'draft') this.send({ type: 'AUTHORIZE' });
    else if (state === 'ready') this.send({ type: 'START' });
    else if (state === 'paused') {
      this.send({ type: 'RESUME' });
      // Resumed: catch up with what changed while paused now, not one interval later.
      if (this.state === 'live.idle') this.send({ type: 'SYNC_NOW' });
    }
    else if (state === 'invalid' && options.retry) this.send({ type: 'AUTHORIZE' });
    else if (state === 'needsReauth' && (options.retry || (await this.credentialsRenewed(record.settings.apps)))) this.send({ type: 'REAUTHORIZED' });
  }

  /** New credentials were saved: leave needsReauth (or an invalid state) and authorise again. */
  reauthorized(): void {
    const state = this.state;
    if (state === 'needsReauth') this.send({ type: 'REAUTHORIZED' });
    else if (state === 'invalid' || state === 'authBackoff') this.send({ type: 'AUTHORIZE' });
  }

  /** Pauses: the run in flight ends at its next page boundary (its batch is written and recorded). */
  async pause(): Promise<void> {
    this.send({ type: 'PAUSE' });
    await this.drain(Infinity);
    await this.handle.flush();
  }

  /** Stops supervising (shutdown or lease lost): the stored snapshot keeps where it was, a run in flight runs again on restore. */
  async stop(): Promise<void> {
    await this.handle.stop();
    await this.drain(this.deps.drainMs);
  }

  /** Runs `work` after every earlier run of this connection, in a run slot of the process. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(() => this.deps.slot(work));
    this.chain = next.catch(() => undefined);
    this.inFlight.add(next);
    void next.catch(() => undefined).finally(() => this.inFlight.delete(next));
    return next;
  }

  private async drain(ms: number): Promise<void> {
    const all = Promise.allSettled([...this.inFlight]);
    if (ms === Infinity) await all;
    else await Promise.race([all, new Promise((resolve) => setTimeout(resolve, ms).unref())]);
  }

  private async credentialsRenewed(apps: { a: { credentialId?: string }; b: { credentialId?: string } }): Promise<boolean> {
    const ids = [apps.a.credentialId, apps.b.credentialId].filter((id): id is string => typeof id === 'string');
    if (ids.length === 0) return false;
    const creds = await Promise.all(ids.map((id) => this.deps.db.credentials.get(this.scope.workspaceId, id)));
    return creds.some((c) => c?.status === 'ok' && (c.checkedAt ?? 0) > this.needsReauthSince);
  }

  private published(): void {
    const snapshot = this.handle.actor.getSnapshot();
    const state = stateName(snapshot.value);
    if (state === this.lastState) return;
    this.lastState = state;
    const at = Date.now();
    if (state === 'needsReauth') this.needsReauthSince = at;
    const error = ['needsReauth', 'awaitingApproval', 'invalid', 'authBackoff', 'initialBackoff', 'live.backoff'].includes(state) ? snapshot.context.lastError : undefined;
    this.deps.emit({ type: 'state', ...this.scope, state: state as ConnectionState, at, ...(error ? { error } : {}) });
    if (error) this.deps.log.warn({ connectionId: this.scope.connectionId, state, code: error.code }, error.message);
  }

  /**
   * The engine stores a run that ends by its stop signal as failed; one this supervisor stopped on
   * purpose is `interrupted` instead (the next run picks up from its checkpoint), without the stop
   * as an error, so history does not show a failure nobody has to act on.
   */
  private async recordStopped(runId: string): Promise<void> {
    try {
      const run = await this.deps.db.runs.get(this.scope, runId);
      if (!run || run.status !== 'failed') return;
      const finishedAt = run.finishedAt ?? Date.now();
      await this.deps.db.runs.finish(this.scope, runId, {
        status: 'interrupted',
        counts: run.counts,
        finishedAt,
        durationMs: run.durationMs ?? finishedAt - run.startedAt,
        errors: run.errors.filter((err) => err.code !== 'E_STOPPED'),
      });
    } catch (e) {
      this.deps.log.warn({ err: e, connectionId: this.scope.connectionId, runId }, 'a stopped run stays recorded as failed');
    }
  }

  private async checkAuth(signal: AbortSignal): Promise<void> {
    const { db, connectors } = this.deps;
    const { config } = await loadConnection(db, this.scope.workspaceId, this.scope.connectionId);
    const opened = await openConnectors(db, connectors, this.scope.workspaceId, config);
    try {
      if (!signal.aborted) await Promise.all([opened.a.checkAuth(), opened.b.checkAuth()]);
    } finally {
      await closeConnectors(opened);
    }
  }

  private async validateConfig(): Promise<void> {
    forgetConnection(this.scope.workspaceId, this.scope.connectionId);
    await loadConnection(this.deps.db, this.scope.workspaceId, this.scope.connectionId); // refuses a configuration that cannot run
  }

  private async run(job: SyncJobInput, stopped: AbortSignal): Promise<SyncJobOutput> {
    const { db, log } = this.deps;
    const scope = this.scope;
    // Aborting it unsubscribes the engine's pipeline; the run then waits for the calls it made to settle.
    const controller = new AbortController();
    const stop = () => controller.abort(new UserError('E_STOPPED', 'the run was stopped: the connection was paused, changed, or its worker shut down'));
    if (stopped.aborted) stop();
    stopped.addEventListener('abort', stop, { once: true });
    if (controller.signal.aborted) throw controller.signal.reason;
    const { config } = await loadConnection(db, scope.workspaceId, scope.connectionId);
    if (job.resync) await db.checkpoints.clear(scope);
    const opened = await openConnectors(db, this.deps.connectors, scope.workspaceId, config);
    const runId = randomUUID();
    try {
      let lastProgress = 0;
      const run = await guardedSync({
        approved: job.approved,
        newId: () => runId,
        scope,
        config,
        kind: job.kind,
        connectors: { a: shieldedConnector(opened.a), b: shieldedConnector(opened.b) },
        stores: db.syncStores,
        signal: controller.signal,
        onProgress: (counts: RunCounts) => {
          const now = Date.now();
          if (now - lastProgress < 250) return;
          lastProgress = now;
          this.deps.emit({ type: 'progress', ...scope, runId, counts: structuredClone(counts), at: now });
        },
      });
      this.deps.emit({ type: 'run', ...scope, run, at: Date.now() });
      log.info({ connectionId: scope.connectionId, runId: run.id, kind: run.kind, durationMs: run.durationMs, counts: run.counts }, 'sync run finished');
      return { runId: run.id };
    } catch (e) {
      // Stopped on purpose (paused, settings or rules changed, shutdown): not a failure of the run.
      if (controller.signal.aborted) await this.recordStopped(runId);
      throw e;
    } finally {
      stopped.removeEventListener('abort', stop);
      await closeConnectors(opened);
    }
  }
}
