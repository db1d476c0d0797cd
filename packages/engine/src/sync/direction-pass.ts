import type { Contact } from '@sluice/graph';
import { unionList, writeEntries } from '../mapping/field-value';
import { matchValue } from '../match/match-key';
import type { ContactWrite, ReadFailure } from '../ports/connector.port';
import type { Link, LinkStamp } from '../ports/links.port';
import type { Direction } from '../ports/scope.port';
import type { WriteIntent } from '../ports/write-intents.port';
import { contentHash } from './content-hash';
import { linkValues } from './link-values';
import { matchTargets, type Busy } from './match-targets';
import { orientPairs, sidesOf, type OrientedPair } from './oriented-pair';
import { PageHistory } from './page-history';
import { readAhead } from './read-ahead';
import { resolvePair } from './resolve-pair';
import { screenRecord } from './screen-record';
import { syncEverything } from './rule-decider';
import { TRASH_TAG, type SyncContext } from './sync-context';
import { planBatches } from './write-batches';
import { screenedOther, writeStage, type PageItem, type PageWritten } from './write-stage';



function toFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const path in fields) for (const [k, v] of writeEntries(path, fields[path])) out[k] = v;
  return out;
}

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

/** A source record as screening left it, with its content hash and what screening changed. */
interface Screened {
  raw: Contact;
  hash: string;
  note?: string;
}

/** A prepared page: its writes to run (which return its links and history being stored), and what they will claim. */
interface PreparedPage {
  /** Runs the writes; the page's history is stored once `historyAfter` has settled (see writeStage). */
  write(historyAfter?: Promise<unknown>): Promise<PageWritten>;
  /** Settles when the intents of the page's creates are stored (they are sent before write is called). */
  intentsStored: Promise<void>;
  busy: Busy;
}

/**
 * Stage 1 of a page (see runDirection): everything up to the writes, which it returns to be run
 * when the page before has written.
 */
async function preparePage(
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
  const { stores, scope, config } = ctx;
  const byId = new Map<string, Contact>();
  for (const r of records) byId.set(r.id, r);
  ctx.counts.read[source] += byId.size;
  const ids = [...byId.keys()];
  // The stamps' lookup runs on the database while this thread screens and hashes the page (neither
  // needs links).
  const stampsFound = stores.links.findStamps(scope, source, ids);
  stampsFound.catch(() => {}); // awaited below; a screening error thrown first must not leave it unobserved
  const screenedRecords: Screened[] = [];
  for (const original of byId.values()) {
    if (original.deleted) {
      screenedRecords.push({ raw: original, hash: contentHash(original, ctx.salt) });
      continue;
    }
    const screened = screenRecord(original, config.match.defaultCountry);
    if (!screened.ok) {
      history.failed(source, original.id, screened.code, screened.message);
      continue;
    }
    const entry: Screened = { raw: screened.record, hash: contentHash(screened.record, ctx.salt) };
    if (screened.note) entry.note = screened.note;
    screenedRecords.push(entry);
  }
  const sHashKey = source === 'a' ? 'aHash' : 'bHash';
  const stampOf = new Map<string, LinkStamp>();
  for (const l of await stampsFound) stampOf.set(source === 'a' ? l.aId : l.bId, l);
  const neverLinked = new Set<string>();
  for (const id of ids) if (!stampOf.has(id)) neverLinked.add(id);
  history.unlinked = neverLinked;
  // Whole links (their values) only for the records changed since Sluice last synced them: most of
  // what a sync reads is unchanged, its own writes read back above all.
  const changedIds: string[] = [];
  for (const { raw, hash } of screenedRecords) {
    const stamp = stampOf.get(raw.id);
    if (stamp && stamp[sHashKey] !== hash) changedIds.push(raw.id);
  }
  const linkOf = new Map<string, Link>();
  if (changedIds.length > 0) {
    const links = source === 'a' ? await stores.links.findByA(scope, changedIds) : await stores.links.findByB(scope, changedIds);
    for (const l of links) linkOf.set(source === 'a' ? l.aId : l.bId, l);
  }
  const tIdOf = (l: Link): string => (target === 'a' ? l.aId : l.bId);
  const decide = ctx.deciders[direction] ?? syncEverything;
  const firstKey = config.match.keys[0];

  const items: PageItem[] = [];
  const unlinked: Contact[] = [];
  for (const { raw, hash, note } of screenedRecords) {
    if (stampOf.get(raw.id)?.[sHashKey] === hash) {
      ctx.counts.skipped++; // unchanged since Sluice last read or wrote it: an echo, or nothing new
      continue;
    }
    const link = linkOf.get(raw.id);
    if (raw.deleted) {
      if (!config.options.syncDeletions) history.skipped(source, raw.id, 'deletion-not-synced');
      else if (!link) history.skipped(source, raw.id, 'deleted-unlinked');
      else if (link.trashed) history.skipped(source, raw.id, 'already-trashed');
      else items.push({ raw, hash, offered: raw, link, kind: 'trash' });
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
    if (link) items.push({ raw, hash, offered: verdict.record, link, kind: 'update', ...(note ? { note } : {}) });
    else if (config.options.avoidDuplicates && firstKey && matchValue(raw, firstKey, config.match.defaultCountry) === undefined) {
      history.skipped(source, raw.id, 'E_NO_MATCH_KEY', `no ${firstKey}: skipped to avoid a duplicate`, 'duplicate');
    } else {
      unlinked.push(raw);
      items.push({ raw, hash, offered: verdict.record, kind: 'create', ...(note ? { note } : {}) });
    }
  }

  if (unlinked.length > 0) {
    const matches = await matchTargets(ctx, direction, unlinked, busyBefore);
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
  const live = items.filter((i) => !i.dropped);

  const toFetch = live.filter((i) => i.link && !i.target).map((i) => tIdOf(i.link!));
  if (toFetch.length > 0) {
    const fetched = await ctx.connectors[target].getMany(toFetch, ctx.signal);
    const byTid = new Map(fetched.map((c) => [c.id, c]));
    for (const i of live) if (i.link && !i.target) i.target = byTid.get(tIdOf(i.link));
  }
  // The other side's records are screened as this side's are: a phone there that is not a phone
  // number is not copied here, and link hashes are of screened records on both sides.
  const targetApp = ctx.connectors[target].app.name;
  for (const i of live) {
    if (!i.target) continue;
    const out = screenedOther(i.target, config.match.defaultCountry);
    i.target = out.record;
    if (out.note) i.note = `${i.note ? `${i.note}; ` : ''}in ${targetApp}: ${out.note}`;
  }

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
      fallback: config.conflict.winner === source ? 'source' : 'target',
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

  // What this page will write, for the next page's matching while these writes are in flight.
  const busy: Busy = { targets: new Set(), values: new Map() };
  for (const key of config.match.keys) busy.values.set(key, new Set());
  for (const item of work) {
    if (item.target) busy.targets.add(item.target.id);
    for (const key of config.match.keys) {
      const v = matchValue(item.raw, key, config.match.defaultCountry);
      if (v !== undefined) busy.values.get(key)!.add(v);
    }
  }
  // The intents of the page's creates go to the database now, while the page before may still be writing.
  const targetBatches = planBatches(ctx, target, direction, targetWrites, pending, keyPrefix);
  const sourceBatches = planBatches(ctx, source, direction, sourceWrites, {}, keyPrefix);
  return {
    busy,
    intentsStored: Promise.all([targetBatches.intentsStored, sourceBatches.intentsStored]).then(() => undefined),
    write: (historyAfter) => writeStage(ctx, direction, pairs, history, work, targetBatches, sourceBatches, historyAfter),
  };
}
