import type { Contact } from '@sluice/graph';
import { readField } from '../mapping/field-value';
import type { Link } from '../ports/links.port';
import type { Direction } from '../ports/scope.port';
import { contentHash } from './content-hash';
import type { OrientedPair } from './oriented-pair';

/** The values of every synced field on both records, keyed `a:path` / `b:path` (the pairs' `sKey`/`tKey`, already oriented for `direction`). Pure. */
export function linkValues(
  direction: Direction,
  pairs: readonly OrientedPair[],
  source: Contact,
  readTarget: (path: string) => unknown,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const p of pairs) {
    const sv = readField(source, p.s);
    if (sv !== undefined) values[p.sKey] = sv;
    const tv = readTarget(p.t);
    if (tv !== undefined) values[p.tKey] = tv;
  }
  return values;
}

/** The link a direction leaves after syncing `source` with `target`. Pure. */
export function buildLink(
  direction: Direction,
  pairs: readonly OrientedPair[],
  source: Contact,
  target: Contact,
  salt: string,
  now: number,
  trashed?: Link['trashed'],
  /** The source's hash when already known (the record was not written back). */
  knownSourceHash?: string,
): Link {
  const sHash = knownSourceHash ?? contentHash(source, salt);
  const tHash = contentHash(target, salt);
  const ab = direction === 'aToB';
  const link: Link = {
    aId: ab ? source.id : target.id,
    bId: ab ? target.id : source.id,
    values: linkValues(direction, pairs, source, (path) => readField(target, path)),
    aHash: ab ? sHash : tHash,
    bHash: ab ? tHash : sHash,
    syncedAt: now,
  };
  if (trashed) link.trashed = trashed;
  return link;
}
