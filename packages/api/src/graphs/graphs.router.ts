import type { Direction } from '@sluice/engine';
import { graphSchema, validateGraph } from '@sluice/graph';
import { UserError } from '@sluice/core';
import { z } from 'zod';
import { audit, authorOf, connectionTarget } from '../audit/audit.recorder';
import { forgetConnection, getConnection, loadConnection } from '@sluice/runtime';
import { changesBetween } from '../versions/version-changes';
import { catalogOf } from '../connectors/catalog.loader';
import type { ApiContext } from '../context';
import { editorProcedure, viewerProcedure, router } from '../trpc';
import { diffGraphs } from './graph.diff';

const direction = z.enum(['aToB', 'bToA']);
const where = z.object({ connectionId: z.string().min(1).max(1000), direction }).strict();
const sourceSide = (d: Direction) => (d === 'aToB' ? 'a' : 'b');

type AuthedCtx = ApiContext & { user: NonNullable<ApiContext['user']> };

async function pointer(ctx: AuthedCtx, connectionId: string, d: Direction) {
  const record = await getConnection(ctx.db, ctx.user.workspaceId, connectionId);
  const p = record.graphs[d];
  if (!p) throw new UserError('E_NOT_FOUND', `The ${d} direction of this connection has no saved rules yet.`);
  return p;
}

async function version(ctx: AuthedCtx, graphId: string, v: number) {
  const stored = await ctx.db.graphs.getVersion(ctx.user.workspaceId, graphId, v);
  if (!stored) throw new UserError('E_NOT_FOUND', `No version ${v} of these rules.`);
  return stored;
}

/** Rule graphs per connection direction: saved as new versions, listed, validated against the apps' catalogs, compared. */
export const graphsRouter = router({
  /** Saves the graph as the direction's next version; refused with every error when it cannot run. */
  save: editorProcedure
    .input(z.object({ connectionId: z.string().min(1).max(1000), direction, graph: graphSchema, note: z.string().max(500).optional() }).strict())
    .mutation(async ({ ctx, input }) => {
      const { record, config } = await loadConnection(ctx.db, ctx.user.workspaceId, input.connectionId);
      const catalog = await catalogOf(ctx, config.apps, sourceSide(input.direction));
      const result = validateGraph(input.graph, catalog);
      const errors = result.errors.filter((e) => e.severity === 'error');
      if (errors.length > 0) {
        throw new UserError('E_INVALID_GRAPH', errors.map((e) => `${e.nodeId ?? (e.edgeIndex !== undefined ? `edge ${e.edgeIndex}` : 'graph')}: ${e.code} ${e.message}`).join('; '), { issues: errors });
      }
      const { id: _id, version: _v, ...body } = input.graph;
      const info = await ctx.db.graphs.save(ctx.user.workspaceId, {
        graphId: record.graphs[input.direction]?.graphId,
        graph: body,
        createdBy: ctx.user.id,
        ...(input.note ? { note: input.note } : {}),
      });
      const updated = await ctx.db.connections.setGraph(
        ctx.user.workspaceId,
        input.connectionId,
        input.direction,
        { graphId: info.graphId, version: info.version },
        ctx.now(),
        authorOf(ctx, input.note ? { note: input.note } : {}),
      );
      forgetConnection(ctx.user.workspaceId, input.connectionId);
      const scope = { workspaceId: ctx.user.workspaceId, connectionId: input.connectionId };
      await ctx.db.checkpoints.clear(scope);
      if (record.status === 'active') await ctx.engine.send(scope, 'configChanged');
      const changes = await changesBetween(ctx, ctx.user.workspaceId, record, updated);
      await audit(ctx, {
        action: 'connection.rulesSaved',
        target: connectionTarget(updated),
        summary: `Saved the ${input.direction === 'aToB' ? 'A → B' : 'B → A'} rules of the connection “${updated.name}” (version ${updated.version}).`,
        details: { version: updated.version, direction: input.direction, rulesVersion: info.version, changes },
      });
      return { ...info, warnings: result.errors.filter((e) => e.severity === 'warning') };
    }),

  /** Every saved version of a direction's rules, newest first. */
  versions: viewerProcedure.input(where).query(async ({ ctx, input }) => {
    const record = await getConnection(ctx.db, ctx.user.workspaceId, input.connectionId);
    const p = record.graphs[input.direction];
    if (!p) return { current: null, versions: [] };
    return { current: p.version, versions: await ctx.db.graphs.listVersions(ctx.user.workspaceId, p.graphId) };
  }),

  /** One version (default: the one the connection runs). */
  get: viewerProcedure.input(where.extend({ version: z.number().int().positive().optional() }).strict()).query(async ({ ctx, input }) => {
    const p = await pointer(ctx, input.connectionId, input.direction);
    const stored = await version(ctx, p.graphId, input.version ?? p.version);
    return { version: stored.version, current: p.version, createdAt: stored.createdAt, graph: { ...stored.graph, version: stored.version } };
  }),

  /** Validates any document as a rule graph, against the source app's catalog when a connection is named. */
  validate: viewerProcedure
    .input(z.object({ graph: z.unknown(), connectionId: z.string().min(1).max(1000).optional(), direction: direction.optional(), app: z.string().min(1).max(1000).optional() }).strict())
    .query(async ({ ctx, input }) => {
      let catalog;
      if (input.connectionId) {
        const { config } = await loadConnection(ctx.db, ctx.user.workspaceId, input.connectionId);
        catalog = await catalogOf(ctx, config.apps, sourceSide(input.direction ?? 'aToB'));
      } else if (input.app) {
        const factory = ctx.connectors.get(input.app);
        if (!factory) throw new UserError('E_NOT_FOUND', `There is no app "${input.app}".`);
        catalog = factory.app.fields;
      }
      return validateGraph(input.graph, catalog);
    }),

  /** What changed between two versions of a direction's rules. */
  diff: viewerProcedure
    .input(where.extend({ from: z.number().int().positive(), to: z.number().int().positive() }).strict())
    .query(async ({ ctx, input }) => {
      const p = await pointer(ctx, input.connectionId, input.direction);
      const [a, b] = await Promise.all([version(ctx, p.graphId, input.from), version(ctx, p.graphId, input.to)]);
      return diffGraphs(a.graph, b.graph);
    }),
});
