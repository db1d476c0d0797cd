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
  const chunks: { key: string; writes: ContactWrite[] }[] = [];
  for (let i = 0, n = 0; i < ordered.length; n++) {
    // A chunk never mixes creates and updates: it ends at the limit or where the creates end.
    const end = i < createCount ? Math.min(i + limit, createCount) : Math.min(i + limit, ordered.length);
    chunks.push({ key: `${keyPrefix}:${side}:${n}`, writes: ordered.slice(i, end) });
    i = end;
  }
  // Every create chunk's intent is stored before the first write, all at once (one round trip to
  // the database, not one per chunk). An intent whose chunk a crash leaves unsent is replayed by
  // the next run like one whose answer was lost: the creates it holds were decided, and the app
  // sees its idempotency key for the first time.
  const creates = chunks.filter((c) => c.writes[0]!.id === undefined);
  await Promise.all(
    creates.map((c) => {
      const chunkPending: WriteIntent['pending'] = {};
      for (const w of c.writes) {
        const p = pending[w.ref];
        if (p) chunkPending[w.ref] = p;
      }
      return ctx.stores.intents.add(ctx.scope, {
        idempotencyKey: c.key,
        direction,
        side,
        runId: ctx.runId,
        writes: c.writes,
        pending: chunkPending,
        createdAt: ctx.clock.now(),
      });
    }),
  );
  for (const c of creates) out.intentKeys.push(c.key);
  for (const c of chunks) {
    const results = await connector.upsertBatch(c.writes, c.key, ctx.signal);
    for (const r of results) out.results.set(r.ref, r);
  }
  return out;
}
