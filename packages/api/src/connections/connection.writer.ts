import { CONNECTION_FORMAT, connectionConfigSchema, type ConnectionConfig, type Direction } from '@sluice/engine';
import { validateGraph, type Graph } from '@sluice/graph';
import { UserError } from '@sluice/core';
import type { ConnectionRecord, ConnectionSettings, GraphPointer } from '@sluice/store';
import type { ApiContext } from '../context';
import { forgetConnection } from '@sluice/runtime';
import { checkAppConfig } from '@sluice/runtime';
import { endpointSettings } from '@sluice/runtime';
import type { ConnectionDraft } from './connection.input';

/** Checks each side: the app exists, its config is safe, and the credential is this workspace's and for that app. */
export async function checkApps(ctx: ApiContext & { user: { workspaceId: string } }, apps: ConnectionConfig['apps']): Promise<void> {
  for (const side of ['a', 'b'] as const) {
    const app = apps[side];
    await checkAppConfig(ctx.connectors, ctx.user.workspaceId, app);
    if (app.credentialId) {
      const cred = await ctx.db.credentials.get(ctx.user.workspaceId, app.credentialId);
      if (!cred) throw new UserError('E_NOT_FOUND', `No credential "${app.credentialId}" in this workspace.`);
      if (cred.app !== app.connector) throw new UserError('E_CREDENTIAL_APP', `Credential "${cred.label}" is for ${cred.app}, not ${app.connector}.`);
      // Refused now rather than at the first run: a base URL other than the credential's own.
      endpointSettings(ctx.connectors.get(app.connector)?.app.name ?? app.connector, app.config, await ctx.db.credentials.revealForEngine(ctx.user.workspaceId, app.credentialId));
    }
  }
}

/** Refuses a rule graph that cannot run (errors; warnings pass), naming the node at fault. */
export function assertRunnable(graph: Graph, where: string): void {
  const result = validateGraph(graph);
  const errors = result.errors.filter((e) => e.severity === 'error');
  if (errors.length > 0) {
    throw new UserError('E_INVALID_GRAPH', `${where}: ${errors.map((e) => `${e.nodeId ?? (e.edgeIndex !== undefined ? `edge ${e.edgeIndex}` : 'graph')}: ${e.code} ${e.message}`).join('; ')}`, { issues: errors });
  }
}

/** The draft as a full, parsed configuration (defaults filled in), for checks before saving. */
export function parseDraft(draft: ConnectionDraft): ConnectionConfig {
  return connectionConfigSchema.parse({ format: CONNECTION_FORMAT, ...draft });
}

/** Settings as stored: the configuration without its rules (those are versioned graphs). */
export function settingsOf(config: ConnectionConfig): ConnectionSettings {
  const { rules: _rules, id: _id, version: _version, ...settings } = config;
  return settings;
}

/** Saves each given rule graph as a new version of the direction's graph, returning the new pointers. */
export async function saveRules(
  ctx: ApiContext & { user: { workspaceId: string; id: string } },
  current: Partial<Record<Direction, GraphPointer>>,
  rules: ConnectionConfig['rules'],
): Promise<Partial<Record<Direction, GraphPointer>>> {
  const next = { ...current };
  for (const direction of ['aToB', 'bToA'] as Direction[]) {
    const graph = rules[direction];
    if (!graph) continue;
    assertRunnable(graph, direction);
    const { id: _id, version: _v, ...body } = graph;
    const info = await ctx.db.graphs.save(ctx.user.workspaceId, { graphId: current[direction]?.graphId, graph: body, createdBy: ctx.user.id });
    next[direction] = { graphId: info.graphId, version: info.version };
  }
  return next;
}

/**
 * After a saved change of settings or rules: the cached configuration is forgotten, every record is
 * read again (new rules or mappings apply to all; echo suppression keeps unchanged ones quiet), and
 * a live connection's machine re-validates.
 */
export async function reloadAfterSave(ctx: Pick<ApiContext, 'db' | 'engine'>, record: ConnectionRecord): Promise<void> {
  const scope = { workspaceId: record.workspaceId, connectionId: record.id };
  forgetConnection(record.workspaceId, record.id);
  await ctx.db.checkpoints.clear(scope);
  if (record.status === 'active') await ctx.engine.send(scope, 'configChanged');
}
