import type { ConnectionScope, Link, LinkStamp, LinksPort, Side, UpsertHints } from '@sluice/engine';
import { MongoBulkWriteError, type AnyBulkWriteOperation, type Collection, type Db } from 'mongodb';
import { COLLECTIONS } from '../collection-names';
import { inChunks } from './in-chunks';
import { packLinkValues, unpackLinkValues } from './link-values.codec';
import { scopeFilter } from './scope-filter';

/**
 * Stored link. `values` is kept as JSON text: its keys are dotted field paths, which MongoDB field
 * names handle badly, and the engine only ever reads it whole. A value both sides share is in it
 * once (`link-values.codec.ts`).
 */
interface LinkDoc {
  workspaceId: string;
  connectionId: string;
  aId: string;
  bId: string;
  values: string;
  aHash: string;
  bHash: string;
  syncedAt: number;
  /** Absent or null when not trashed. */
  trashed?: 'a' | 'b' | null;
}

const PROJECTION = { _id: 0, aId: 1, bId: 1, values: 1, aHash: 1, bHash: 1, syncedAt: 1, trashed: 1 } as const;
/** A link's stamp: all but its values, which are most of its bytes. */
const STAMP_PROJECTION = { _id: 0, aId: 1, bId: 1, aHash: 1, bHash: 1, syncedAt: 1, trashed: 1 } as const;

/** The stored form of a link (one per record synced: its members are copied, not spread). */
function linkDoc(scope: ConnectionScope, link: Link): LinkDoc {
  return {
    workspaceId: scope.workspaceId,
    connectionId: scope.connectionId,
    aId: link.aId,
    bId: link.bId,
    values: JSON.stringify(packLinkValues(link.values ?? {})),
    aHash: link.aHash,
    bHash: link.bHash,
    syncedAt: link.syncedAt,
    // Undefined is left out by the store's `ignoreUndefined` database option.
    trashed: link.trashed || undefined,
  };
}

/**
 * The link a stored document holds. Its `values` are parsed from their JSON text on first use: most
 * links a sync looks up only have their hashes compared (the record has not changed since Sluice
 * last synced it, as after every write of its own), and parsing them all took about 3 % of the
 * engine thread in an initial two-way sync. `values` is an own enumerable property, so
 * spreading or serialising a link still carries them.
 */
function toLink(doc: Omit<LinkDoc, 'workspaceId' | 'connectionId'>): Link {
  const text = doc.values;
  let values: Record<string, unknown> | undefined;
  const link = { aId: doc.aId, bId: doc.bId, aHash: doc.aHash, bHash: doc.bHash, syncedAt: doc.syncedAt } as Link;
  Object.defineProperty(link, 'values', {
    enumerable: true,
    configurable: true,
    get: () => (values ??= unpackLinkValues(JSON.parse(text) as Record<string, unknown>)),
    set: (next: Record<string, unknown>) => {
      values = next;
    },
  });
  if (doc.trashed) link.trashed = doc.trashed;
  return link;
}

/** The link table over MongoDB: unique (workspaceId, connectionId, aId) and (…, bId). */
export class LinksRepo implements LinksPort {
  private readonly coll: Collection<LinkDoc>;

  constructor(db: Db) {
    this.coll = db.collection<LinkDoc>(COLLECTIONS.links);
  }

  async findByA(scope: ConnectionScope, aIds: readonly string[]): Promise<Link[]> {
    return (await this.findIn(scope, 'aId', aIds, PROJECTION)).map(toLink);
  }

  async findByB(scope: ConnectionScope, bIds: readonly string[]): Promise<Link[]> {
    return (await this.findIn(scope, 'bId', bIds, PROJECTION)).map(toLink);
  }

  async findStamps(scope: ConnectionScope, side: Side, ids: readonly string[]): Promise<LinkStamp[]> {
    const docs = await this.findIn(scope, side === 'a' ? 'aId' : 'bId', ids, STAMP_PROJECTION);
    return docs.map((doc) => {
      const stamp: LinkStamp = { aId: doc.aId, bId: doc.bId, aHash: doc.aHash, bHash: doc.bHash, syncedAt: doc.syncedAt };
      if (doc.trashed) stamp.trashed = doc.trashed;
      return stamp;
    });
  }

  /** Documents whose `field` is one of `ids`, one indexed `$in` query per chunk, run together. */
  private async findIn<P extends Record<string, 0 | 1>>(scope: ConnectionScope, field: 'aId' | 'bId', ids: Iterable<string>, projection: P): Promise<LinkDoc[]> {
    const base = scopeFilter(scope);
    const parts = await Promise.all(
      inChunks(ids).map((chunk) => this.coll.find({ ...base, [field]: { $in: chunk } }, { projection }).toArray()),
    );
    return parts.flat() as LinkDoc[];
  }

