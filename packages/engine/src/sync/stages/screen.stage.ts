import type { Contact } from '@sluice/graph';
import { concatMap, from, map, of, type Observable, type OperatorFunction } from 'rxjs';
import type { Link } from '../../ports/links.port';
import { PageLog, type PageStamp } from '../page-log';
import type { PassParams } from '../pass-params';
import { syncEverything } from '../rule-decider';
import type { ReadPage } from './read-pages.stage';
import {
  changedSince,
  decideRecords,
  distinctRecords,
  hashRecords,
  screenRecords,
  skipUnchanged,
  syncedHashes,
  type Candidate,
  type Screened,
} from './screen-records';

/** A page once screened and decided: the records it goes on with, and what became of the others. */
export interface DecidedPage extends ReadPage {
  /** What the page's history entries share (each later stage logs under it too). */
  stamp: PageStamp;
  /** Source ids of the page's records that had no link: their status is most likely stored for the first time. */
  neverLinked: ReadonlySet<string>;
  candidates: Candidate[];
  /** The source records of the creates, to be matched in the other app. */
  unlinked: Contact[];
  /** History and counts so far, one log per stage. */
  logs: PageLog[];
}

/** Between the stamp lookup and the whole-link lookup. */
interface Screening {
  page: ReadPage;
  stamp: PageStamp;
  log: PageLog;
  screened: Screened[];
  syncedHash: Map<string, string>;
  neverLinked: Set<string>;
  changed: string[];
}

/**
 * Stage 2, screen and decide, one page at a time: looks up the stamps of the page's links (while
 * hashing its records), skips records unchanged since Sluice last synced them, screens the rest
 * (`screenRecord`), reads whole links only for the changed linked ones, and runs the direction's
 * compiled rule graph (`decide`) over each. A page holding a record that an earlier page is still
 * linking waits for those links first. Per-record failures are history entries in the page's log.
 */
export function screenStage(pass: PassParams): OperatorFunction<ReadPage, DecidedPage> {
  return concatMap((page) => {
    const byId = distinctRecords(page.records);
    const waitForLinks = pass.pages.open(page.no, new Set(byId.keys()));
    return (waitForLinks ? from(waitForLinks) : of(undefined)).pipe(
      concatMap(() => screenPage(pass, page, byId)),
      concatMap((s) => (s.changed.length === 0 ? of(decidePage(pass, s, new Map())) : wholeLinks(pass, s.changed).pipe(map((links) => decidePage(pass, s, links))))),
    );
  });
}

function screenPage(pass: PassParams, page: ReadPage, byId: Map<string, Contact>): Observable<Screening> {
  const { run, source } = pass;
  const stamp: PageStamp = { runId: run.runId, direction: pass.direction, at: run.clock.now() };
  if (run.graphVersion !== undefined) stamp.graphVersion = run.graphVersion;
  const log = new PageLog(stamp);
  for (const f of page.failures) log.failed(source, f.ref, f.code, f.message);
  log.counts.read[source] += byId.size;
  const ids = [...byId.keys()];
  // The stamps' lookup runs on the database while this thread hashes the page.
  const stamps = run.work.start(() => run.stores.links.findStamps(run.scope, source, ids));
  const hashes = hashRecords(byId.values(), run.salt);
  return from(stamps).pipe(
    map((found): Screening => {
      const syncedHash = syncedHashes(found, source);
      const toScreen = skipUnchanged(byId.values(), hashes, syncedHash, log);
      const screened = screenRecords(source, toScreen, hashes, run.config.match.defaultCountry, run.salt, log);
      const neverLinked = new Set<string>();
      for (const id of ids) if (!syncedHash.has(id)) neverLinked.add(id);
      // Whole links (their values) only for the records changed since Sluice last synced them: most
      // of what a sync reads is unchanged, its own writes read back above all.
      return { page, stamp, log, screened, syncedHash, neverLinked, changed: changedSince(screened, syncedHash) };
    }),
  );
}

function wholeLinks(pass: PassParams, ids: string[]): Observable<Map<string, Link>> {
  const { run, source } = pass;
  return run.work
    .run(() => (source === 'a' ? run.stores.links.findByA(run.scope, ids) : run.stores.links.findByB(run.scope, ids)))
    .pipe(map((links) => new Map(links.map((l) => [source === 'a' ? l.aId : l.bId, l]))));
}

function decidePage(pass: PassParams, s: Screening, linkOf: ReadonlyMap<string, Link>): DecidedPage {
  const { run } = pass;
  const decide = run.deciders[pass.direction] ?? syncEverything;
  const { candidates, unlinked } = decideRecords(pass.source, run.config, decide, s.screened, s.syncedHash, linkOf, s.log);
  return { ...s.page, stamp: s.stamp, neverLinked: s.neverLinked, candidates, unlinked, logs: [s.log] };
}
