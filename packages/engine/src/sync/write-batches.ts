import type { ContactWrite, WriteResult } from '../ports/connector.port';
import type { Direction, Side } from '../ports/scope.port';
import type { WriteIntent } from '../ports/write-intents.port';
import type { SyncContext } from './sync-context';

export interface BatchOutcome {
  results: Map<string, WriteResult>;
  /** Intents to complete once links and history of these writes are stored. */
  intentKeys: string[];
}

/**
 * Sends writes to one app in batches of its `batchLimit`. The creates of each batch are first
 * stored as a write intent under the batch's idempotency key, so a crash between the call and the
 * links being stored is repaired by replaying them (see `recoverIntents`).
 */
export async function writeBatches(
  ctx: SyncContext,
  side: Side,
  direction: Direction,
  writes: readonly ContactWrite[],
  pending: WriteIntent['pending'],
  keyPrefix: string,
): Promise<BatchOutcome> {
  const out: BatchOutcome = { results: new Map(), intentKeys: [] };
  if (writes.length === 0) return out;
  const connector = ctx.connectors[side];
  const limit = Math.max(1, connector.app.batchLimit);
  // Creates and updates go in separate batches, creates first. Only batches with creates need an
  // intent: an update lost in a crash is simply redone when its page is read again, but a create whose
  // answer was lost must be found again, not repeated. The whole batch is kept in the intent, since
  // apps may derive created ids from the batch as it was sent: keeping updates out of those batches
  // keeps the intents (written, then deleted, for every batch) to the creates alone.
  const ordered = writes.filter((w) => w.id === undefined);
  const createCount = ordered.length;
  for (const w of writes) if (w.id !== undefined) ordered.push(w);
  for (let i = 0, n = 0; i < ordered.length; n++) {
    // A chunk never mixes creates and updates: it ends at the limit or where the creates end.
    const end = i < createCount ? Math.min(i + limit, createCount) : Math.min(i + limit, ordered.length);
    const chunk = ordered.slice(i, end);
    i = end;
    const key = `${keyPrefix}:${side}:${n}`;
    if (chunk[0]!.id === undefined) {
      const chunkPending: WriteIntent['pending'] = {};
      for (const w of chunk) {
        const p = pending[w.ref];
        if (p) chunkPending[w.ref] = p;
      }
      await ctx.stores.intents.add(ctx.scope, {
        idempotencyKey: key,
        direction,
        side,
        runId: ctx.runId,
        writes: chunk,
        pending: chunkPending,
        createdAt: ctx.clock.now(),
      });
      out.intentKeys.push(key);
    }
    const results = await connector.upsertBatch(chunk, key, ctx.signal);
    for (const r of results) out.results.set(r.ref, r);
  }
  return out;
}
