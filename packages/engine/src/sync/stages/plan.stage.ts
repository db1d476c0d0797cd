import { map, type OperatorFunction } from 'rxjs';
import type { ConnectionConfig } from '../../config/connection-config.schema';
import { unionList, writeEntries } from '../../mapping/field-value';
import { matchValue } from '../../match/match-key';
import type { ContactWrite } from '../../ports/connector.port';
import type { WriteIntent } from '../../ports/write-intents.port';
import { allSettledOrThrow } from '../in-flight-work';
import { linkValues } from '../link-values';
import { PageLog } from '../page-log';
import type { PassParams } from '../pass-params';
import { resolvePair, type Resolution } from '../resolve-pair';
import { TRASH_TAG } from '../run-params';
import type { Busy } from './match-targets';
import type { Matched, MatchedPage } from './match.stage';
import { cutBatches, type PlannedBatches } from './write-batches';

/** What a page will write. */
export interface WritePlan {
  /** The records written (or compared and found in sync), in page order. */
  work: Matched[];
  /** Per item of `work`, how its fields were resolved (none for a deletion carried as a tag). */
  resolutions: (Resolution | undefined)[];
  targetWrites: ContactWrite[];
  sourceWrites: ContactWrite[];
  /** Per create (by source id): what its link will hold, for the intent. */
  pending: WriteIntent['pending'];
}

/** A page with its writes planned, cut into batches, and the intents of its creates on their way to the database. */
export interface PlannedPage extends MatchedPage {
  work: Matched[];
  resolutions: (Resolution | undefined)[];
  batches: { target: PlannedBatches; source: PlannedBatches };
  /** What the page's writes will link, for later pages' matching while they are in flight. */
  busy: Busy;
  /** Settles when the intents of the page's creates are stored; its batches are sent only after. */
  intentsStored: Promise<void>;
}

/**
 * Stage 4, plan writes: resolves each matched record field by field (`resolvePair`: conflicts,
 * never-blank, echoes), turns the results into the writes to both apps, cuts them into batches and
 * starts storing the intents of the batches that create: as soon as the writes are decided, while
 * the page before may still be writing. (An intent whose batch is never sent, because the run
 * stopped first, is replayed by the next run like one whose answer was lost: its creates were
 * decided, and the app sees its idempotency key for the first time.) Synchronous, so a page is
 * planned, and its claims known, before the next page is matched.
 */
export function planStage(pass: PassParams): OperatorFunction<MatchedPage, PlannedPage> {
  const { run, source, target, direction } = pass;
  return map((page) => {
    const log = new PageLog(page.stamp);
    const canTag = run.catalogs[target].some((f) => f.path === 'tags');
    const plan = planWrites(pass, page.matched, canTag, log);
    const now = run.clock.now();
    const common = { direction, runId: run.runId, now, keyPrefix: page.keyPrefix };
    const batches = {
      target: cutBatches(plan.targetWrites, { ...common, side: target, batchLimit: run.connectors[target].app.batchLimit, pending: plan.pending }),
      source: cutBatches(plan.sourceWrites, { ...common, side: source, batchLimit: run.connectors[source].app.batchLimit, pending: {} }),
    };
    const intents = [...batches.target.intents, ...batches.source.intents];
    // Every create batch's intent goes to the database at once (one round trip, not one per batch).
    const intentsStored =
      intents.length === 0 ? Promise.resolve() : run.work.start(() => allSettledOrThrow(intents.map((i) => run.stores.intents.add(run.scope, i))));
    const busy = busyOf(run.config, plan.work);
    pass.pages.claim(page.no, busy);
    return { ...page, work: plan.work, resolutions: plan.resolutions, batches, busy, intentsStored, logs: [...page.logs, log] };
  });
}

function toFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const path in fields) for (const [k, v] of writeEntries(path, fields[path])) out[k] = v;
  return out;
}

/**
 * Resolves each matched record against its partner and turns it into the writes to both apps (and
 * the pending links of creates); what is not written is skipped in `log`. Pure but for `log`.
 */
export function planWrites(pass: Pick<PassParams, 'run' | 'direction' | 'source' | 'pairs'>, matched: readonly Matched[], canTag: boolean, log: PageLog): WritePlan {
  const { run, direction, source, pairs } = pass;
  const target = source === 'a' ? 'b' : 'a';
  const create = run.config.options.create ?? 'both';
  const mayCreate = create === 'both' || create === target;
  const plan: WritePlan = { work: [], resolutions: [], targetWrites: [], sourceWrites: [], pending: {} };
  const fallback = run.config.conflict.winner === source ? 'source' : 'target';
  for (const m of matched) {
    const { raw } = m.record;
    const ref = raw.id;
    if (m.kind !== 'create' && !m.target) {
      log.skipped(source, ref, 'E_TARGET_MISSING', 'the linked record is gone from the other app');
      continue;
    }
    if (m.kind === 'trash') {
      const tags = m.target!.tags;
      if (!canTag || tags.includes(TRASH_TAG)) {
        log.skipped(source, ref, canTag ? 'already-trashed' : 'E_NO_TAGS');
        continue;
      }
      plan.targetWrites.push({ ref, id: m.target!.id, fields: { tags: unionList(tags, [TRASH_TAG]) } });
      plan.work.push(m);
      plan.resolutions.push(undefined);
      continue;
    }
    const resolution = resolvePair({
      source: m.record.offered,
      sourceRaw: raw,
      ...(m.target ? { target: m.target } : {}),
      ...(m.record.link ? { link: m.record.link } : {}),
      pairs,
      sourceSide: source,
      fallback,
    });
    if (m.kind === 'create') {
      if (!mayCreate) {
        log.skipped(source, ref, 'create-off', `no match in app ${target.toUpperCase()}, and this connection creates no new records there`);
        continue;
      }
      if (Object.keys(resolution.targetFields).length === 0) {
        log.skipped(source, ref, 'E_NOTHING_TO_CREATE', 'no mapped field has a value');
        continue;
      }
      plan.targetWrites.push({ ref, fields: toFields(resolution.targetFields) });
      plan.pending[ref] = { sourceHash: m.record.hash, values: linkValues(direction, pairs, raw, (p) => resolution.targetFields[p]) };
    } else {
      if (Object.keys(resolution.targetFields).length > 0) plan.targetWrites.push({ ref, id: m.target!.id, fields: toFields(resolution.targetFields) });
      if (Object.keys(resolution.sourceFields).length > 0) plan.sourceWrites.push({ ref, id: ref, fields: toFields(resolution.sourceFields) });
    }
    plan.work.push(m);
    plan.resolutions.push(resolution);
  }
  return plan;
}

/** What a page will write, for the next pages' matching while these writes are in flight. Pure. */
export function busyOf(config: ConnectionConfig, work: readonly Matched[]): Busy {
  const { keys, defaultCountry } = config.match;
  const busy: Busy = { targets: new Set(), values: new Map() };
  for (const key of keys) busy.values.set(key, new Set());
  for (const m of work) {
    if (m.target) busy.targets.add(m.target.id);
    for (const key of keys) {
      const v = matchValue(m.record.raw, key, defaultCountry);
      if (v !== undefined) busy.values.get(key)!.add(v);
    }
  }
  return busy;
}
