import { healthReport, reasonLabel, type ConnectionScope } from '@sluice/engine';
import { UserError } from '@sluice/core';
import { z } from 'zod';
import { getConnection, loadConnection } from '@sluice/runtime';
import { audit } from '../audit/audit.recorder';
import type { ApiContext } from '../context';
import { editorProcedure, viewerProcedure, router } from '../trpc';
import { describeEvents, nodeLabelsOf, subjectOfLink, uniqueEvents } from './event-view';

const outcome = z.enum(['created', 'updated', 'skipped', 'excluded', 'conflict', 'failed']);
const side = z.enum(['a', 'b']);
const connectionId = z.string().min(1).max(1000);

type AuthedCtx = ApiContext & { user: NonNullable<ApiContext['user']> };

/** The connection's scope, after checking it is this workspace's (else NOT_FOUND). */
async function scoped(ctx: AuthedCtx, id: string): Promise<ConnectionScope> {
  await getConnection(ctx.db, ctx.user.workspaceId, id);
  return { workspaceId: ctx.user.workspaceId, connectionId: id };
}

const SIDE_WORDS = { a: 'app A', b: 'app B' } as const;

/** Audits a manual action on one record of a connection (the record's id, never its contents). */
async function auditRecord(ctx: AuthedCtx, connectionId: string, action: string, recordId: string, summary: (connection: string) => string, details: Record<string, unknown>) {
  const record = await getConnection(ctx.db, ctx.user.workspaceId, connectionId);
  await audit(ctx, { action: `record.${action}`, target: { type: 'record', id: recordId }, summary: summary(record.name), details: { connectionId, connection: record.name, ...details } });
}

