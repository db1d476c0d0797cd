import { MongoServerError, type CreateIndexesOptions, type Db, type IndexSpecification } from 'mongodb';
import { COLLECTIONS, type CollectionName } from './collection-names';
import { DEFAULT_RETENTION, retentionIndexes, type Retention } from './retention';

interface IndexDef {
  key: IndexSpecification;
  options: CreateIndexesOptions & { name: string };
}

const ws = { workspaceId: 1 } as const;
const scope = { workspaceId: 1, connectionId: 1 } as const;

/**
 * Every index the store relies on, by collection: each lookup path has one, uniques enforce the
 * invariants the ports promise, and TTL indexes bound sessions and invitations (each document
 * carries its own `expiresAt`). The TTL indexes of history (events, runs, audit) depend on the
 * operator's retention: `retentionIndexes`. Pure data.
 */
export const STORE_INDEXES: Record<CollectionName, IndexDef[]> = {
  [COLLECTIONS.users]: [{ key: { email: 1 }, options: { name: 'email_unique', unique: true } }],
  [COLLECTIONS.workspaces]: [],
  [COLLECTIONS.members]: [
    { key: { workspaceId: 1, userId: 1 }, options: { name: 'workspace_user_unique', unique: true } },
    { key: { userId: 1 }, options: { name: 'user' } },
  ],
  [COLLECTIONS.invitations]: [
    { key: { tokenHash: 1 }, options: { name: 'token_unique', unique: true } },
    { key: { workspaceId: 1, createdAt: -1 }, options: { name: 'workspace_created' } },
    { key: { expiresAt: 1 }, options: { name: 'expires_ttl', expireAfterSeconds: 0 } },
  ],
  [COLLECTIONS.sessions]: [
    { key: { userId: 1 }, options: { name: 'user' } },
    { key: { expiresAt: 1 }, options: { name: 'expires_ttl', expireAfterSeconds: 0 } },
  ],
  [COLLECTIONS.authAttempts]: [{ key: { expiresAt: 1 }, options: { name: 'expires_ttl', expireAfterSeconds: 0 } }],
  [COLLECTIONS.instance]: [],
  [COLLECTIONS.credentials]: [
    { key: { ...ws, createdAt: -1 }, options: { name: 'workspace_created' } },
    { key: { 'secret.keyId': 1 }, options: { name: 'key_id' } },
  ],
  [COLLECTIONS.connections]: [
    { key: { ...ws, name: 1 }, options: { name: 'workspace_name' } },
    { key: { ...ws, credentialIds: 1 }, options: { name: 'workspace_credential' } },
    { key: { status: 1 }, options: { name: 'status' } },
  ],
  [COLLECTIONS.graphs]: [{ key: { ...ws, graphId: 1, version: -1 }, options: { name: 'workspace_graph_version_unique', unique: true } }],
  [COLLECTIONS.templates]: [{ key: { ...ws, name: 1 }, options: { name: 'workspace_name' } }],
  [COLLECTIONS.links]: [
    { key: { ...scope, aId: 1 }, options: { name: 'scope_a_unique', unique: true } },
    { key: { ...scope, bId: 1 }, options: { name: 'scope_b_unique', unique: true } },
  ],
  [COLLECTIONS.checkpoints]: [{ key: { ...scope, direction: 1 }, options: { name: 'scope_direction_unique', unique: true } }],
  [COLLECTIONS.runs]: [
    { key: { ...scope, id: 1 }, options: { name: 'scope_id_unique', unique: true } },
    { key: { ...scope, startedAt: -1 }, options: { name: 'scope_started' } },
  ],
  [COLLECTIONS.recordEvents]: [
    { key: { ...scope, at: -1, _id: -1 }, options: { name: 'scope_at' } },
    { key: { ...scope, runId: 1, at: -1, _id: -1 }, options: { name: 'scope_run_at' } },
    { key: { ...scope, sourceId: 1, at: -1 }, options: { name: 'scope_source_at' } },
    { key: { ...scope, targetId: 1, at: -1 }, options: { name: 'scope_target_at' } },
    // Events stored before retention was an index option carry their own expiry; new ones do not,
    // and stay out of this index (partial), so it costs nothing to keep until the old ones are gone.
    { key: { expiresAt: 1 }, options: { name: 'expires_ttl', expireAfterSeconds: 0, partialFilterExpression: { expiresAt: { $exists: true } } } },
  ],
  [COLLECTIONS.recordHealth]: [
    { key: { ...scope, side: 1, recordId: 1 }, options: { name: 'scope_record_unique', unique: true } },
    { key: { ...scope, status: 1, reason: 1, at: -1 }, options: { name: 'scope_status_reason_at' } },
    { key: { ...scope, at: -1 }, options: { name: 'scope_at' } },
  ],
  [COLLECTIONS.writeIntents]: [
    { key: { ...scope, idempotencyKey: 1 }, options: { name: 'scope_key_unique', unique: true } },
    { key: { ...scope, createdAt: 1 }, options: { name: 'scope_created' } },
  ],
  [COLLECTIONS.leases]: [
    { key: { workspaceId: 1, connectionId: 1 }, options: { name: 'connection_unique', unique: true } },
    { key: { owner: 1 }, options: { name: 'owner' } },
  ],
  [COLLECTIONS.liveEvents]: [
    { key: { workspaceId: 1, seq: 1 }, options: { name: 'workspace_seq_unique', unique: true } },
    { key: { expiresAt: 1 }, options: { name: 'expires_ttl', expireAfterSeconds: 0 } },
  ],
  [COLLECTIONS.auditLog]: [
    { key: { ...ws, _id: -1 }, options: { name: 'workspace_id' } },
    { key: { ...ws, 'target.id': 1, _id: -1 }, options: { name: 'workspace_target' } },
  ],
  [COLLECTIONS.connectionVersions]: [{ key: { ...ws, connectionId: 1, version: -1 }, options: { name: 'connection_version_unique', unique: true } }],
  [COLLECTIONS.alertSettings]: [],
  [COLLECTIONS.alertStates]: [
    { key: { ...ws, connectionId: 1, cause: 1 }, options: { name: 'connection_cause_unique', unique: true } },
    { key: { digestDueAt: 1 }, options: { name: 'digest_due' } },
  ],
  [COLLECTIONS.machineSnapshots]: [{ key: { workspaceId: 1, connectionId: 1 }, options: { name: 'connection_unique', unique: true } }],
  [COLLECTIONS.sandboxPeople]: sandboxIndexes(['emailKey', 'phoneKeys', 'orgId']),
  [COLLECTIONS.sandboxOrgs]: sandboxIndexes(['nameKey']),
  [COLLECTIONS.sandboxDeals]: sandboxIndexes(['personId']),
  [COLLECTIONS.sandboxProspects]: sandboxIndexes(['emailKey', 'phoneKeys']),
  [COLLECTIONS.sandboxIdempotency]: [
    { key: { ...ws, key: 1 }, options: { name: 'workspace_key_unique', unique: true } },
    { key: { createdAt: 1 }, options: { name: 'created_ttl', expireAfterSeconds: 2 * 24 * 3600 } },
  ],
  // One document per workspace. (Keyed by a field, not _id: the embedded server refuses an upsert
  // whose filter names _id next to $or.)
  [COLLECTIONS.sandboxCounters]: [{ key: { workspaceId: 1 }, options: { name: 'workspace_unique', unique: true } }],
};

