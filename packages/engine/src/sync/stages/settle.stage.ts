import { concatMap, from, map, of, type Observable, type OperatorFunction } from 'rxjs';
import type { RecordHealth } from '../../ports/health.port';
import type { RecordEvent } from '../../ports/record-events.port';
import type { Direction } from '../../ports/scope.port';
import { allSettledOrThrow } from '../in-flight-work';
import type { PassParams } from '../pass-params';
import { addTallies, emptyTally, type Tally } from '../run-counts';
import type { WrittenPage } from './write.stage';

/** A page whose writes, links, history and cursor are all stored: what it counted. */
export interface SettledPage extends Tally {
  direction: Direction;
  no: number;
  cursor: string;
}

/**
 * Stage 6, settle: stores each page's links as soon as the apps have answered, in page order, then
 * its history (record events and statuses) without waiting for the pages before, except those
 * holding one of its records (a record's latest status is the one stored last). Then, in page
 * order and only once everything of the page and of the pages before is stored, moves the
 * checkpoint past it and completes its write intents. Emits what the page counted, summed over
 * its stages' logs.
 */
export function settleStage(pass: PassParams): OperatorFunction<WrittenPage, SettledPage> {
  return (pages$) =>
    pages$.pipe(
      concatMap((page) => storeLinks(pass, page)),
      concatMap(({ page, history }) =>
        from(history).pipe(
          concatMap(() => pass.run.work.run(() => settleCursor(pass, page))),
          map((): SettledPage => ({ direction: pass.direction, no: page.no, cursor: page.cursor, ...page.logs.reduce<Tally>(addTallies, emptyTally()) })),
        ),
      ),
    );
}

/** The page's links, then its history started (the page's cursor waits for it). */
function storeLinks(pass: PassParams, page: WrittenPage): Observable<{ page: WrittenPage; history: Promise<void> }> {
  const { run, pages } = pass;
  const linked$ = page.links.length === 0 ? of(undefined) : run.work.run(() => run.stores.links.upsertMany(run.scope, page.links, { fresh: page.fresh }));
  return linked$.pipe(
    map(() => {
      pages.linked(page.no);
      const history = run.work.start(async () => {
        try {
          await pages.historyBefore(page.no);
          await storeHistory(pass, page);
        } finally {
          pages.stored(page.no);
        }
      });
      return { page, history };
    }),
  );
}

/** Stores the page's events and statuses, both at once (neither depends on the other). */
async function storeHistory(pass: PassParams, page: WrittenPage): Promise<void> {
  const { run, source } = pass;
  const events: RecordEvent[] = [];
  const health: RecordHealth[] = [];
  for (const log of page.logs) {
    for (const e of log.events) events.push(e);
    for (const h of log.health) health.push(h);
  }
  const storingEvents = events.length > 0 ? run.stores.events.insertMany(run.scope, events) : undefined;
  let storingHealth: Promise<void> | undefined;
  if (health.length > 0) {
    const fresh = new Set<string>();
    for (const h of health) if (h.side === source && page.neverLinked.has(h.recordId)) fresh.add(`${h.side}:${h.recordId}`);
    storingHealth = run.stores.health.setMany(run.scope, health, { fresh });
  }
  await allSettledOrThrow([storingEvents, storingHealth]);
}


/** The page's cursor stored and its intents completed, at the same time (each is one round trip). */
async function settleCursor(pass: PassParams, page: WrittenPage): Promise<void> {
  const { run } = pass;
  await allSettledOrThrow([
    ...page.intentKeys.map((key) => run.stores.intents.complete(run.scope, key)),
    run.stores.checkpoints.set(run.scope, { direction: pass.direction, cursor: page.cursor, runId: run.runId, updatedAt: run.clock.now() }),
  ]);
}
