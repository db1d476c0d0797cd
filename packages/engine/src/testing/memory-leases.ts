import type { Lease, LeasesPort } from '../ports/leases.port';
import { scopeKey } from '../ports/scope-key';

/** In-memory leases; each call is atomic because JavaScript runs it to completion. */
export class MemoryLeases implements LeasesPort {
  private readonly rows = new Map<string, Lease>();

  async acquire(workspaceId: string, connectionId: string, owner: string, ttlMs: number, now: number): Promise<Lease | null> {
    const key = scopeKey({ workspaceId, connectionId });
    const current = this.rows.get(key);
    if (current && current.owner !== owner && current.expiresAt > now) return null;
    const lease: Lease = { workspaceId, connectionId, owner, expiresAt: now + ttlMs };
    this.rows.set(key, lease);
    return { ...lease };
  }

  async renew(lease: Lease, ttlMs: number, now: number): Promise<Lease | null> {
    const key = scopeKey(lease);
    const current = this.rows.get(key);
    if (!current || current.owner !== lease.owner) return null;
    // An expired lease may be renewed only while nobody else took it: the same rule as acquire.
    const renewed: Lease = { ...current, expiresAt: now + ttlMs };
    this.rows.set(key, renewed);
    return { ...renewed };
  }

  async release(lease: Lease): Promise<void> {
    const key = scopeKey(lease);
    if (this.rows.get(key)?.owner === lease.owner) this.rows.delete(key);
  }

  async liveOwners(now: number): Promise<number> {
    const owners = new Set<string>();
    for (const lease of this.rows.values()) if (lease.expiresAt > now) owners.add(lease.owner);
    return owners.size;
  }

  async get(workspaceId: string, connectionId: string): Promise<Lease | null> {
    const current = this.rows.get(scopeKey({ workspaceId, connectionId }));
    return current ? { ...current } : null;
  }
}
