import type { Contact } from '@sluice/graph';
import { concatMap, defer, from, map, of, toArray, type Observable } from 'rxjs';
import type { ConnectionConfig } from '../../config/connection-config.schema';
import { matchValue } from '../../match/match-key';
import type { MatchKey } from '../../ports/connector.port';
import type { PassParams } from '../pass-params';

/** For one unlinked source record: the target it matched, or that it is new, or why it is held back. */
export type MatchOutcome =
  | { kind: 'matched'; target: Contact; key: MatchKey; alsoMatched: string[] }
  | { kind: 'create' }
  | { kind: 'duplicate'; reason: 'E_ALREADY_LINKED' | 'E_DUPLICATE_IN_SOURCE'; message: string };

/**
 * What a page whose writes or links are still in flight will have linked once they land: the
 * targets it matched, and the match values of the records it writes (per key). A later page,
 * matched meanwhile, treats them as linked, as it would find them once that page's links are stored.
 */
export interface Busy {
  targets: Set<string>;
  values: Map<MatchKey, Set<string>>;
}

/**
 * Matches a page of unlinked source records in the target app by the match keys in order: one
 * `findByKey` call per key and one link lookup for the whole page. A target already linked to
 * another record, claimed earlier in the page, or about to be linked by an earlier page (`busy`)
 * is not matched twice.
 */
export function matchTargets(pass: PassParams, records: readonly Contact[], busy: readonly Busy[]): Observable<Map<string, MatchOutcome>> {
  const { run, target } = pass;
  const { keys, defaultCountry } = run.config.match;
  return defer(() => {
    const candidateIds = new Set<string>();
    return from(keys).pipe(
      concatMap((key) => {
        const values = matchValues(records, key, defaultCountry);
        if (values.size === 0) return of([key, new Map<string, Contact[]>()] as const);
        return run.work
          .run((signal) => run.connectors[target].findByKey(key, [...values], signal))
          .pipe(map((found) => [key, candidatesByValue(found, key, defaultCountry, values, candidateIds)] as const));
      }),
      toArray(),
      concatMap((entries) => {
        const index = new Map(entries);
        if (candidateIds.size === 0) return of(decideMatches(run.config, records, index, new Set(), busy));
        return run.work
          .run(() => run.stores.links.findStamps(run.scope, target, [...candidateIds]))
          .pipe(map((stamps) => decideMatches(run.config, records, index, linkedOf(stamps, target, candidateIds, busy), busy)));
      }),
    );
  });
}

/** The candidates linked already, or about to be (busy). */
function linkedOf(stamps: readonly { aId: string; bId: string }[], side: 'a' | 'b', candidateIds: ReadonlySet<string>, busy: readonly Busy[]): Set<string> {
  const linked = new Set<string>();
  for (const l of stamps) linked.add(side === 'b' ? l.bId : l.aId);
  for (const b of busy) for (const id of candidateIds) if (b.targets.has(id)) linked.add(id);
  return linked;
}

/** The distinct match values of `records` for `key`. Pure. */
function matchValues(records: readonly Contact[], key: MatchKey, defaultCountry: string | undefined): Set<string> {
  const values = new Set<string>();
  for (const r of records) {
    const v = matchValue(r, key, defaultCountry);
    if (v !== undefined) values.add(v);
  }
  return values;
}

/**
 * The live records an app found for `key`, by match value (only the values asked for), each value's
 * records in id order; their ids are added to `candidateIds`.
 */
function candidatesByValue(
  found: ReadonlyMap<string, Contact[]>,
  key: MatchKey,
  defaultCountry: string | undefined,
  values: ReadonlySet<string>,
  candidateIds: Set<string>,
): Map<string, Contact[]> {
  const byValue = new Map<string, Contact[]>();
  const seen = new Set<string>();
  for (const list of found.values()) {
    for (const c of list) {
      if (c.deleted || seen.has(c.id)) continue;
      seen.add(c.id);
      const v = matchValue(c, key, defaultCountry);
      if (v === undefined || !values.has(v)) continue;
      const bucket = byValue.get(v) ?? [];
      bucket.push(c);
      byValue.set(v, bucket);
      candidateIds.add(c.id);
    }
  }
  for (const bucket of byValue.values()) bucket.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  return byValue;
}

/** Each record's outcome, in page order, given the candidates per key and which of them are taken. Pure. */
export function decideMatches(
  config: ConnectionConfig,
  records: readonly Contact[],
  index: ReadonlyMap<MatchKey, Map<string, Contact[]>>,
  linked: ReadonlySet<string>,
  busy: readonly Busy[],
): Map<string, MatchOutcome> {
  const { keys, defaultCountry } = config.match;
  const avoid = config.options.avoidDuplicates;
  const claimed = new Set<string>();
  const creating = new Set<string>();
  const out = new Map<string, MatchOutcome>();
  for (const r of records) {
    let outcome: MatchOutcome | undefined;
    let taken = false;
    for (const key of keys) {
      const v = matchValue(r, key, defaultCountry);
      if (v !== undefined && busy.some((b) => b.values.get(key)?.has(v))) {
        // A page before is writing a record with this value: once it lands, it is linked.
        taken = true;
        continue;
      }
      const cands = v === undefined ? undefined : index.get(key)?.get(v);
      if (!cands || cands.length === 0) continue;
      const free = cands.filter((c) => !linked.has(c.id) && !claimed.has(c.id));
      if (free.length === 0) {
        taken = true;
        continue;
      }
      const [first, ...rest] = free as [Contact, ...Contact[]];
      claimed.add(first.id);
      outcome = { kind: 'matched', target: first, key, alsoMatched: rest.map((c) => c.id) };
      break;
    }
    if (!outcome) {
      const firstKey = keys[0] ? matchValue(r, keys[0], defaultCountry) : undefined;
      if (taken && avoid) {
        outcome = { kind: 'duplicate', reason: 'E_ALREADY_LINKED', message: 'its match in the other app is already linked to another record' };
      } else if (avoid && firstKey !== undefined && creating.has(firstKey)) {
        outcome = { kind: 'duplicate', reason: 'E_DUPLICATE_IN_SOURCE', message: `another record with ${keys[0]} "${firstKey}" is being created` };
      } else {
        if (firstKey !== undefined) creating.add(firstKey);
        outcome = { kind: 'create' };
      }
    }
    out.set(r.id, outcome);
  }
  return out;
}
