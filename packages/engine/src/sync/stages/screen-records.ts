import type { Contact } from '@sluice/graph';
import type { ConnectionConfig } from '../../config/connection-config.schema';
import { matchValue } from '../../match/match-key';
import type { Link, LinkStamp } from '../../ports/links.port';
import type { Side } from '../../ports/scope.port';
import { contentHash } from '../content-hash';
import type { PageLog } from '../page-log';
import type { RuleDecider } from '../rule-decider';
import { screenRecord } from '../screen-record';

/*
 * The work of the screen-and-decide stage between its round trips, in plain functions: besides
 * reading better, this keeps V8's optimised code small. A page's records change shape from one pass
 * to the next (no links in an initial A → B pass, echoes in the sweep), and each change makes V8
 * throw away and recompile the function it happens in; recompiling one large function each time
 * took about a second of a 100,000-contact initial sync's CPU.
 */

/** A source record as screening left it, with its content hash and what screening changed. */
export interface Screened {
  raw: Contact;
  hash: string;
  note: string | undefined;
}

/** A record the page goes on with: an update of its linked partner, a create (matched next), or a deletion to carry. */
export interface Candidate {
  raw: Contact;
  /** Content hash of `raw`. */
  hash: string;
  /** After the rule actions: what is offered to the other app. */
  offered: Contact;
  link: Link | undefined;
  kind: 'update' | 'create' | 'trash';
  /** What screening changed in the record, for its history event. */
  note: string | undefined;
}

/** The page's records by id (a record listed twice counts once, as its last copy). Pure. */
export function distinctRecords(records: readonly Contact[]): Map<string, Contact> {
  const byId = new Map<string, Contact>();
  for (const r of records) byId.set(r.id, r);
  return byId;
}

/** Each record's content hash as read. Pure. */
export function hashRecords(records: Iterable<Contact>, salt: string): Map<string, string> {
  const hashes = new Map<string, string>();
  for (const r of records) hashes.set(r.id, contentHash(r, salt));
  return hashes;
}

/** Per linked record: its hash as Sluice last synced it (`side`: the records' side). Pure. */
export function syncedHashes(stamps: readonly LinkStamp[], side: Side): Map<string, string> {
  const out = new Map<string, string>();
  for (const l of stamps) {
    if (side === 'a') out.set(l.aId, l.aHash);
    else out.set(l.bId, l.bHash);
  }
  return out;
}

/**
 * The records worth screening: a record whose hash is the one Sluice last synced is unchanged
 * since (an echo of its own write, or nothing new) and is counted skipped. Such a record passed
 * screening as it is (link hashes are of screened records, and screening a screened record changes
 * nothing), so it is skipped before screening; most of what a sync reads is such a record.
 */
export function skipUnchanged(records: Iterable<Contact>, hashes: ReadonlyMap<string, string>, syncedHash: ReadonlyMap<string, string>, log: PageLog): Contact[] {
  const out: Contact[] = [];
  for (const r of records) {
    if (syncedHash.get(r.id) === hashes.get(r.id)) log.counts.skipped++;
    else out.push(r);
  }
  return out;
}

/**
 * Screens records (`hashes`: their content hashes as read); those screening refuses are failed in
 * `log`. A record screening leaves as it is keeps its hash.
 */
export function screenRecords(
  source: Side,
  records: readonly Contact[],
  hashes: ReadonlyMap<string, string>,
  defaultCountry: string | undefined,
  salt: string,
  log: PageLog,
): Screened[] {
  const out: Screened[] = [];
  for (const original of records) {
    if (original.deleted) {
      out.push({ raw: original, hash: hashes.get(original.id)!, note: undefined });
      continue;
    }
    const screened = screenRecord(original, defaultCountry);
    if (!screened.ok) {
      log.failed(source, original.id, screened.code, screened.message);
      continue;
    }
    const hash = screened.record === original ? hashes.get(original.id)! : contentHash(screened.record, salt);
    out.push({ raw: screened.record, hash, note: screened.note });
  }
  return out;
}

/**
 * A record last changed before `since` (epoch ms): outside a first sync's scope. A record without
 * a readable date is taken up (screening has already refused dates that are not dates). Pure.
 */
function changedBefore(record: Contact, since: number): boolean {
  const at = Date.parse(record.updatedAt);
  return !Number.isNaN(at) && at < since;
}

/** Ids of the linked records whose hash is not the one Sluice last synced. Pure. */
export function changedSince(screened: readonly Screened[], syncedHash: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  for (const { raw, hash } of screened) {
    const synced = syncedHash.get(raw.id);
    if (synced !== undefined && synced !== hash) out.push(raw.id);
  }
  return out;
}

/** A candidate with every member set, so that all of them share one shape. */
function candidate(s: Screened, offered: Contact, kind: Candidate['kind'], link: Link | undefined): Candidate {
  return { raw: s.raw, hash: s.hash, offered, link, kind, note: s.note };
}

/**
 * Sorts screened records into echoes (skipped), deletions, exclusions (the rule graph's `decide`)
 * and candidates to update (linked) or to create (unlinked: matched next), recording in `log` what
 * happened to all but the candidates.
 */
export function decideRecords(
  source: Side,
  config: ConnectionConfig,
  decide: RuleDecider,
  screened: readonly Screened[],
  syncedHash: ReadonlyMap<string, string>,
  linkOf: ReadonlyMap<string, Link>,
  log: PageLog,
): { candidates: Candidate[]; unlinked: Contact[] } {
  const firstKey = config.match.keys[0];
  const since = config.options.scope?.since;
  const before = since === undefined ? undefined : Date.parse(since);
  const candidates: Candidate[] = [];
  const unlinked: Contact[] = [];
  for (const s of screened) {
    const { raw } = s;
    if (syncedHash.get(raw.id) === s.hash) {
      log.counts.skipped++; // unchanged since Sluice last read or wrote it: an echo, or nothing new
      continue;
    }
    const link = linkOf.get(raw.id);
    if (raw.deleted) {
      if (!config.options.syncDeletions) log.skipped(source, raw.id, 'deletion-not-synced');
      else if (!link) log.skipped(source, raw.id, 'deleted-unlinked');
      else if (link.trashed) log.skipped(source, raw.id, 'already-trashed');
      else candidates.push(candidate(s, raw, 'trash', link));
      continue;
    }
    if (!link && before !== undefined && changedBefore(raw, before)) {
      log.skipped(source, raw.id, 'before-scope', `last changed before ${config.options.scope!.since}, where this connection's sync starts`);
      continue;
    }
    const verdict = decide(raw);
    if (verdict.error) {
      log.failed(source, raw.id, verdict.error.code, verdict.error.message);
      continue;
    }
    if (!verdict.sync) {
      log.counts.excluded++;
      const reason = verdict.excludedBy ? `excludedBy:${verdict.excludedBy}` : 'excluded';
      log.event({ sourceId: raw.id, outcome: 'excluded', reason, ...(verdict.reason ? { message: verdict.reason } : {}) });
      log.status(source, raw.id, 'excluded', reason);
      continue;
    }
    if (link) candidates.push(candidate(s, verdict.record, 'update', link));
    else if (config.options.avoidDuplicates && firstKey && matchValue(raw, firstKey, config.match.defaultCountry) === undefined) {
      log.skipped(source, raw.id, 'E_NO_MATCH_KEY', `no ${firstKey}: skipped to avoid a duplicate`, 'duplicate');
    } else {
      unlinked.push(raw);
      candidates.push(candidate(s, verdict.record, 'create', undefined));
    }
  }
  return { candidates, unlinked };
}
