import { connectionConfigSchema, type ConnectionConfig, type Direction } from '@sluice/engine';
import { UserError } from '@sluice/core';
import type { ConnectionRecord, Store } from '@sluice/store';

/** A stored connection and the exact `sluice.connection/v1` configuration its next run uses. */
export interface LoadedConnection {
  record: ConnectionRecord;
  config: ConnectionConfig;
}

/** The connection, or `E_NOT_FOUND` (also for another workspace's id: its existence is not revealed). */
export async function getConnection(db: Store, workspaceId: string, id: string): Promise<ConnectionRecord> {
  const record = await db.connections.get(workspaceId, id);
  if (!record) throw new UserError('E_NOT_FOUND', `No connection "${id}" in this workspace.`);
  return record;
}

/** The rule graphs the connection points at (exact versions), per direction. */
export async function pointedGraphs(db: Store, record: ConnectionRecord): Promise<ConnectionConfig['rules']> {
  const rules: ConnectionConfig['rules'] = {};
  for (const direction of ['aToB', 'bToA'] as Direction[]) {
    const pointer = record.graphs[direction];
    if (!pointer) continue;
    const stored = await db.graphs.getVersion(record.workspaceId, pointer.graphId, pointer.version);
    if (stored) rules[direction] = stored.graph;
  }
  return rules;
}

/** Settings + pointed graph versions → a parsed `sluice.connection/v1` with id and version. */
export async function loadConnection(db: Store, workspaceId: string, id: string): Promise<LoadedConnection> {
  const record = await getConnection(db, workspaceId, id);
  const rules = { ...(record.settings.rules ?? {}), ...(await pointedGraphs(db, record)) };
  const config = connectionConfigSchema.parse({ ...record.settings, rules, id: record.id, version: record.version });
  return { record, config };
}

/** Recently loaded configurations for the preview, which runs on every edit; writes through the API forget them. */
const recent = new Map<string, { loaded: LoadedConnection; until: number }>();
const RECENT_MS = 30_000;

/** `loadConnection`, remembered for a short while (for the preview's hot path only). */
export async function loadConnectionRecent(db: Store, workspaceId: string, id: string, now = Date.now()): Promise<LoadedConnection> {
  const key = `${workspaceId}/${id}`;
  const hit = recent.get(key);
  if (hit && hit.until > now) return hit.loaded;
  const loaded = await loadConnection(db, workspaceId, id);
  if (recent.size > 1_000) recent.clear();
  recent.set(key, { loaded, until: now + RECENT_MS });
  return loaded;
}

/** Forgets a remembered configuration (called by every procedure that changes a connection or its graphs). */
export function forgetConnection(workspaceId: string, id: string): void {
  recent.delete(`${workspaceId}/${id}`);
}
