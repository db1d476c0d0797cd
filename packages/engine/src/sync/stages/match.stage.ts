import type { Contact } from '@sluice/graph';
import { concatMap, map, of, type Observable, type OperatorFunction } from 'rxjs';
import type { Side } from '../../ports/scope.port';
import { PageLog } from '../page-log';
import type { PassParams } from '../pass-params';
import { screenedOther } from '../screen-record';
import { matchTargets, type MatchOutcome } from './match-targets';
import type { DecidedPage } from './screen.stage';
import type { Candidate } from './screen-records';

/** A candidate with the record of the other app it goes to (none for a create). */
export interface Matched {
  record: Candidate;
  /** A create that matched a record of the other app became an update of it. */
  kind: Candidate['kind'];
  /** The other app's record, screened; undefined for a create, or when a linked one is gone. */
  target: Contact | undefined;
  /** What screening changed, on this side and on the other, for the record's history event. */
  note: string | undefined;
}

/** A page once matched: each candidate that goes on, with its partner in the other app. */
export interface MatchedPage extends DecidedPage {
  matched: Matched[];
}

/**
 * Stage 3, match, one page at a time: finds the creates' partners in the other app by the match
 * keys (seeing what earlier pages in flight are about to link as linked), then fetches the linked
 * candidates' partners by id, all screened as this side's records are. Duplicates held back are
 * skipped in the stage's log.
 */
export function matchStage(pass: PassParams): OperatorFunction<DecidedPage, MatchedPage> {
  return concatMap((page) => {
    const matches$ = page.unlinked.length === 0 ? of(new Map<string, MatchOutcome>()) : matchTargets(pass, page.unlinked, pass.pages.busyBefore(page.no));
    return matches$.pipe(
      concatMap((matches) => {
        const ids = linkedTargetIds(page.candidates, pass.target);
        const fetched$: Observable<Contact[]> = ids.length === 0 ? of([]) : pass.run.work.run((signal) => pass.run.connectors[pass.target].getMany(ids, signal));
        return fetched$.pipe(
          map((fetched): MatchedPage => {
            const log = new PageLog(page.stamp);
            const matched = pairUp(page.candidates, matches, fetched, pass.target, pass.run.config.match.defaultCountry, pass.run.connectors[pass.target].app.name, log);
            return { ...page, matched, logs: [...page.logs, log] };
          }),
        );
      }),
    );
  });
}

/** The other side's ids of the linked candidates. Pure. */
function linkedTargetIds(candidates: readonly Candidate[], target: Side): string[] {
  const out: string[] = [];
  for (const c of candidates) if (c.link) out.push(target === 'a' ? c.link.aId : c.link.bId);
  return out;
}

/**
 * Each candidate with its partner: the record it matched (a create becomes an update), or its
 * linked record as fetched (`fetched`), screened as this side's records are so that a phone there
 * that is not a phone number is not copied here, and link hashes are of screened records on both
 * sides. A create held back as a duplicate is skipped in `log`; the other records a create matched
 * are marked duplicates on their side. Pure but for `log`.
 */
export function pairUp(
  candidates: readonly Candidate[],
  matches: ReadonlyMap<string, MatchOutcome>,
  fetched: readonly Contact[],
  target: Side,
  defaultCountry: string | undefined,
  targetApp: string,
  log: PageLog,
): Matched[] {
  const source: Side = target === 'a' ? 'b' : 'a';
  const byTid = new Map<string, Contact>();
  for (const c of fetched) byTid.set(c.id, c);
  const out: Matched[] = [];
  for (const c of candidates) {
    let kind = c.kind;
    let partner: Contact | undefined;
    if (c.link) partner = byTid.get(target === 'a' ? c.link.aId : c.link.bId);
    else if (c.kind === 'create') {
      const m = matches.get(c.raw.id);
      if (m?.kind === 'duplicate') {
        log.skipped(source, c.raw.id, m.reason, m.message, 'duplicate');
        continue;
      }
      if (m?.kind === 'matched') {
        kind = 'update';
        partner = m.target;
        for (const id of m.alsoMatched) log.status(target, id, 'duplicate', 'E_DUPLICATE_MATCH');
      }
    }
    let note = c.note;
    if (partner) {
      const screened = screenedOther(partner, defaultCountry);
      partner = screened.record;
      if (screened.note) note = `${note ? `${note}; ` : ''}in ${targetApp}: ${screened.note}`;
    }
    out.push({ record: c, kind, target: partner, note });
  }
  return out;
}
