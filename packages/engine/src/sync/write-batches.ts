import type { ContactWrite, WriteResult } from '../ports/connector.port';
import type { Direction, Side } from '../ports/scope.port';
import type { WriteIntent } from '../ports/write-intents.port';
import type { SyncContext } from './sync-context';

export interface BatchOutcome {
  results: Map<string, WriteResult>;
  /** Intents to complete once links and history of these writes are stored. */
  intentKeys: string[];
}

/** One app's writes for a page, cut into batches, with the intents of its create batches being stored. */
export interface PlannedBatches {
  side: Side;
  chunks: { key: string; writes: ContactWrite[] }[];
  /** Settles when every create batch's intent is stored; no batch is sent before. */
  intentsStored: Promise<void>;
  intentKeys: string[];
}

/**
 * Cuts one app's writes into batches of its `batchLimit` and starts storing the write intent of each
 * batch with creates, under the batch's idempotency key, so a crash between the call and the links
 * being stored is repaired by replaying them (see `recoverIntents`). The intents are stored as soon
 * as the writes are decided, while the page before may still be writing: an intent whose batch is
 * never sent (a crash or a stop first) is replayed by the next run like one whose answer was lost,
 * since the creates it holds were decided, and the app sees its idempotency key for the first time.
 */
export function planBatches(
  ctx: SyncContext,
  side: Side,
  direction: Direction,
  writes: readonly ContactWrite[],
  pending: WriteIntent['pending'],
  keyPrefix: string,
): PlannedBatches {
  const planned: PlannedBatches = { side, chunks: [], intentsStored: Promise.resolve(), intentKeys: [] };
  if (writes.length === 0) return planned;
  const limit = Math.max(1, ctx.connectors[side].app.batchLimit);
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
    planned.chunks.push({ key: `${keyPrefix}:${side}:${n}`, writes: ordered.slice(i, end) });
    i = end;
  }
  // Every create chunk's intent goes to the database at once (one round trip, not one per chunk).
  const creates = planned.chunks.filter((c) => c.writes[0]!.id === undefined);
  for (const c of creates) planned.intentKeys.push(c.key);
  if (creates.length === 0) return planned;
  planned.intentsStored = Promise.all(
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
  ).then(() => undefined);
  // Awaited by sendBatches; a page abandoned before its writes must not report it as unhandled.
  planned.intentsStored.catch(() => {});
  return planned;
}

/** Sends planned batches, in order, once their intents are stored. */
export async function sendBatches(ctx: SyncContext, planned: PlannedBatches): Promise<BatchOutcome> {
  const out: BatchOutcome = { results: new Map(), intentKeys: planned.intentKeys };
  await planned.intentsStored;
  const connector = ctx.connectors[planned.side];
  for (const c of planned.chunks) {
    const results = await connector.upsertBatch(c.writes, c.key, ctx.signal);
    for (const r of results) out.results.set(r.ref, r);
  }
  return out;
}
