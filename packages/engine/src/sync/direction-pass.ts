import type { Contact } from '@sluice/graph';
import type { Direction } from '../ports/scope.port';
import type { Busy } from './match-targets';
import { orientPairs, sidesOf, type OrientedPair } from './oriented-pair';
import { preparePage, type PreparedPage } from './prepare-page';
import { readAhead } from './read-ahead';
import type { SyncContext } from './sync-context';

/**
 * One direction of a run: streams the source's changes page by page from the stored checkpoint,
 * and for each page does one link lookup (stamps, then whole links of changed records), one match per key, one target fetch, batched writes,
 * one links upsert, one history insert, then stores the page's cursor.
 *
 * Pages go through three stages, and consecutive pages overlap (with the database on another
 * thread or host, its work on one page runs while the engine works on the next):
 *  1. prepare: screen, decide, look up links, match and fetch targets (reads only), then start
 *     storing the write intents of the page's creates;
 *  2. write: the apps' writes, once the intents are stored. One page at a time, in order: a page's
 *     writes start when the apps have answered the page before. Its links, then its history, are
 *     then stored while the next page writes;
 *  3. settle: once the page's links and history are stored, and every page before has settled,
 *     its cursor, with its intents completed and the run's counts at the same time. One at a time,
 *     in order, so a cursor is stored only after everything of its page and of the pages before;
 *     and a page's writes start only when the page two back has settled, so memory stays bounded
 *     by a few pages whatever the database's pace.
 * Page N+1 is prepared while page N writes. What every page whose links are not stored yet is
 * about to link is visible to N+1's matching as "busy" (the targets it claimed, the match values it
 * writes), so N+1 matches exactly as if those links were stored; and when N+1 holds a record such a
 * page also holds (a record changed twice during the pass), N+1 is prepared only after that page's
 * links are stored. A crash still repeats at most the pages after the last stored cursor, and
 * their creates are replayed from their intents, never repeated.
 */
export async function runDirection(ctx: SyncContext, direction: Direction, pass: 'main' | 'sweep' = 'main'): Promise<void> {
  const { source } = sidesOf(direction);
  const checkpoint = await ctx.stores.checkpoints.get(ctx.scope, direction);
  const pairs = orientPairs(ctx.pairs, direction);
  let pageNo = 0;
  const options = ctx.signal ? { pageSize: ctx.pageSize, signal: ctx.signal } : { pageSize: ctx.pageSize };
  // The apps' writes of the page before (stage 2), pages whose links or history are not stored
  // yet, and the chain of settles (stage 3).
  let writing: Promise<void> | undefined;
  let inFlight: InFlight[] = [];
  let prepared: PreparedPage | undefined;
  let settled: Promise<void> = Promise.resolve();
  let settledOlder: Promise<void> = Promise.resolve();
  try {
    for await (const page of readAhead(ctx.connectors[source].changes(checkpoint?.cursor ?? null, options))) {
      ctx.signal?.throwIfAborted();
      // Idempotency keys name the run, the direction, the pass and the page: the two-way echo sweep
      // reads A again in the same run, and its pages must not reuse the first pass's keys (an app
      // would refuse them, or answer from its cache and drop an edit made since).
      const label = pass === 'main' ? direction : `${direction}~sweep`;
      const ids = new Set<string>();
      for (const r of page.records) ids.add(r.id);
      inFlight = inFlight.filter((p) => !p.storedYet);
      const overlapping = inFlight.filter((p) => !p.linkedYet && overlaps(ids, p.ids));
      if (overlapping.length > 0) await Promise.all(overlapping.map((p) => p.linked));
      const busy = inFlight.filter((p) => !p.linkedYet).map((p) => p.busy);
      prepared = await preparePage(ctx, direction, pairs, page.records, `${ctx.runId}:${label}:${pageNo++}`, page.failures, busy);
      if (writing) await writing;
      // Back-pressure: a page's writes start only when the history of the page two back is stored,
      // so a database slower than the apps holds the pass back instead of piling history in memory.
      await settledOlder;
      // Pages before holding one of this page's records store their history first.
      const historyAfter = Promise.all(inFlight.filter((p) => !p.storedYet && overlaps(ids, p.ids)).map((p) => p.stored));
      const written = prepared.write(historyAfter);
      const entry: InFlight = { ids, busy: prepared.busy, linked: written.then((w) => w.linked), linkedYet: false, stored: written.then((w) => w.stored), storedYet: false };
      entry.linked.then(() => {
        entry.linkedYet = true;
      }, () => {});
      entry.stored.then(() => {
        entry.storedYet = true;
      }, () => {});
      inFlight.push(entry);
      const before = settled;
      settledOlder = before;
      settled = written.then(async (w) => {
        await before;
        await w.stored;
        // Only now are the page's writes, links and history stored, and those of every page
        // before: the cursor may move past it. Its intents are done with, and the run's counts
        // are reported, at the same time (each of the three is one round trip).
        const counts = structuredClone(ctx.counts);
        await Promise.all([
          w.complete(),
          ctx.stores.checkpoints.set(ctx.scope, { direction, cursor: page.cursor, runId: ctx.runId, updatedAt: ctx.clock.now() }),
          ctx.stores.runs.progress(ctx.scope, ctx.runId, counts),
        ]);
        ctx.onProgress?.(counts);
      });
      writing = written.then(() => undefined);
      // Failures surface where these are awaited (next page, or below); none goes unobserved.
      writing.catch(() => {});
      settled.catch(() => {});
    }
    if (writing) await writing;
    await settled;
  } catch (e) {
    // Nothing of this pass may still be writing when the run is reported as stopped.
    await writing?.catch(() => {});
    // (A page's history is stored apart from the settle chain, which stops at the first failure.)
    await prepared?.intentsStored.catch(() => {});
    await Promise.all(inFlight.map((p) => p.stored.catch(() => {})));
    await settled.catch(() => {});
    throw e;
  }
}

/** A page written (or being written) whose links or history may not be stored yet. */
interface InFlight {
  ids: Set<string>;
  busy: Busy;
  linked: Promise<void>;
  /** Set once `linked` has settled. */
  linkedYet: boolean;
  /** Links, then history, stored. */
  stored: Promise<void>;
  /** Set once `stored` has settled. */
  storedYet: boolean;
}

function overlaps(a: Set<string>, b: Set<string>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const id of small) if (large.has(id)) return true;
  return false;
}

/** Syncs one page of source records, history and intents included (exported for tests of single pages). */
export async function syncPage(
  ctx: SyncContext,
  direction: Direction,
  pairs: readonly OrientedPair[],
  records: readonly Contact[],
  keyPrefix: string,
): Promise<void> {
  const prepared = await preparePage(ctx, direction, pairs, records, keyPrefix);
  const written = await prepared.write();
  await written.stored;
  await written.complete();
}
