import type { ConnectionScope } from '@sluice/engine';
import type { ConnectionRecord } from '@sluice/store';
import { z } from 'zod';
import { audit, authorOf, connectionTarget } from '../audit/audit.recorder';
import type { ApiContext } from '../context';
import { changesBetween } from '../versions/version-changes';
import { adminProcedure, editorProcedure, viewerProcedure, router } from '../trpc';
import { forgetConnection, getConnection, loadConnection } from '@sluice/runtime';
import { connectionDraftSchema, connectionIdSchema, connectionPatchSchema } from './connection.input';
import { checkApps, parseDraft, reloadAfterSave, saveRules, settingsOf } from './connection.writer';

type AuthedCtx = ApiContext & { user: NonNullable<ApiContext['user']> };

/** What lists and screens show of a connection (settings hold no secrets: credentials are ids). */
async function summary(ctx: AuthedCtx, record: ConnectionRecord) {
  const scope: ConnectionScope = { workspaceId: record.workspaceId, connectionId: record.id };
  const [lastRun] = await ctx.db.runs.list(scope, { limit: 1 });
  const snapshot = await ctx.db.snapshots.load(scope);
  const machine = snapshot?.snapshot as { context?: { lastError?: { code: string; message: string } } } | undefined;
  return {
    id: record.id,
    name: record.name,
    status: record.status,
    /** The connection machine's state (`live.idle`, `needsReauth`, …); `scheduled` until a worker takes it. */
    state: snapshot?.state ?? (record.status === 'active' ? 'scheduled' : record.status),
    /** Why it is in backoff, needsReauth or invalid (the machine's last error), else null. */
    stateError: snapshot && /backoff|Backoff|needsReauth|invalid/.test(snapshot.state) ? (machine?.context?.lastError ?? null) : null,
    version: record.version,
    apps: { a: record.settings.apps.a.connector, b: record.settings.apps.b.connector },
    mode: record.settings.mode,
    graphs: record.graphs,
    lastRun: lastRun ?? null,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

const scopeOf = (ctx: AuthedCtx, id: string): ConnectionScope => ({ workspaceId: ctx.user.workspaceId, connectionId: id });

/** Audits a manual action on a connection: `acted(ctx, record, 'paused', 'Paused')` logs "Paused the connection “CRM”." */
const acted = (ctx: AuthedCtx, record: ConnectionRecord, action: string, verb: string, rest = '') =>
  audit(ctx, { action: `connection.${action}`, target: connectionTarget(record), summary: `${verb} the connection “${record.name}”${rest}.` });

/** Connections: created from the quickstart's choices, updated, started, paused, resumed, deleted, watched. */
export const connectionsRouter = router({
  list: viewerProcedure.query(async ({ ctx }) => {
    const records = await ctx.db.connections.list(ctx.user.workspaceId);
    return Promise.all(records.map((r) => summary(ctx, r)));
  }),

  /** One connection with its full configuration (rules at the versions it runs). */
  get: viewerProcedure.input(connectionIdSchema).query(async ({ ctx, input }) => {
    const { record, config } = await loadConnection(ctx.db, ctx.user.workspaceId, input.id);
    return { ...(await summary(ctx, record)), config };
  }),

  create: editorProcedure.input(connectionDraftSchema.strict()).mutation(async ({ ctx, input }) => {
    const config = parseDraft(input);
    await checkApps(ctx, config.apps);
    const graphs = await saveRules(ctx, {}, config.rules);
    const record = await ctx.db.connections.create(ctx.user.workspaceId, { settings: settingsOf(config), graphs, now: ctx.now(), author: authorOf(ctx) });
    const appName = (id: string) => ctx.connectors.get(id)?.app.name ?? id;
    const apps = `${appName(config.apps.a.connector)} ${config.mode === 'two-way' ? '⇄' : config.mode === 'a-to-b' ? '→' : '←'} ${appName(config.apps.b.connector)}`;
    await audit(ctx, { action: 'connection.created', target: connectionTarget(record), summary: `Created the connection “${record.name}” (${apps}).`, details: { version: record.version } });
    return summary(ctx, record);
  }),

  update: editorProcedure.input(connectionPatchSchema).mutation(async ({ ctx, input }) => {
    forgetConnection(ctx.user.workspaceId, input.id);
    const { record, config: current } = await loadConnection(ctx.db, ctx.user.workspaceId, input.id);
    const { rules, ...rest } = input.patch;
    const config = parseDraft({ ...settingsOf(current), ...rest, rules: {} } as never);
    await checkApps(ctx, config.apps);
    const graphs = rules ? await saveRules(ctx, record.graphs, rules) : record.graphs;
    const updated = await ctx.db.connections.update(ctx.user.workspaceId, input.id, {
      settings: settingsOf(config),
      graphs,
      now: ctx.now(),
      author: authorOf(ctx),
      ...(input.expectedVersion !== undefined ? { expectedVersion: input.expectedVersion } : {}),
    });
    await reloadAfterSave(ctx, updated);
    const changes = await changesBetween(ctx, ctx.user.workspaceId, record, updated);
    await audit(ctx, {
      action: 'connection.updated',
      target: connectionTarget(updated),
      summary: `Changed the connection “${updated.name}” (version ${updated.version}).`,
      details: { version: updated.version, changes },
    });
    return summary(ctx, updated);
  }),

  start: editorProcedure.input(connectionIdSchema).mutation(async ({ ctx, input }) => {
    await loadConnection(ctx.db, ctx.user.workspaceId, input.id); // refuses a configuration that cannot run
    await ctx.db.connections.setStatus(ctx.user.workspaceId, input.id, 'active');
    await ctx.engine.send(scopeOf(ctx, input.id), 'start');
    const record = await getConnection(ctx.db, ctx.user.workspaceId, input.id);
    await acted(ctx, record, 'started', 'Started syncing');
    return summary(ctx, record);
  }),

  pause: editorProcedure.input(connectionIdSchema).mutation(async ({ ctx, input }) => {
    await getConnection(ctx.db, ctx.user.workspaceId, input.id);
    await ctx.db.connections.setStatus(ctx.user.workspaceId, input.id, 'paused');
    await ctx.engine.send(scopeOf(ctx, input.id), 'pause');
    const record = await getConnection(ctx.db, ctx.user.workspaceId, input.id);
    await acted(ctx, record, 'paused', 'Paused');
    return summary(ctx, record);
  }),

  resume: editorProcedure.input(connectionIdSchema).mutation(async ({ ctx, input }) => {
    const record = await getConnection(ctx.db, ctx.user.workspaceId, input.id);
    await ctx.db.connections.setStatus(ctx.user.workspaceId, input.id, record.status === 'draft' ? 'draft' : 'active');
    if (record.status !== 'draft') await ctx.engine.send(scopeOf(ctx, input.id), 'resume');
    const resumed = await getConnection(ctx.db, ctx.user.workspaceId, input.id);
    await acted(ctx, resumed, 'resumed', 'Resumed');
    return summary(ctx, resumed);
  }),

  /** Runs it now instead of at the next scheduled time. */
  syncNow: editorProcedure.input(connectionIdSchema).mutation(async ({ ctx, input }) => {
    const record = await getConnection(ctx.db, ctx.user.workspaceId, input.id);
    if (record.status === 'active') await ctx.engine.send(scopeOf(ctx, input.id), 'syncNow');
    if (record.status === 'active') await acted(ctx, record, 'syncNow', 'Synced', ' now (out of schedule)');
    return { queued: record.status === 'active' };
  }),

  delete: adminProcedure.input(connectionIdSchema).mutation(async ({ ctx, input }) => {
    forgetConnection(ctx.user.workspaceId, input.id);
    const record = await getConnection(ctx.db, ctx.user.workspaceId, input.id);
    await ctx.db.connections.setStatus(ctx.user.workspaceId, input.id, 'paused');
    await ctx.engine.send(scopeOf(ctx, input.id), 'pause');
    await ctx.db.connections.remove(ctx.user.workspaceId, input.id);
    await ctx.db.checkpoints.clear(scopeOf(ctx, input.id));
    await ctx.db.snapshots.remove(scopeOf(ctx, input.id));
    for (const pointer of Object.values(record.graphs)) if (pointer) await ctx.db.graphs.remove(ctx.user.workspaceId, pointer.graphId);
    await acted(ctx, record, 'deleted', 'Deleted');
    return { deleted: true };
  }),

  /** Where it stands: status, worker state, last run, health counts, link count, lease holder. */
  status: viewerProcedure.input(connectionIdSchema).query(async ({ ctx, input }) => {
    const record = await getConnection(ctx.db, ctx.user.workspaceId, input.id);
    const scope = scopeOf(ctx, input.id);
    const [base, health, links, lease] = await Promise.all([
      summary(ctx, record),
      ctx.db.health.counts(scope),
      ctx.db.links.count(scope),
      ctx.db.leases.get(ctx.user.workspaceId, input.id),
    ]);
    const worker = lease && lease.expiresAt > Date.now() ? { owner: lease.owner, until: lease.expiresAt } : null;
    return { ...base, health, links, worker };
  }),
});

export const connectionIdInput = z.object({ connectionId: z.string().min(1).max(1000) }).strict();
