import type { Contact } from '@sluice/graph';
import { unionList, writeEntries } from '../mapping/field-value';
import { matchValue } from '../match/match-key';
import type { ContactWrite, ReadFailure } from '../ports/connector.port';
import type { Link } from '../ports/links.port';
import type { Direction, Side } from '../ports/scope.port';
import type { WriteIntent } from '../ports/write-intents.port';
import { contentHash } from './content-hash';
import { linkValues } from './link-values';
import { matchTargets, type Busy, type MatchOutcome } from './match-targets';
import { sidesOf, type OrientedPair } from './oriented-pair';
import { PageHistory } from './page-history';
import { resolvePair } from './resolve-pair';
import { syncEverything } from './rule-decider';
import { screenRecord } from './screen-record';
import { TRASH_TAG, type SyncContext } from './sync-context';
import { planBatches } from './write-batches';
import { screenedOther, writeStage, type PageItem, type PageWritten } from './write-stage';

/*
 * Stage 1 of a page (see runDirection). The async function only sequences the page's round trips;
 * the work between them is done by the plain functions below it. Besides reading better, this keeps
 * V8's optimised code small: a page's records change shape from one pass to the next (no links in
 * an initial A → B pass, echoes in the sweep), and each change makes V8 throw away and recompile
 * the function it happens in. Recompiling the whole stage each time took about a second of a
 * 100,000-contact initial sync's CPU.
 */

/** A prepared page: its writes to run (which return its links and history being stored), and what they will claim. */
export interface PreparedPage {
  /** Runs the writes; the page's history is stored once `historyAfter` has settled (see writeStage). */
  write(historyAfter?: Promise<unknown>): Promise<PageWritten>;
  /** Settles when the intents of the page's creates are stored (they are sent before write is called). */
  intentsStored: Promise<void>;
  busy: Busy;
}

/** A source record as screening left it, with its content hash and what screening changed. */
interface Screened {
  raw: Contact;
  hash: string;
  note: string | undefined;
}

/** Everything up to the writes, which it returns to be run when the page before has written. */
export async function preparePage(
  ctx: SyncContext,
  direction: Direction,
  pairs: readonly OrientedPair[],
  records: readonly Contact[],
  keyPrefix: string,
  failures: readonly ReadFailure[] = [],
  busyBefore: readonly Busy[] = [],
): Promise<PreparedPage> {
  const { source, target } = sidesOf(direction);
  const history = new PageHistory(ctx, direction);
  // Records the app could not read: failed in history (with the app's message), the rest goes on.
  for (const f of failures) history.failed(source, f.ref, f.code, f.message);
  const { stores, scope } = ctx;
  const byId = new Map<string, Contact>();
  for (const r of records) byId.set(r.id, r);
  ctx.counts.read[source] += byId.size;
  const ids = [...byId.keys()];
  // The stamps' lookup runs on the database while this thread hashes the page.
  const stampsFound = stores.links.findStamps(scope, source, ids);
  stampsFound.catch(() => {}); // awaited below; a hashing error thrown first must not leave it unobserved
  const rawHashes = new Map<string, string>();
  for (const r of byId.values()) rawHashes.set(r.id, contentHash(r, ctx.salt));
  // Per linked record of the page: its hash as Sluice last synced it.
  const syncedHash = new Map<string, string>();
  for (const l of await stampsFound) {
    if (source === 'a') syncedHash.set(l.aId, l.aHash);
    else syncedHash.set(l.bId, l.bHash);
  }
  // A record whose hash is the one Sluice last synced is unchanged since: an echo of its own write,
  // or nothing new. Such a record passed screening as it is (link hashes are of screened records,
  // and screening a screened record changes nothing), so it is skipped before screening; most of
  // what a sync reads is such a record.
  const toScreen: Contact[] = [];
  for (const r of byId.values()) {
    if (syncedHash.get(r.id) === rawHashes.get(r.id)) ctx.counts.skipped++;
    else toScreen.push(r);
  }
  const screened = screenPage(ctx, source, toScreen, rawHashes, history);
  const neverLinked = new Set<string>();
  for (const id of ids) if (!syncedHash.has(id)) neverLinked.add(id);
  history.unlinked = neverLinked;
  // Whole links (their values) only for the records changed since Sluice last synced them: most of
  // what a sync reads is unchanged, its own writes read back above all.
  const changedIds = changedSince(screened, syncedHash);
  const linkOf = new Map<string, Link>();
  if (changedIds.length > 0) {
    const links = source === 'a' ? await stores.links.findByA(scope, changedIds) : await stores.links.findByB(scope, changedIds);
    for (const l of links) linkOf.set(source === 'a' ? l.aId : l.bId, l);
  }
  const { items, unlinked } = classify(ctx, direction, screened, syncedHash, linkOf, history);
  if (unlinked.length > 0) applyMatches(target, items, await matchTargets(ctx, direction, unlinked, busyBefore), history);
  const live = items.filter((i) => !i.dropped);

  const tIdOf = (l: Link): string => (target === 'a' ? l.aId : l.bId);
  const toFetch = live.filter((i) => i.link && !i.target).map((i) => tIdOf(i.link!));
  if (toFetch.length > 0) {
    const fetched = await ctx.connectors[target].getMany(toFetch, ctx.signal);
    const byTid = new Map(fetched.map((c) => [c.id, c]));
    for (const i of live) if (i.link && !i.target) i.target = byTid.get(tIdOf(i.link));
  }
  screenTargets(ctx, target, live);
  const planned = planWrites(ctx, direction, pairs, live, history);
  const busy = busyOf(ctx, planned.work);
  // The intents of the page's creates go to the database now, while the page before may still be writing.
  const targetBatches = planBatches(ctx, target, direction, planned.targetWrites, planned.pending, keyPrefix);
  const sourceBatches = planBatches(ctx, source, direction, planned.sourceWrites, {}, keyPrefix);
  return {
    busy,
    intentsStored: Promise.all([targetBatches.intentsStored, sourceBatches.intentsStored]).then(() => undefined),
    write: (historyAfter) => writeStage(ctx, direction, pairs, history, planned.work, targetBatches, sourceBatches, historyAfter),
  };
}

