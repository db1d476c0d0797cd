import type { Clock } from '../ports/clock.port';
import type { Lease, LeasesPort } from '../ports/leases.port';
import type { ConnectionScope } from '../ports/scope.port';
import { scopeKey } from '../ports/scope-key';

/**
 * How long a lease lasts without renewal unless the operator sets SLUICE_LEASE_TTL_MS: a dead
 * worker's connections move to a live one within it. The one default for the scheduler, the
 * runtime's workers and the server's configuration.
 */
export const DEFAULT_LEASE_TTL_MS = 60_000;

export interface WorkerOptions {
  /** Unique per process (host + pid + random). */
  owner: string;
  leases: LeasesPort;
  clock: Clock;
  /** How long a lease lasts without renewal (default `DEFAULT_LEASE_TTL_MS`); a dead worker's connections move after it. */
  ttlMs?: number;
  /** The connections that should be running now. */
  listConnections(): Promise<ConnectionScope[]>;
  /** Starts supervising a connection this worker now owns. */
  start(scope: ConnectionScope): Promise<{ stop(): Promise<void> }>;
  /** Most connections one worker holds (default unlimited). */
  maxConnections?: number;
}

interface Owned {
  lease: Lease;
  handle: { stop(): Promise<void> };
}

/**
 * Every worker also holds a lease in this reserved scope, named after itself, renewed each tick: it
 * makes a worker that owns no connection yet visible to the others, so they can share the work.
 */
export const PRESENCE_WORKSPACE = '\u0000workers';

/**
 * The lease scheduler under each sync worker (`SyncWorker` in @sluice/runtime): on each `tick` it renews the leases it holds (stopping connections whose lease
 * was lost), takes free or expired leases of listed connections, and gives up connections no longer
 * listed. Work is shared: a worker holds at most its fair share of the listed connections (their
 * number divided by the live workers, rounded up) and hands one surplus connection back per tick, so
 * a worker that starts later gets its part instead of the first one keeping everything. Tick at
 * least three times per lease TTL (`runForever` does).
 */
export class LeaseWorker {
  private readonly owned = new Map<string, Owned>();
  private presence: Lease | null = null;
  private current: Promise<void> | undefined;
  readonly ttlMs: number;

  constructor(private readonly options: WorkerOptions) {
    this.ttlMs = options.ttlMs ?? DEFAULT_LEASE_TTL_MS;
  }

  /** The connections this worker runs now. */
  connections(): ConnectionScope[] {
    return [...this.owned.values()].map((o) => ({ workspaceId: o.lease.workspaceId, connectionId: o.lease.connectionId }));
  }

  /** One tick at a time: a tick called while another runs joins it (no connection starts twice). */
  tick(): Promise<void> {
    this.current ??= this.tickOnce().finally(() => {
      this.current = undefined;
    });
    return this.current;
  }

  private async tickOnce(): Promise<void> {
    const { leases, clock, owner } = this.options;
    this.presence = await leases.acquire(PRESENCE_WORKSPACE, owner, owner, this.ttlMs, clock.now());
    for (const [key, o] of this.owned) {
      const renewed = await leases.renew(o.lease, this.ttlMs, clock.now());
      if (renewed) o.lease = renewed;
      else {
        this.owned.delete(key);
        await o.handle.stop();
      }
    }
    const wanted = await this.options.listConnections();
    const wantedKeys = new Set(wanted.map(scopeKey));
    for (const [key, o] of this.owned) {
      if (wantedKeys.has(key)) continue;
      this.owned.delete(key);
      await o.handle.stop();
      await leases.release(o.lease);
    }
    const workers = leases.liveOwners ? Math.max(1, await leases.liveOwners(clock.now())) : 1;
    const max = Math.min(this.options.maxConnections ?? Infinity, Math.ceil(wanted.length / workers));
    if (this.owned.size > max) {
      // Over our share (another worker joined): hand one connection back; its run in flight ends
      // at a page boundary first, and the other worker takes the lease on its next tick.
      const [key, o] = [...this.owned][this.owned.size - 1]!;
      this.owned.delete(key);
      await o.handle.stop();
      await leases.release(o.lease);
    }
    for (const scope of wanted) {
      if (this.owned.size >= max) break;
      const key = scopeKey(scope);
      if (this.owned.has(key)) continue;
      const lease = await leases.acquire(scope.workspaceId, scope.connectionId, owner, this.ttlMs, clock.now());
      if (!lease) continue;
      try {
        this.owned.set(key, { lease, handle: await this.options.start(scope) });
      } catch (e) {
        await leases.release(lease);
        throw e;
      }
    }
  }

  /** Stops every connection and releases the leases (a clean shutdown hands them over at once). */
  async stop(): Promise<void> {
    for (const [key, o] of this.owned) {
      this.owned.delete(key);
      await o.handle.stop();
      await this.options.leases.release(o.lease);
    }
    if (this.presence) await this.options.leases.release(this.presence);
    this.presence = null;
  }

  /** Ticks every third of the TTL until `signal` aborts, then stops. Tick errors go to `onError`. */
  async runForever(signal: AbortSignal, onError: (e: unknown) => void, sleep = defaultSleep): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.tick();
      } catch (e) {
        onError(e);
      }
      await sleep(Math.max(1, Math.floor(this.ttlMs / 3)), signal);
    }
    await this.stop();
  }
}

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
