import { normalizeEmail } from '../match/match-key';
import type { ContactWrite } from '../ports/connector.port';
import type { Link } from '../ports/links.port';
import type { WriteIntent } from '../ports/write-intents.port';
import { sidesOf } from './oriented-pair';
import { PageHistory } from './page-history';
import type { SyncContext } from './sync-context';

/**
 * Finishes batches a crashed run left in flight. Each is replayed with its own idempotency key;
 * creates are first looked up by email in the app, and one found unlinked turns into an update, so
 * even an app that ignores idempotency keys gets nothing twice. Records created get their link
 * (with blank hashes, so the re-read page takes a fresh look at them and stores the real ones).
 */
export async function recoverIntents(ctx: SyncContext): Promise<number> {
  const intents = await ctx.stores.intents.pending(ctx.scope);
  for (const intent of intents) await replay(ctx, intent);
  return intents.length;
}

async function replay(ctx: SyncContext, intent: WriteIntent): Promise<void> {
  const { scope, stores } = ctx;
  const connector = ctx.connectors[intent.side];
  const { source, target } = sidesOf(intent.direction);
  const writes: ContactWrite[] = intent.writes.map((w) => ({ ...w, fields: { ...w.fields } }));
  const emails = [...new Set(writes.filter((w) => !w.id).map((w) => normalizeEmail(w.fields.email)).filter((e): e is string => !!e))];
  if (emails.length > 0) {
    const found = await connector.findByKey('email', emails, ctx.signal);
    const candidates = [...found.values()].flat().filter((c) => !c.deleted);
    const ids = candidates.map((c) => c.id);
    const linked = new Set(
      (intent.side === 'a' ? await stores.links.findByA(scope, ids) : await stores.links.findByB(scope, ids)).map((l) =>
        intent.side === 'a' ? l.aId : l.bId,
      ),
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
  }
  const results = await connector.upsertBatch(writes, intent.idempotencyKey, ctx.signal);
  const history = new PageHistory({ ...ctx }, intent.direction);
  const links: Link[] = [];
  const now = ctx.clock.now();
  const byRef = new Map(intent.writes.map((w) => [w.ref, w]));
  for (const r of results) {
    const original = byRef.get(r.ref);
    if (!original) continue;
    if (!r.ok) {
      history.failed(source, r.ref, r.code, r.message);
      continue;
    }
    if (original.id !== undefined || intent.side !== target) continue;
    const p = intent.pending[r.ref];
    const ab = intent.direction === 'aToB';
    links.push({ aId: ab ? r.ref : r.id, bId: ab ? r.id : r.ref, values: p?.values ?? {}, aHash: '', bHash: '', syncedAt: now });
    ctx.counts.created[target]++;
    history.event({ sourceId: r.ref, targetId: r.id, outcome: 'created', reason: 'replayed', message: 'finished a batch an interrupted run left in flight' });
  }
  if (links.length > 0) await stores.links.upsertMany(scope, links);
  await history.flush();
  await stores.intents.complete(scope, intent.idempotencyKey);
}