/** History and health: runs, per-record events with filters, health counts, one record's story, resync, unlink/relink. */
export const historyRouter = router({
  runs: viewerProcedure
    .input(z.object({ connectionId, limit: z.number().int().min(1).max(200).default(20), before: z.number().int().optional() }).strict())
    .query(async ({ ctx, input }) => {
      const scope = await scoped(ctx, input.connectionId);
      return ctx.db.runs.list(scope, { limit: input.limit, ...(input.before !== undefined ? { before: input.before } : {}) });
    }),

  run: viewerProcedure.input(z.object({ connectionId, runId: z.string().min(1).max(1000) }).strict()).query(async ({ ctx, input }) => {
    const run = await ctx.db.runs.get(await scoped(ctx, input.connectionId), input.runId);
    if (!run) throw new UserError('E_NOT_FOUND', `No run "${input.runId}" for this connection.`);
    return run;
  }),

  /**
   * Record events, newest first, filtered by outcome, reason (a code or a prefix such as
   * `excludedBy:`), record, run, direction and time, each with the person it is about (`subject`)
   * and its reason in a sentence (`reasonText`). Pages: pass `before` = the last event's `at` and how
   * many events at that exact time this and earlier pages showed.
   */
  events: viewerProcedure
    .input(
      z
        .object({
          connectionId,
          outcome: z.union([outcome, z.array(outcome)]).optional(),
          reason: z.string().min(1).max(1000).optional(),
          recordId: z.string().min(1).max(1000).optional(),
          runId: z.string().min(1).max(1000).optional(),
          direction: z.enum(['aToB', 'bToA']).optional(),
          from: z.number().int().optional(),
          to: z.number().int().optional(),
          before: z.object({ at: z.number().int(), skip: z.number().int().min(0).max(100_000) }).strict().optional(),
          limit: z.number().int().min(1).max(1000).default(100),
        })
        .strict(),
    )
    .query(async ({ ctx, input }) => {
      const scope = await scoped(ctx, input.connectionId);
      const { connectionId: _c, ...query } = input;
      const [events, { config }] = await Promise.all([ctx.db.events.query(scope, query), loadConnection(ctx.db, ctx.user.workspaceId, input.connectionId)]);
      return describeEvents({ db: ctx.db, connectors: ctx.connectors, scope, config, work: ctx.work }, events);
    }),

  /** Counts for the health dashboard: in sync, excluded by reason, duplicates, failed by reason. */
  health: viewerProcedure.input(z.object({ connectionId }).strict()).query(async ({ ctx, input }) => {
    const scope = await scoped(ctx, input.connectionId);
    const [counts, links, [lastRun]] = await Promise.all([ctx.db.health.counts(scope), ctx.db.links.count(scope), ctx.db.runs.list(scope, { limit: 1 })]);
    const { config } = await loadConnection(ctx.db, ctx.user.workspaceId, input.connectionId);
    return { counts, links, report: healthReport(counts, lastRun, nodeLabelsOf(config.rules)) };
  }),

  /** Records in one health status (e.g. every record excluded by c1), newest first. */
  records: viewerProcedure
    .input(
      z
        .object({ connectionId, status: z.enum(['inSync', 'excluded', 'duplicate', 'failed']).optional(), reason: z.string().min(1).max(1000).optional(), limit: z.number().int().min(1).max(500).default(100) })
        .strict(),
    )
    .query(async ({ ctx, input }) => {
      const scope = await scoped(ctx, input.connectionId);
      return ctx.db.health.list(scope, { ...(input.status ? { status: input.status } : {}), ...(input.reason ? { reason: input.reason } : {}), limit: input.limit });
    }),

  /**
   * Everything known about one record: who it is, its link, its current health and every event of it
   * and its linked partner, newest first, each once, with the person and the reason in a sentence.
   */
  record: viewerProcedure.input(z.object({ connectionId, side, recordId: z.string().min(1).max(1000) }).strict()).query(async ({ ctx, input }) => {
    const scope = await scoped(ctx, input.connectionId);
    const [links, events, health] = await Promise.all([
      input.side === 'a' ? ctx.db.links.findByA(scope, [input.recordId]) : ctx.db.links.findByB(scope, [input.recordId]),
      ctx.db.events.query(scope, { recordId: input.recordId, limit: 200 }),
      ctx.db.health.list(scope, { limit: 1000 }),
    ]);
    const link = links[0] ?? null;
    const other = link ? (input.side === 'a' ? link.bId : link.aId) : null;
    const otherEvents = other ? await ctx.db.events.query(scope, { recordId: other, limit: 200 }) : [];
    // An event names both records (source and target): read by either id, it comes back once per query.
    const story = uniqueEvents([...events, ...otherEvents]).sort((x, y) => y.at - x.at);
    const { config } = await loadConnection(ctx.db, ctx.user.workspaceId, input.connectionId);
    const described = await describeEvents({ db: ctx.db, connectors: ctx.connectors, scope, config, work: ctx.work }, story);
    const own = described.find((e) => e.sourceId === input.recordId);
    const recordHealth = health.find((h) => h.side === input.side && h.recordId === input.recordId) ?? null;
    const labels = nodeLabelsOf(config.rules);
    return {
      side: input.side,
      recordId: input.recordId,
      subject: (link ? subjectOfLink(link.values, input.side) : null) ?? own?.subject ?? described[0]?.subject ?? null,
      link: link ? { aId: link.aId, bId: link.bId, syncedAt: link.syncedAt, trashed: link.trashed ?? null } : null,
      health: recordHealth
        ? { ...recordHealth, ...(recordHealth.reason ? { reasonText: reasonLabel(recordHealth.reason, labels, input.side === 'a' ? 'aToB' : 'bToA') } : {}) }
        : null,
      events: described,
    };
  }),

  /** Syncs one record again, now. */
  resync: editorProcedure.input(z.object({ connectionId, side, recordId: z.string().min(1).max(1000) }).strict()).mutation(async ({ ctx, input }) => {
    const scope = await scoped(ctx, input.connectionId);
    const run = await ctx.engine.resyncRecord(scope, input.side, input.recordId);
    await auditRecord(ctx, input.connectionId, 'resynced', input.recordId, (c) => `Synced the record ${input.recordId} of ${SIDE_WORDS[input.side]} again in “${c}”.`, { side: input.side, runId: run.id });
    return run;
  }),

  /** Forgets that two records are the same person (neither record is touched). */
  unlink: editorProcedure.input(z.object({ connectionId, aId: z.string().min(1).max(1000) }).strict()).mutation(async ({ ctx, input }) => {
    const scope = await scoped(ctx, input.connectionId);
    const [link] = await ctx.db.links.findByA(scope, [input.aId]);
    if (!link) throw new UserError('E_NOT_FOUND', `Record "${input.aId}" is not linked.`);
    await ctx.db.links.unlinkByA(scope, [input.aId]);
    await auditRecord(ctx, input.connectionId, 'unlinked', link.aId, (c) => `Unlinked the records ${link.aId} (A) and ${link.bId} (B) in “${c}”.`, { aId: link.aId, bId: link.bId });
    return { unlinked: { aId: link.aId, bId: link.bId } };
  }),

  /** Declares that A's record and B's record are the same person (replacing their old links). */
  relink: editorProcedure.input(z.object({ connectionId, aId: z.string().min(1).max(1000), bId: z.string().min(1).max(1000) }).strict()).mutation(async ({ ctx, input }) => {
    const scope = await scoped(ctx, input.connectionId);
    // No stored values: the next sync treats the pair like a first match (conflict rules decide).
    await ctx.db.links.upsertMany(scope, [{ aId: input.aId, bId: input.bId, values: {}, aHash: '', bHash: '', syncedAt: Date.now() }]);
    await auditRecord(ctx, input.connectionId, 'relinked', input.aId, (c) => `Linked the records ${input.aId} (A) and ${input.bId} (B) as one person in “${c}”.`, { aId: input.aId, bId: input.bId });
    return { linked: { aId: input.aId, bId: input.bId } };
  }),
});
