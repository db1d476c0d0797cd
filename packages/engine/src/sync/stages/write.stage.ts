import { concatMap, forkJoin, from, map, type OperatorFunction } from 'rxjs';
import type { Link } from '../../ports/links.port';
import { buildLink } from '../link-values';
import { PageLog, type PageStamp } from '../page-log';
import type { PassParams } from '../pass-params';
import type { Resolution } from '../resolve-pair';
import { screenedOther } from '../screen-record';
import type { Matched } from './match.stage';
import type { PlannedPage } from './plan.stage';
import { sendBatches, type BatchOutcome } from './write-batches';

/**
 * A page once the apps have answered: the links and history to store, and the intents to complete
 * after them. It keeps none of the page's records, only what settling needs.
 */
export interface WrittenPage {
  no: number;
  cursor: string;
  stamp: PageStamp;
  neverLinked: ReadonlySet<string>;
  links: Link[];
  /** aIds of links new to the store (unlinked until now, matched only to unclaimed targets). */
  fresh: Set<string>;
  intentKeys: string[];
  logs: PageLog[];
}

/**
 * Stage 5, write in order: one page at a time, once its intents are stored, sends its batches to
 * both apps at the same time (the target gets creates and updates, the source, in a two-way
 * connection, only updates: neither depends on the other's answer), then turns the answers into
 * the page's links and history. A record an app refused is failed in history; the rest goes on.
 */
export function writeStage(pass: PassParams): OperatorFunction<PlannedPage, WrittenPage> {
  const { run, source, target } = pass;
  return concatMap((page) =>
    from(page.intentsStored).pipe(
      concatMap(() =>
        forkJoin([sendBatches(run.connectors[target], page.batches.target, run.work), sendBatches(run.connectors[source], page.batches.source, run.work)]),
      ),
      map(([tOut, sOut]): WrittenPage => {
        const log = new PageLog(page.stamp);
        const { links, fresh } = recordOutcomes(pass, page.work, page.resolutions, tOut, sOut, run.clock.now(), log);
        return {
          no: page.no,
          cursor: page.cursor,
          stamp: page.stamp,
          neverLinked: page.neverLinked,
          links,
          fresh,
          intentKeys: [...tOut.intentKeys, ...sOut.intentKeys],
          logs: [...page.logs, log],
        };
      }),
    ),
  );
}

/**
 * The apps' answers for a page's work turned into the links to store and the history to record
 * (counts included), in `log`. Pure but for `log`.
 */
export function recordOutcomes(
  pass: Pick<PassParams, 'run' | 'direction' | 'source' | 'target' | 'pairs'>,
  work: readonly Matched[],
  resolutions: readonly (Resolution | undefined)[],
  tOut: BatchOutcome,
  sOut: BatchOutcome,
  now: number,
  log: PageLog,
): { links: Link[]; fresh: Set<string> } {
  const { run, direction, source, target, pairs } = pass;
  const defaultCountry = run.config.match.defaultCountry;
  const sHashKey = source === 'a' ? 'aHash' : 'bHash';
  const links: Link[] = [];
  const fresh = new Set<string>();
  for (let i = 0; i < work.length; i++) {
    const m = work[i]!;
    const item = m.record;
    const ref = item.raw.id;
    const tRes = tOut.results.get(ref);
    const sRes = sOut.results.get(ref);
    const bad = tRes && !tRes.ok ? tRes : sRes && !sRes.ok ? sRes : undefined;
    if (bad && !bad.ok) {
      log.failed(source, ref, bad.code, bad.message, m.target?.id);
      continue;
    }
    const tRec = tRes?.ok ? screenedOther(tRes.record, defaultCountry).record : m.target;
    const sRec = sRes?.ok ? screenedOther(sRes.record, defaultCountry).record : item.raw;
    if (!tRec) {
      log.failed(source, ref, 'E_NO_WRITE_RESULT', 'the app did not answer for this record');
      continue;
    }
    if (m.kind === 'trash') {
      links.push({ ...item.link!, [sHashKey]: item.hash, trashed: source, syncedAt: now });
      log.counts.trashed++;
      log.counts.updated[target]++;
      log.event({ sourceId: ref, targetId: tRec.id, outcome: 'updated', reason: 'deleted', changes: [{ path: 'tags', before: m.target!.tags, after: tRec.tags }] });
      continue;
    }
    const res = resolutions[i]!;
    const link = buildLink(direction, pairs, sRec, tRec, run.salt, now, item.link?.trashed, sRes?.ok ? undefined : item.hash);
    links.push(link);
    // Unlinked until now, and matched only to a target no link held: the store may insert it directly.
    if (!item.link) fresh.add(link.aId);
    // The source side only: the partner's status follows when its own app's changes are read.
    log.status(source, ref, 'inSync');
    // One event object per record, filled in place (this loop runs for every record written).
    const event: Parameters<PageLog['event']>[0] = { sourceId: ref, targetId: tRec.id, outcome: 'created' };
    if (res.sourceChanges.length > 0) {
      const changes = res.targetChanges.slice();
      for (const c of res.sourceChanges) changes.push({ ...c, side: source });
      event.changes = changes;
    } else if (res.targetChanges.length > 0) event.changes = res.targetChanges;
    if (res.conflicts.length > 0) event.conflicts = res.conflicts;
    if (m.note || res.notes.length > 0) event.message = [...(m.note ? [m.note] : []), ...res.notes].join('; ');
    if (m.kind === 'create') {
      log.counts.created[target]++;
      log.event(event);
      continue;
    }
    if (tRes) log.counts.updated[target]++;
    if (sRes) log.counts.updated[source]++;
    if (res.conflicts.length > 0) {
      log.counts.conflicts++;
      event.outcome = 'conflict';
      event.reason = 'E_CONFLICT';
    } else if (tRes || sRes) event.outcome = 'updated';
    else {
      log.counts.skipped++;
      event.outcome = 'skipped';
      event.reason = item.link ? 'no-change' : 'matched-in-sync';
    }
    log.event(event);
  }
  return { links, fresh };
}
