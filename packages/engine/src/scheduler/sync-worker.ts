import type { Clock } from '../ports/clock.port';
import type { Lease, LeasesPort } from '../ports/leases.port';
import type { ConnectionScope } from '../ports/scope.port';

export interface WorkerOptions {
  /** Unique per process (host + pid + random). */
  owner: string;
  leases: LeasesPort;
  clock: Clock;
  /** How long a lease lasts without renewal (default 30 s); a dead worker's connections move after it. */
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

const keyOf = (s: ConnectionScope) => `${s.workspaceId}\u0000${s.connectionId}`;

/**
 * A sync worker: on each `tick` it renews the leases it holds (stopping connections whose lease
 * was lost), takes free or expired leases of listed connections, and gives up connections no longer
 * listed. Tick at least three times per lease TTL (`runForever` does).
 */
export class SyncWorker {
  private readonly owned = new Map<string, Owned>();
  private current: Promise<void> | undefined;
  readonly ttlMs: number;

  constructor(private readonly options: WorkerOptions) {
    this.ttlMs = options.ttlMs ?? 30_000;
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
    for (const [key, o] of this.owned) {
      const renewed = await leases.renew(o.lease, this.ttlMs, clock.now());
      if (renewed) o.lease = renewed;
      else {
        this.owned.delete(key);
        await o.handle.stop();
      }
    }
    const wanted = await this.options.listConnections();
    const wantedKeys = new Set(wanted.map(keyOf));
    for (const [key, o] of this.owned) {
      if (wantedKeys.has(key)) continue;
      this.owned.delete(key);
      await o.handle.stop();
      await leases.release(o.lease);
    }
    const max = this.options.maxConnections ?? Infinity;
    for (const scope of wanted) {
      if (this.owned.size >= max) break;
      const key = keyOf(scope);
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
