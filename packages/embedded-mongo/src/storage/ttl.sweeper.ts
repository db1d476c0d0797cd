/**
 * Expires documents of TTL indexes: every `intervalMs` it deletes, in one transaction, the
 * documents whose indexed date is older than `expireAfterSeconds` — up to 10,000 per collection
 * and sweep, read from the index in pages, never a scan.
 */
import type { SqliteStore } from './sqlite.store';

/** One sweep; returns how many documents were removed. */
export function sweepExpired(store: SqliteStore, now = Date.now()): number {
  const ttl = store.allCollections().filter((c) => c.indexes.some((ix) => ix.spec.expireAfterSeconds !== undefined));
  if (ttl.length === 0) return 0;
  return store.transaction(() => ttl.reduce((n, c) => n + c.expire(now), 0));
}

/** Starts periodic sweeps; call the returned function to stop. */
export function startTtlSweeper(store: SqliteStore, intervalMs: number, onTick?: () => void): () => void {
  const timer = setInterval(() => {
    try {
      sweepExpired(store);
      onTick?.();
    } catch (e) {
      console.error('[embedded-mongo] TTL sweep failed:', e);
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