  async upsertMany(scope: ConnectionScope, all: readonly Link[], hints: UpsertHints = {}): Promise<void> {
    const links = await this.insertFresh(scope, all, hints.fresh);
    if (links.length === 0) return;
    const base = scopeFilter(scope);
    const projection = { _id: 0, aId: 1, bId: 1 } as const;
    // Every stored link the batch can touch: those of its aIds and those holding its bIds.
    const [byAId, byBId] = await Promise.all([
      this.findIn(scope, 'aId', links.map((l) => l.aId), projection),
      this.findIn(scope, 'bId', links.map((l) => l.bId), projection),
    ]);
    const stored = new Map<string, string>();
    for (const row of [...byAId, ...byBId]) stored.set(row.aId, row.bId);
    // Replay the batch in order over those links, exactly as single writes would apply:
    // a link replaces its aId's link, and takes its bId away from any other aId.
    const aToB = new Map(stored);
    const bToA = new Map<string, string>();
    for (const [a, b] of stored) bToA.set(b, a);
    const finals = new Map<string, Link>();
    for (const link of links) {
      const previousB = aToB.get(link.aId);
      if (previousB !== undefined && previousB !== link.bId) bToA.delete(previousB);
      const holder = bToA.get(link.bId);
      if (holder !== undefined && holder !== link.aId) {
        aToB.delete(holder);
        finals.delete(holder);
      }
      aToB.set(link.aId, link.bId);
      bToA.set(link.bId, link.aId);
      finals.set(link.aId, link);
    }
    // Remove stored links that vanish or change bId, so no write below can hit a unique index
    // mid-batch; links keeping their bId are replaced in place.
    const removed = [...stored].filter(([a, b]) => aToB.get(a) !== b).map(([a]) => a);
    for (const chunk of inChunks(removed)) await this.coll.deleteMany({ ...base, aId: { $in: chunk } });
    const inserts: LinkDoc[] = [];
    const updates: AnyBulkWriteOperation<LinkDoc>[] = [];
    for (const link of finals.values()) {
      if (stored.get(link.aId) === link.bId) {
        // Same pair: $set the changing fields (cheaper than a replacement on the embedded server).
        const set = { values: JSON.stringify(packLinkValues(link.values ?? {})), aHash: link.aHash, bHash: link.bHash, syncedAt: link.syncedAt, trashed: link.trashed ?? null };
        updates.push({ updateOne: { filter: { ...base, aId: link.aId }, update: { $set: set }, upsert: true } });
      } else {
        inserts.push(linkDoc(scope, link));
      }
    }
    // Only the connection's lease holder writes its links, so nothing races these inserts.
    if (inserts.length > 0) await this.coll.insertMany(inserts, { ordered: false });
    if (updates.length > 0) await this.coll.bulkWrite(updates, { ordered: false });
  }

  /**
   * Inserts the links the caller believes new (all of them in an initial sync) without the lookups
   * of the careful path, and returns the others for it: links whose aId or bId the batch names more
   * than once (they are replayed in order there), and any a unique index refused (one existed after
   * all; the careful path then replaces it exactly as if it had gone there first).
   */
  private async insertFresh(scope: ConnectionScope, links: readonly Link[], fresh: ReadonlySet<string> | undefined): Promise<readonly Link[]> {
    if (!fresh || fresh.size === 0 || links.length === 0) return links;
    const seenA = new Map<string, number>();
    const seenB = new Map<string, number>();
    for (const l of links) {
      seenA.set(l.aId, (seenA.get(l.aId) ?? 0) + 1);
      seenB.set(l.bId, (seenB.get(l.bId) ?? 0) + 1);
    }
    const direct = links.filter((l) => fresh.has(l.aId) && seenA.get(l.aId) === 1 && seenB.get(l.bId) === 1);
    if (direct.length === 0) return links;
    const refused = new Set<number>();
    try {
      await this.coll.insertMany(
        direct.map((l) => linkDoc(scope, l)),
        { ordered: false },
      );
    } catch (e) {
      if (!(e instanceof MongoBulkWriteError)) throw e;
      const errors = Array.isArray(e.writeErrors) ? e.writeErrors : [e.writeErrors];
      if (errors.some((w) => w.code !== 11000)) throw e;
      for (const w of errors) refused.add(w.index);
    }
    const inserted = new Set(direct.filter((_, i) => !refused.has(i)));
    return links.filter((l) => !inserted.has(l));
  }

  async unlinkByA(scope: ConnectionScope, aIds: readonly string[]): Promise<void> {
    for (const chunk of inChunks(aIds)) await this.coll.deleteMany({ ...scopeFilter(scope), aId: { $in: chunk } });
  }

  async count(scope: ConnectionScope): Promise<number> {
    return this.coll.countDocuments(scopeFilter(scope));
  }
}
