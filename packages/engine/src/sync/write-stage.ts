import type { Contact } from '@sluice/graph';
import type { Link } from '../ports/links.port';
import type { Direction } from '../ports/scope.port';
import { buildLink } from './link-values';
import { sidesOf, type OrientedPair } from './oriented-pair';
import type { PageHistory } from './page-history';
import type { Resolution } from './resolve-pair';
import { screenRecord } from './screen-record';
import type { SyncContext } from './sync-context';
import { sendBatches, type BatchOutcome, type PlannedBatches } from './write-batches';

/** One source record on its way through a page (see prepare-page.ts and direction-pass.ts). */
export interface PageItem {
  raw: Contact;
  /** Content hash of `raw`. */
  hash: string;
  /** After the rule actions. */
  offered: Contact;
  link?: Link;
  target?: Contact;
  kind: 'update' | 'create' | 'trash';
  resolution?: Resolution;
  /** Held back during matching (a duplicate): already recorded in history. */
  dropped?: boolean;
  /** What screening changed in the record (control characters, Unicode form), for its history event. */
  note?: string;
}

/**
 * A record of the other side (or an app's answer) as screening leaves it, with what screening
 * changed; as it is when screening refuses it or it is deleted (it is not this side's to refuse).
 */
export function screenedOther(record: Contact, defaultCountry: string | undefined): { record: Contact; note?: string } {
  if (record.deleted) return { record };
  const out = screenRecord(record, defaultCountry);
  if (!out.ok) return { record };
  return out.note ? { record: out.record, note: out.note } : { record: out.record };
}

/** What stage 2 leaves once the apps have answered: the page's links and history being stored. */
export interface PageWritten {
  /** Settles when the page's links are stored. */
  linked: Promise<void>;
  /** Settles when the page's links and then its history are stored. */
  stored: Promise<void>;
  /** Completes the page's write intents: only once `stored` has settled. */
  complete(): Promise<void>;
}

/**
 * Stage 2 of a page: the writes (behind their intents); as soon as the apps have answered, it
 * starts storing the page's links, then its history (after `historyAfter` has settled), and returns.
 */
export async function writeStage(
  ctx: SyncContext,
  direction: Direction,
  pairs: readonly OrientedPair[],
  history: PageHistory,
  work: PageItem[],
  targetBatches: PlannedBatches,
  sourceBatches: PlannedBatches,
  historyAfter: Promise<unknown> = Promise.resolve(),
): Promise<PageWritten> {
  const { stores, scope } = ctx;
  // The two apps are written at the same time: the target gets creates and updates, the source
  // (two-way) only updates; neither write depends on the other's answer.
  const [tOut, sOut] = await Promise.all([sendBatches(ctx, targetBatches), sendBatches(ctx, sourceBatches)]);
  const { newLinks, fresh } = settleItems(ctx, direction, pairs, history, work, tOut, sOut);
  const linked = newLinks.length > 0 ? stores.links.upsertMany(scope, newLinks, { fresh }) : Promise.resolve();
  // The history goes to the database as soon as the links are in, whatever the pages before are
  // still storing (only cursors need to be stored in page order, see runDirection), except after
  // `historyAfter`: the history of earlier pages holding one of this page's records, so a record's
  // latest status is the one stored last.
  const stored = Promise.all([linked, historyAfter.catch(() => {})]).then(() => history.flush());
  // Both are awaited by the pass (a later page that needs these links, and the page's settle).
  linked.catch(() => {});
  stored.catch(() => {});
  const intentKeys = [...tOut.intentKeys, ...sOut.intentKeys];
  return {
    linked,
    stored,
    complete: async () => {
      await Promise.all(intentKeys.map((key) => stores.intents.complete(scope, key)));
    },
  };
}

/**
 * The apps' answers for a page's items turned into the links to store and the history to record
 * (counts included). (A plain function rather than part of `writeStage`: see prepare-page.ts.)
 */
function settleItems(
  ctx: SyncContext,
  direction: Direction,
  pairs: readonly OrientedPair[],
  history: PageHistory,
  work: readonly PageItem[],
  tOut: BatchOutcome,
  sOut: BatchOutcome,
): { newLinks: Link[]; fresh: Set<string> } {
  const { source, target } = sidesOf(direction);
  const sHashKey = source === 'a' ? 'aHash' : 'bHash';
  const newLinks: Link[] = [];
  const fresh = new Set<string>();
  const now = ctx.clock.now();
  for (const item of work) {
    const ref = item.raw.id;
    const tRes = tOut.results.get(ref);
    const sRes = sOut.results.get(ref);
    const bad = tRes && !tRes.ok ? tRes : sRes && !sRes.ok ? sRes : undefined;
    if (bad && !bad.ok) {
      history.failed(source, ref, bad.code, bad.message, item.target?.id);
      continue;
    }
    const tRec = tRes?.ok ? screenedOther(tRes.record, ctx.config.match.defaultCountry).record : item.target;
    const sRec = sRes?.ok ? screenedOther(sRes.record, ctx.config.match.defaultCountry).record : item.raw;
    if (!tRec) {
      history.failed(source, ref, 'E_NO_WRITE_RESULT', 'the app did not answer for this record');
      continue;
    }
    if (item.kind === 'trash') {
      newLinks.push({ ...item.link!, [sHashKey]: item.hash, trashed: source, syncedAt: now });
      ctx.counts.trashed++;
      ctx.counts.updated[target]++;
      history.event({ sourceId: ref, targetId: tRec.id, outcome: 'updated', reason: 'deleted', changes: [{ path: 'tags', before: item.target!.tags, after: tRec.tags }] });
      continue;
    }
    const res = item.resolution!;
    const link = buildLink(direction, pairs, sRec, tRec, ctx.salt, now, item.link?.trashed, sRes?.ok ? undefined : item.hash);
    newLinks.push(link);
    // Unlinked until now, and matched only to a target no link held: the store may insert it directly.
    if (!item.link) fresh.add(link.aId);
    // The source side only: the partner's status follows when its own app's changes are read.
    history.status(source, ref, 'inSync');
    // One event object per record, filled in place (this loop runs for every record written).
    const event: Parameters<PageHistory['event']>[0] = { sourceId: ref, targetId: tRec.id, outcome: 'created' };
    if (res.sourceChanges.length > 0) {
      const changes = res.targetChanges.slice();
      for (const c of res.sourceChanges) changes.push({ ...c, side: source });
      event.changes = changes;
    } else if (res.targetChanges.length > 0) event.changes = res.targetChanges;
    if (res.conflicts.length > 0) event.conflicts = res.conflicts;
    if (item.note) event.message = item.note;
    if (item.kind === 'create') {
      ctx.counts.created[target]++;
      history.event(event);
      continue;
    }
    if (tRes) ctx.counts.updated[target]++;
    if (sRes) ctx.counts.updated[source]++;
    if (res.conflicts.length > 0) {
      ctx.counts.conflicts++;
      event.outcome = 'conflict';
      event.reason = 'E_CONFLICT';
    } else if (tRes || sRes) event.outcome = 'updated';
    else {
      ctx.counts.skipped++;
      event.outcome = 'skipped';
      event.reason = item.link ? 'no-change' : 'matched-in-sync';
    }
    history.event(event);
  }
  return { newLinks, fresh };
}
