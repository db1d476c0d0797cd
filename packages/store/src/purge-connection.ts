import type { ConnectionScope } from '@sluice/engine';
import type { Db } from 'mongodb';
import { COLLECTIONS } from './collection-names';

/** Collections whose documents belong to one connection (keyed by workspaceId + connectionId). */
export const CONNECTION_DATA = [
  COLLECTIONS.links,
  COLLECTIONS.checkpoints,
  COLLECTIONS.runs,
  COLLECTIONS.recordEvents,
  COLLECTIONS.recordHealth,
  COLLECTIONS.writeIntents,
  COLLECTIONS.leases,
  COLLECTIONS.machineSnapshots,
  COLLECTIONS.alertStates,
] as const;

/**
 * Deletes everything a connection left behind (links, cursors, history, health, outbox, lease,
 * machine, alert bookkeeping) — after the connection itself was removed. Returns the count per collection.
 */
export async function purgeConnection(db: Db, scope: ConnectionScope): Promise<Record<string, number>> {
  const filter = { workspaceId: scope.workspaceId, connectionId: scope.connectionId };
  const counts: Record<string, number> = {};
  for (const name of CONNECTION_DATA) counts[name] = (await db.collection(name).deleteMany(filter)).deletedCount;
  return counts;
}
