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
  for (let i = 0, n = 0; i < writes.length; i += limit, n++) {
    const chunk = writes.slice(i, i + limit);
    const key = `${keyPrefix}:${side}:${n}`;
    // Only batches with creates need an intent: an update lost in a crash is simply redone when its
    // page is read again, but a create whose answer was lost must be found again, not repeated. The
    // whole batch is kept, since apps may derive created ids from the batch as it was sent.
    const creates = chunk.filter((w) => w.id === undefined);
    if (creates.length > 0) {
      const chunkPending: WriteIntent['pending'] = {};
      for (const w of creates) {
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
