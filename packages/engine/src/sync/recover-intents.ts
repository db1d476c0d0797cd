import { normalizeEmail } from '@sluice/core';
import { concatMap, defer, from, map, of, type Observable } from 'rxjs';
import type { ContactWrite, WriteResult } from '../ports/connector.port';
import type { Link } from '../ports/links.port';
import type { WriteIntent } from '../ports/write-intents.port';
import { allSettledOrThrow } from './in-flight-work';
import { sidesOf } from './oriented-pair';
import { PageLog } from './page-log';
import type { Tally } from './run-counts';
import type { RunParams } from './run-params';

/**
 * Finishes batches a crashed run left in flight, one at a time, emitting what each counted. Each is
 * replayed with its own idempotency key; creates are first looked up by email in the app, and one
 * found unlinked turns into an update, so even an app that ignores idempotency keys gets nothing
 * twice. Records created get their link (with blank hashes, so the re-read page takes a fresh look
 * at them and stores the real ones).
 */
export function recoverIntents(run: RunParams): Observable<Tally> {
  return run.work.run(() => run.stores.intents.pending(run.scope)).pipe(
    concatMap((intents) => from(intents)),
    concatMap((intent) => replay(run, intent)),
  );
}

function replay(run: RunParams, intent: WriteIntent): Observable<Tally> {
  const connector = run.connectors[intent.side];
  const writes: ContactWrite[] = intent.writes.map((w) => ({ ...w, fields: { ...w.fields } }));
  return defer(() => (hasCreates(writes) ? findExisting(run, intent, writes) : of(writes))).pipe(
    concatMap((toSend) => run.work.run((signal) => connector.upsertBatch(toSend, intent.idempotencyKey, signal))),
    concatMap((results) => {
      const { log, links } = replayOutcomes(run, intent, results);
      return run.work
        .run(async () => {
          if (links.length > 0) await run.stores.links.upsertMany(run.scope, links);
          await allSettledOrThrow([
            log.events.length > 0 ? run.stores.events.insertMany(run.scope, log.events) : undefined,
            log.health.length > 0 ? run.stores.health.setMany(run.scope, log.health) : undefined,
          ]);
          await run.stores.intents.complete(run.scope, intent.idempotencyKey);
        })
        .pipe(map((): Tally => ({ counts: log.counts, errors: log.errors })));
    }),
  );
}

function hasCreates(writes: readonly ContactWrite[]): boolean {
  return writes.some((w) => !w.id && normalizeEmail(w.fields.email));
}

/** The intent's creates whose record the app already holds, unlinked, turned into updates of it. */
function findExisting(run: RunParams, intent: WriteIntent, writes: ContactWrite[]): Observable<ContactWrite[]> {
  const { scope, stores } = run;
  const connector = run.connectors[intent.side];
  const emails = [...new Set(writes.filter((w) => !w.id).map((w) => normalizeEmail(w.fields.email)).filter((e): e is string => !!e))];
  return run.work.run(async (signal) => {
    const found = await connector.findByKey('email', emails, signal);
    const candidates = [...found.values()].flat().filter((c) => !c.deleted);
    const ids = candidates.map((c) => c.id);
    const linked = new Set(
      (intent.side === 'a' ? await stores.links.findByA(scope, ids) : await stores.links.findByB(scope, ids)).map((l) => (intent.side === 'a' ? l.aId : l.bId)),
    );
    const byEmail = new Map<string, string>();
    for (const c of candidates) {
      const e = normalizeEmail(c.email);
      if (e && !linked.has(c.id) && !byEmail.has(e)) byEmail.set(e, c.id);
    }
    for (const w of writes) {
      const e = w.id ? undefined : normalizeEmail(w.fields.email);
      const existing = e ? byEmail.get(e) : undefined;
      if (existing) {
        w.id = existing;
        byEmail.delete(e!);
      }
    }
    return writes;
  });
}

/** The app's answers to a replayed batch: the links of what it created, and their history. Pure. */
function replayOutcomes(run: RunParams, intent: WriteIntent, results: readonly WriteResult[]): { log: PageLog; links: Link[] } {
  const { source, target } = sidesOf(intent.direction);
  const now = run.clock.now();
  const log = new PageLog({ runId: run.runId, direction: intent.direction, at: now, ...(run.graphVersion !== undefined ? { graphVersion: run.graphVersion } : {}) });
  const links: Link[] = [];
  const byRef = new Map(intent.writes.map((w) => [w.ref, w]));
  for (const r of results) {
    const original = byRef.get(r.ref);
    if (!original) continue;
    if (!r.ok) {
      log.failed(source, r.ref, r.code, r.message);
      continue;
    }
    if (original.id !== undefined || intent.side !== target) continue;
    const p = intent.pending[r.ref];
    const ab = intent.direction === 'aToB';
    links.push({ aId: ab ? r.ref : r.id, bId: ab ? r.id : r.ref, values: p?.values ?? {}, aHash: '', bHash: '', syncedAt: now });
    log.counts.created[target]++;
    log.event({ sourceId: r.ref, targetId: r.id, outcome: 'created', reason: 'replayed', message: 'finished a batch an interrupted run left in flight' });
  }
  return { log, links };
}