/**
 * Screens the page's records (`hashes`: their content hashes as read); those screening refuses are
 * failed in history. A record screening leaves as it is keeps its hash.
 */
function screenPage(ctx: SyncContext, source: Side, records: Iterable<Contact>, hashes: ReadonlyMap<string, string>, history: PageHistory): Screened[] {
  const out: Screened[] = [];
  for (const original of records) {
    if (original.deleted) {
      out.push({ raw: original, hash: hashes.get(original.id)!, note: undefined });
      continue;
    }
    const screened = screenRecord(original, ctx.config.match.defaultCountry);
    if (!screened.ok) {
      history.failed(source, original.id, screened.code, screened.message);
      continue;
    }
    const hash = screened.record === original ? hashes.get(original.id)! : contentHash(screened.record, ctx.salt);
    out.push({ raw: screened.record, hash, note: screened.note });
  }
  return out;
}

/** Ids of the linked records whose hash is not the one Sluice last synced. */
function changedSince(screened: readonly Screened[], syncedHash: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  for (const { raw, hash } of screened) {
    const synced = syncedHash.get(raw.id);
    if (synced !== undefined && synced !== hash) out.push(raw.id);
  }
  return out;
}

/** A page item with every member set, so that all of them share one shape. */
function pageItem(s: Screened, offered: Contact, kind: PageItem['kind'], link: Link | undefined): PageItem {
  return { raw: s.raw, hash: s.hash, offered, link, target: undefined, kind, resolution: undefined, dropped: false, note: s.note };
}

/**
 * Sorts the screened records into echoes (skipped), deletions, exclusions and items to update
 * (linked) or to create (unlinked; they are matched next), recording history for all but the items.
 */
function classify(
  ctx: SyncContext,
  direction: Direction,
  screened: readonly Screened[],
  syncedHash: ReadonlyMap<string, string>,
  linkOf: ReadonlyMap<string, Link>,
  history: PageHistory,
): { items: PageItem[]; unlinked: Contact[] } {
  const { source } = sidesOf(direction);
  const { config } = ctx;
  const decide = ctx.deciders[direction] ?? syncEverything;
  const firstKey = config.match.keys[0];
  const items: PageItem[] = [];
  const unlinked: Contact[] = [];
  for (const s of screened) {
    const { raw } = s;
    if (syncedHash.get(raw.id) === s.hash) {
      ctx.counts.skipped++; // unchanged since Sluice last read or wrote it: an echo, or nothing new
      continue;
    }
    const link = linkOf.get(raw.id);
    if (raw.deleted) {
      if (!config.options.syncDeletions) history.skipped(source, raw.id, 'deletion-not-synced');
      else if (!link) history.skipped(source, raw.id, 'deleted-unlinked');
      else if (link.trashed) history.skipped(source, raw.id, 'already-trashed');
      else items.push(pageItem(s, raw, 'trash', link));
      continue;
    }
    const verdict = decide(raw);
    if (verdict.error) {
      history.failed(source, raw.id, verdict.error.code, verdict.error.message);
      continue;
    }
    if (!verdict.sync) {
      ctx.counts.excluded++;
      const reason = verdict.excludedBy ? `excludedBy:${verdict.excludedBy}` : 'excluded';
      history.event({ sourceId: raw.id, outcome: 'excluded', reason, ...(verdict.reason ? { message: verdict.reason } : {}) });
      history.status(source, raw.id, 'excluded', reason);
      continue;
    }
    if (link) items.push(pageItem(s, verdict.record, 'update', link));
    else if (config.options.avoidDuplicates && firstKey && matchValue(raw, firstKey, config.match.defaultCountry) === undefined) {
      history.skipped(source, raw.id, 'E_NO_MATCH_KEY', `no ${firstKey}: skipped to avoid a duplicate`, 'duplicate');
    } else {
      unlinked.push(raw);
      items.push(pageItem(s, verdict.record, 'create', undefined));
    }
  }
  return { items, unlinked };
}

