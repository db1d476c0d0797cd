import type { Link, LinkStamp, LinksPort } from '../ports/links.port';
import type { ConnectionScope, Side } from '../ports/scope.port';
import { frozenCopy, scopeKey } from './scope-key';

interface Table {
  byA: Map<string, Link>;
  bToA: Map<string, string>;
}

/** In-memory link table with the same uniqueness rules as the Mongo one. Rows are frozen copies, read as they are. */
export class MemoryLinks implements LinksPort {
  private readonly tables = new Map<string, Table>();

  private table(scope: ConnectionScope): Table {
    const key = scopeKey(scope);
    let t = this.tables.get(key);
    if (!t) {
      t = { byA: new Map(), bToA: new Map() };
      this.tables.set(key, t);
    }
    return t;
  }

  async findByA(scope: ConnectionScope, aIds: readonly string[]): Promise<Link[]> {
    return this.find(scope, 'a', aIds);
  }

  async findByB(scope: ConnectionScope, bIds: readonly string[]): Promise<Link[]> {
    return this.find(scope, 'b', bIds);
  }

  async findStamps(scope: ConnectionScope, side: Side, ids: readonly string[]): Promise<LinkStamp[]> {
    return this.find(scope, side, ids).map(({ values: _values, ...stamp }) => stamp);
  }

  private find(scope: ConnectionScope, side: Side, ids: readonly string[]): Link[] {
    const t = this.table(scope);
    const out: Link[] = [];
    for (const id of new Set(ids)) {
      const aId = side === 'a' ? id : t.bToA.get(id);
      const link = aId === undefined ? undefined : t.byA.get(aId);
      if (link) out.push(link);
    }
    return out;
  }

  async upsertMany(scope: ConnectionScope, links: readonly Link[]): Promise<void> {
    const t = this.table(scope);
    for (const link of links) {
      const previous = t.byA.get(link.aId);
      if (previous && previous.bId !== link.bId) t.bToA.delete(previous.bId);
      const holder = t.bToA.get(link.bId);
      if (holder !== undefined && holder !== link.aId) t.byA.delete(holder);
      t.byA.set(link.aId, frozenCopy(link));
      t.bToA.set(link.bId, link.aId);
    }
  }

  async unlinkByA(scope: ConnectionScope, aIds: readonly string[]): Promise<void> {
    const t = this.table(scope);
    for (const id of aIds) {
      const link = t.byA.get(id);
      if (!link) continue;
      t.byA.delete(id);
      t.bToA.delete(link.bId);
    }
  }

  async count(scope: ConnectionScope): Promise<number> {
    return this.table(scope).byA.size;
  }
}