/** A sandbox collection: unique by id and by seq within a workspace, plus its `findBy` fields. */
function sandboxIndexes(fields: readonly string[]): IndexDef[] {
  return [
    { key: { ...ws, id: 1 }, options: { name: 'workspace_id_unique', unique: true } },
    { key: { ...ws, seq: 1 }, options: { name: 'workspace_seq_unique', unique: true } },
    ...fields.map((f) => ({ key: { ...ws, [f]: 1 }, options: { name: `workspace_${f}` } })),
  ];
}

/** IndexOptionsConflict / IndexKeySpecsConflict: an index of that name exists with another definition. */
function isIndexConflict(e: unknown): boolean {
  return e instanceof MongoServerError && (e.code === 85 || e.code === 86);
}

/** Creates one index, dropping and rebuilding it when an index of that name has another definition. */
async function ensureIndex(db: Db, collection: string, d: IndexDef): Promise<void> {
  const coll = db.collection(collection);
  try {
    await coll.createIndexes([{ key: d.key, ...d.options }] as never);
  } catch (e) {
    if (!isIndexConflict(e)) throw e;
    if (d.options.expireAfterSeconds !== undefined && (await changedExpiry(db, collection, d))) return;
    await coll.dropIndex(d.options.name);
    await coll.createIndexes([{ key: d.key, ...d.options }] as never);
  }
}

/**
 * A TTL index whose only change is its expiry is changed in place with `collMod` (MongoDB); a
 * server without `collMod` (the embedded one) or with other differences rebuilds it instead.
 */
async function changedExpiry(db: Db, collection: string, d: IndexDef): Promise<boolean> {
  const existing = (await db.collection(collection).listIndexes().toArray()).find((i) => i.name === d.options.name);
  if (!existing || JSON.stringify(existing.key) !== JSON.stringify(d.key)) return false;
  try {
    await db.command({ collMod: collection, index: { name: d.options.name, expireAfterSeconds: d.options.expireAfterSeconds } });
  } catch (e) {
    if (e instanceof MongoServerError) return false;
    throw e;
  }
  // collMod changes only the expiry: anything else that differs still needs a rebuild.
  try {
    await db.collection(collection).createIndexes([{ key: d.key, ...d.options }] as never);
    return true;
  } catch (e) {
    if (isIndexConflict(e)) return false;
    throw e;
  }
}

/**
 * Creates every collection's indexes, with the TTL indexes of `retention`. Idempotent: safe on every
 * start. An index whose definition changed (a newer Sluice, or another retention) is changed in place
 * when only its expiry differs, else dropped and built again; documents are never touched.
 */
export async function ensureIndexes(db: Db, retention: Retention = DEFAULT_RETENTION): Promise<void> {
  const byCollection = new Map<string, IndexDef[]>(Object.entries(STORE_INDEXES).map(([c, defs]) => [c, [...defs]]));
  for (const r of retentionIndexes(retention)) byCollection.get(r.collection)!.push({ key: r.key, options: r.options });
  for (const [collection, defs] of byCollection) {
    if (defs.length === 0) continue;
    try {
      // One command for the usual case (nothing or everything new); one by one when a definition changed.
      await db.collection(collection).createIndexes(defs.map((d) => ({ key: d.key, ...d.options })) as never);
    } catch (e) {
      if (!isIndexConflict(e)) throw e;
      for (const d of defs) await ensureIndex(db, collection, d);
    }
  }
}