/** Turns creates that matched a record of the other app into updates of it; drops duplicates. */
function applyMatches(target: Side, items: readonly PageItem[], matches: ReadonlyMap<string, MatchOutcome>, history: PageHistory): void {
  const source: Side = target === 'a' ? 'b' : 'a';
  for (const item of items) {
    if (item.kind !== 'create') continue;
    const m = matches.get(item.raw.id);
    if (m?.kind === 'matched') {
      item.kind = 'update';
      item.target = m.target;
      for (const id of m.alsoMatched) history.status(target, id, 'duplicate', 'E_DUPLICATE_MATCH');
    } else if (m?.kind === 'duplicate') {
      item.dropped = true;
      history.skipped(source, item.raw.id, m.reason, m.message, 'duplicate');
    }
  }
}

/**
 * The other side's records are screened as this side's are: a phone there that is not a phone
 * number is not copied here, and link hashes are of screened records on both sides.
 */
function screenTargets(ctx: SyncContext, target: Side, live: readonly PageItem[]): void {
  const targetApp = ctx.connectors[target].app.name;
  for (const i of live) {
    if (!i.target) continue;
    const out = screenedOther(i.target, ctx.config.match.defaultCountry);
    i.target = out.record;
    if (out.note) i.note = `${i.note ? `${i.note}; ` : ''}in ${targetApp}: ${out.note}`;
  }
}

function toFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const path in fields) for (const [k, v] of writeEntries(path, fields[path])) out[k] = v;
  return out;
}

/** Resolves each item against its target and turns it into the writes to both apps (and the pending links of creates). */
function planWrites(
  ctx: SyncContext,
  direction: Direction,
  pairs: readonly OrientedPair[],
  live: readonly PageItem[],
  history: PageHistory,
): { work: PageItem[]; targetWrites: ContactWrite[]; sourceWrites: ContactWrite[]; pending: WriteIntent['pending'] } {
  const { source, target } = sidesOf(direction);
  const targetWrites: ContactWrite[] = [];
  const sourceWrites: ContactWrite[] = [];
  const pending: WriteIntent['pending'] = {};
  const work: PageItem[] = [];
  const canTag = ctx.catalogs[target].some((f) => f.path === 'tags');
  for (const item of live) {
    const ref = item.raw.id;
    if (item.kind !== 'create' && !item.target) {
      history.skipped(source, ref, 'E_TARGET_MISSING', 'the linked record is gone from the other app');
      continue;
    }
    if (item.kind === 'trash') {
      const tags = item.target!.tags;
      if (!canTag || tags.includes(TRASH_TAG)) {
        history.skipped(source, ref, canTag ? 'already-trashed' : 'E_NO_TAGS');
        continue;
      }
      targetWrites.push({ ref, id: item.target!.id, fields: { tags: unionList(tags, [TRASH_TAG]) } });
      work.push(item);
      continue;
    }
    const resolution = resolvePair({
      source: item.offered,
      sourceRaw: item.raw,
      ...(item.target ? { target: item.target } : {}),
      ...(item.link ? { link: item.link } : {}),
      pairs,
      sourceSide: source,
      fallback: ctx.config.conflict.winner === source ? 'source' : 'target',
    });
    item.resolution = resolution;
    if (item.kind === 'create') {
      if (Object.keys(resolution.targetFields).length === 0) {
        history.skipped(source, ref, 'E_NOTHING_TO_CREATE', 'no mapped field has a value');
        continue;
      }
      targetWrites.push({ ref, fields: toFields(resolution.targetFields) });
      pending[ref] = {
        sourceHash: item.hash,
        values: linkValues(direction, pairs, item.raw, (p) => resolution.targetFields[p]),
      };
    } else {
      if (Object.keys(resolution.targetFields).length > 0) {
        targetWrites.push({ ref, id: item.target!.id, fields: toFields(resolution.targetFields) });
      }
      if (Object.keys(resolution.sourceFields).length > 0) {
        sourceWrites.push({ ref, id: ref, fields: toFields(resolution.sourceFields) });
      }
    }
    work.push(item);
  }
  return { work, targetWrites, sourceWrites, pending };
}

/** What a page will write, for the next page's matching while these writes are in flight. */
function busyOf(ctx: SyncContext, work: readonly PageItem[]): Busy {
  const { keys, defaultCountry } = ctx.config.match;
  const busy: Busy = { targets: new Set(), values: new Map() };
  for (const key of keys) busy.values.set(key, new Set());
  for (const item of work) {
    if (item.target) busy.targets.add(item.target.id);
    for (const key of keys) {
      const v = matchValue(item.raw, key, defaultCountry);
      if (v !== undefined) busy.values.get(key)!.add(v);
    }
  }
  return busy;
}
