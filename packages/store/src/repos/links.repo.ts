import type { ConnectionScope, Link, LinksPort } from '@sluice/engine';
import type { AnyBulkWriteOperation, Collection, Db } from 'mongodb';
import { COLLECTIONS } from '../collection-names';
import { inChunks } from './in-chunks';
import { scopeFilter } from './scope-filter';

/**
 * Stored link. `values` is kept as JSON text: its keys are dotted field paths, which MongoDB field
 * names handle badly, and the engine only ever reads it whole.
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
  trashed?: 'a' | 'b';
}

const PROJECTION = { _id: 0, aId: 1, bId: 1, values: 1, aHash: 1, bHash: 1, syncedAt: 1, trashed: 1 } as const;

function toLink(doc: Omit<LinkDoc, 'workspaceId' | 'connectionId'>): Link {
  const link: Link = { aId: doc.aId, bId: doc.bId, values: JSON.parse(doc.values) as Record<string, unknown>, aHash: doc.aHash, bHash: doc.bHash, syncedAt: doc.syncedAt };
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

  /** Documents whose `field` is one of `ids`, one indexed `$in` query per chunk, run together. */
  private async findIn<P extends Record<string, 0 | 1>>(scope: ConnectionScope, field: 'aId' | 'bId', ids: Iterable<string>, projection: P): Promise<LinkDoc[]> {
    const base = scopeFilter(scope);
    const parts = await Promise.all(
      inChunks(ids).map((chunk) => this.coll.find({ ...base, [field]: { $in: chunk } }, { projection }).toArray()),
    );
    return parts.flat() as LinkDoc[];
  }

  async upsertMany(scope: ConnectionScope, links: readonly Link[]): Promise<void> {
    if (links.length === 0) return;
    // Apply the batch in order in memory first (later links win, a bId moves to its newest aId),
    // so the database sees one consistent final set.
    const byA = new Map<string, Link>();
    const holderOfB = new Map<string, string>();
    const dropped = new Set<string>();
    for (const link of links) {
      const previous = byA.get(link.aId);
      if (previous && previous.bId !== link.bId) holderOfB.delete(previous.bId);
      const holder = holderOfB.get(link.bId);
      if (holder !== undefined && holder !== link.aId) {
        byA.delete(holder);
        dropped.add(holder);
      }
      byA.set(link.aId, link);
      holderOfB.set(link.bId, link.aId);
      dropped.delete(link.aId);
    }
    const base = scopeFilter(scope);
    // Stored links that hold one of our bIds under another aId are relinked away: remove them first.
    const holders = await this.findIn(scope, 'bId', holderOfB.keys(), { _id: 0, aId: 1, bId: 1 });
    for (const h of holders) if (holderOfB.get(h.bId) !== h.aId) dropped.add(h.aId);
    for (const chunk of inChunks(dropped)) await this.coll.deleteMany({ ...base, aId: { $in: chunk } });
    const ops: AnyBulkWriteOperation<LinkDoc>[] = [];
    for (const link of byA.values()) {
      const doc: LinkDoc = { ...base, aId: link.aId, bId: link.bId, values: JSON.stringify(link.values ?? {}), aHash: link.aHash, bHash: link.bHash, syncedAt: link.syncedAt };
      if (link.trashed) doc.trashed = link.trashed;
      ops.push({ replaceOne: { filter: { ...base, aId: link.aId }, replacement: doc, upsert: true } });
    }
    await this.coll.bulkWrite(ops, { ordered: false });
  }

  async unlinkByA(scope: ConnectionScope, aIds: readonly string[]): Promise<void> {
    for (const chunk of inChunks(aIds)) await this.coll.deleteMany({ ...scopeFilter(scope), aId: { $in: chunk } });
  }

  async count(scope: ConnectionScope): Promise<number> {
    return this.coll.countDocuments(scopeFilter(scope));
  }
}
