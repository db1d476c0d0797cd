import type { ConnectionConfig, Direction } from '@sluice/engine';
import { UserError } from '@sluice/core';
import type { AuditActor, ConnectionVersion, GraphPointer } from '@sluice/store';
import { z } from 'zod';
import { audit, authorOf, connectionTarget } from '../audit/audit.recorder';
import { getConnection } from '@sluice/runtime';
import { assertRunnable, checkApps, parseDraft, reloadAfterSave, settingsOf } from '../connections/connection.writer';
import type { ApiContext } from '../context';
import { editorProcedure, router, viewerProcedure } from '../trpc';
import { diffVersions, graphLoader } from './version.diff';
import { diffSentences, sideNames } from './version-changes';

type AuthedCtx = ApiContext & { user: NonNullable<ApiContext['user']> };

const connectionId = z.string().min(1).max(1000);
const versionNumber = z.number().int().positive();

/** Who, as the web app shows it (never an id alone). */
const byline = (by: AuditActor | undefined) => (by === undefined ? null : by.type === 'user' ? { name: by.name, email: by.email } : { name: by.name, email: null });

async function versionOrThrow(ctx: AuthedCtx, id: string, version: number): Promise<ConnectionVersion> {
  const found = await ctx.db.connections.versions.get(ctx.user.workspaceId, id, version);
  if (!found) throw new UserError('E_NOT_FOUND', `This connection has no version ${version}.`);
  return found;
}

/**
 * Saved versions of a connection (every change of settings, mappings or rules is one): listed with
 * who, when and what changed, compared two by two, and restored as a new version.
 */
export const versionsRouter = router({
  /** Newest first, each with what it changed against the version before it. */
  list: viewerProcedure.input(z.object({ connectionId }).strict()).query(async ({ ctx, input }) => {
    const record = await getConnection(ctx.db, ctx.user.workspaceId, input.connectionId);
    const versions = await ctx.db.connections.versions.list(ctx.user.workspaceId, input.connectionId);
    const load = graphLoader(ctx.db, ctx.user.workspaceId);
    const names = sideNames(ctx, record.settings);
    const rows = [];
    for (const [i, v] of versions.entries()) {
      const older = versions[i + 1];
      const changes = older ? diffSentences(await diffVersions(older, v, { names, load })) : [];
      rows.push({ version: v.version, at: v.at, by: byline(v.by), change: v.change, note: v.note ?? null, changes, current: v.version === record.version });
    }
    return { current: record.version, versions: rows };
  }),

  /** One version's whole configuration (rules included), for a preview of restoring it. */
  get: viewerProcedure.input(z.object({ connectionId, version: versionNumber }).strict()).query(async ({ ctx, input }) => {
    await getConnection(ctx.db, ctx.user.workspaceId, input.connectionId);
    const v = await versionOrThrow(ctx, input.connectionId, input.version);
    const load = graphLoader(ctx.db, ctx.user.workspaceId);
    const rules: ConnectionConfig['rules'] = {};
    for (const direction of ['aToB', 'bToA'] as const) {
      const pointer = v.graphs[direction];
      const graph = pointer ? await load(pointer) : null;
      if (graph) rules[direction] = graph;
    }
    const { rules: _inline, ...settings } = v.settings;
    return { version: v.version, at: v.at, by: byline(v.by), change: v.change, note: v.note ?? null, config: { ...settings, rules } };
  }),

  /** What changed from one version to another (either order), in sentences. */
  diff: viewerProcedure.input(z.object({ connectionId, from: versionNumber, to: versionNumber }).strict()).query(async ({ ctx, input }) => {
    const record = await getConnection(ctx.db, ctx.user.workspaceId, input.connectionId);
    const [from, to] = await Promise.all([versionOrThrow(ctx, input.connectionId, input.from), versionOrThrow(ctx, input.connectionId, input.to)]);
    return diffVersions(from, to, { names: sideNames(ctx, record.settings), load: graphLoader(ctx.db, ctx.user.workspaceId) });
  }),

  /**
   * Makes an earlier version the connection's configuration again, as a new version (history is never
   * rewritten). Its rules are saved as new versions of the rule graphs. The web app shows the diff and
   * the preview's impact first; the dry run (issue 21) will be shown there too, before this call.
   */
  restore: editorProcedure
    .input(z.object({ connectionId, version: versionNumber, expectedVersion: versionNumber.optional() }).strict())
    .mutation(async ({ ctx, input }) => {
      const record = await getConnection(ctx.db, ctx.user.workspaceId, input.connectionId);
      if (input.expectedVersion !== undefined && input.expectedVersion !== record.version) {
        throw new UserError('E_VERSION_CONFLICT', 'This connection was changed by someone else meanwhile. Reload it and choose the version again.');
      }
      if (input.version === record.version) throw new UserError('E_CONFLICT', `Version ${input.version} is the one this connection runs now; there is nothing to restore.`);
      const target = await versionOrThrow(ctx, input.connectionId, input.version);
      const config = parseDraft({ ...target.settings, rules: {} } as never);
      // The accounts it used may be gone since: refused with the reason, nothing changed.
      await checkApps(ctx, config.apps);
      const load = graphLoader(ctx.db, ctx.user.workspaceId);
      const note = `Restored from version ${target.version}`;
      const graphs: Partial<Record<Direction, GraphPointer>> = {};
      for (const direction of ['aToB', 'bToA'] as const) {
        const pointer = target.graphs[direction];
        if (!pointer) continue;
        const current = record.graphs[direction];
        if (current?.graphId === pointer.graphId && current.version === pointer.version) {
          graphs[direction] = current;
          continue;
        }
        const graph = await load(pointer);
        if (!graph) throw new UserError('E_NOT_FOUND', `The ${direction} rules of version ${target.version} are no longer stored.`);
        assertRunnable(graph, direction);
        const saved = await ctx.db.graphs.save(ctx.user.workspaceId, { graphId: current?.graphId ?? pointer.graphId, graph, createdBy: ctx.user.id, note, now: ctx.now() });
        graphs[direction] = { graphId: saved.graphId, version: saved.version };
      }
      const updated = await ctx.db.connections.update(ctx.user.workspaceId, input.connectionId, {
        settings: settingsOf(config),
        graphs,
        expectedVersion: record.version,
        now: ctx.now(),
        author: authorOf(ctx, { change: 'restored', note }),
      });
      await reloadAfterSave(ctx, updated);
      const names = sideNames(ctx, updated.settings);
      const current = await versionOrThrow(ctx, input.connectionId, updated.version);
      const previous = await versionOrThrow(ctx, input.connectionId, record.version);
      const changes = diffSentences(await diffVersions(previous, current, { names, load }));
      await audit(ctx, {
        action: 'connection.restored',
        target: connectionTarget(updated),
        summary: `Restored version ${target.version} of the connection “${updated.name}” (now version ${updated.version}).`,
        details: { restored: target.version, version: updated.version, changes },
      });
      return { version: updated.version, restored: target.version, changes };
    }),
});
