import {
  type IdempotencyRecord,
  type SandboxCollection,
  type SandboxStore,
  type Stored,
  sandboxIndexes,
} from './sandbox-store.port';

interface Collection {
  docs: Map<string, Stored<SandboxCollection>>;
  /** [seq, id] in write order (so ascending by seq); entries whose doc moved on to a newer seq are stale. */
  feed: [number, string][];
  stale: number;
  /** field → value → ids: one id as a string (most values: an email belongs to one person), several as a set. */
  index: Map<string, Map<string, string | Set<string>>>;
}

interface Workspace {
  seq: number;
  collections: Map<SandboxCollection, Collection>;
  /** As JSON text: one is written per batch (with every record it answered) and read only on a retry. */
  idempotency: Map<string, string>;
}

/**
 * A deep copy of a plain JSON document, frozen, without its `undefined` members (as a JSON round trip
 * would drop them). Copying once on write and sharing the frozen copy with every reader is what keeps
 * big syncs cheap: copying on every read made this store a fifth of a sync's CPU time, and its garbage
 * most of the rest. Pure.
 */
function frozenCopy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = frozenCopy(value[i] as unknown) ?? null;
    return Object.freeze(out) as T;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = frozenCopy(v);
  }
  return Object.freeze(out) as T;
}

/** `frozenCopy({ ...doc, seq })`, without the intermediate copy (every stored document goes through here). */
function frozenDoc(doc: Record<string, unknown>, seq: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let hasSeq = false;
  for (const key of Object.keys(doc)) {
    if (key === 'seq') {
      hasSeq = true;
      out.seq = seq;
      continue;
    }
    const v = doc[key];
    if (v !== undefined) out[key] = frozenCopy(v);
  }
  if (!hasSeq) out.seq = seq;
  return Object.freeze(out);
}

/**
 * The sandbox store in process memory: for tests, and for `sluice` runs without a database. Stored
 * documents are deep-frozen copies and reads return them as they are, so a caller that tries to change
 * one fails loudly (ES modules are strict) instead of changing what the store holds.
 */
export function createMemorySandboxStore(): SandboxStore {
  const workspaces = new Map<string, Workspace>();

  function ws(id: string): Workspace {
    let w = workspaces.get(id);
    if (!w) {
      w = { seq: 0, collections: new Map(), idempotency: new Map() };
      workspaces.set(id, w);
    }
    return w;
  }

  function coll(w: Workspace, name: SandboxCollection): Collection {
    let c = w.collections.get(name);
    if (!c) {
      c = { docs: new Map(), feed: [], stale: 0, index: new Map(sandboxIndexes[name].map((f) => [f, new Map()])) };
      w.collections.set(name, c);
    }
    return c;
  }

  function indexValues(doc: Record<string, unknown>, field: string): string[] {
    const v = doc[field];
    if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
    return typeof v === 'string' ? [v] : [];
  }

  function unindexValue(byValue: Map<string, string | Set<string>>, v: unknown, id: string) {
    if (typeof v !== 'string') return;
    const ids = byValue.get(v);
    if (ids === id) byValue.delete(v);
    else if (typeof ids === 'object') ids.delete(id);
  }

  function indexValue(byValue: Map<string, string | Set<string>>, v: unknown, id: string) {
    if (typeof v !== 'string') return;
    const ids = byValue.get(v);
    if (ids === undefined) byValue.set(v, id);
    else if (typeof ids === 'string') {
      if (ids !== id) byValue.set(v, new Set([ids, id]));
    } else ids.add(id);
  }

  // Every document written goes through these two: they walk its indexed values in place rather
  // than collecting them in an array per field.
  function unindex(c: Collection, doc: Stored<SandboxCollection>) {
    for (const [field, byValue] of c.index) {
      const v = (doc as unknown as Record<string, unknown>)[field];
      if (Array.isArray(v)) for (const x of v) unindexValue(byValue, x, doc.id);
      else unindexValue(byValue, v, doc.id);
    }
  }

  function reindex(c: Collection, doc: Stored<SandboxCollection>) {
    if (doc.deleted) return;
    for (const [field, byValue] of c.index) {
      const v = (doc as unknown as Record<string, unknown>)[field];
      if (Array.isArray(v)) for (const x of v) indexValue(byValue, x, doc.id);
      else indexValue(byValue, v, doc.id);
    }
  }

  /** True when both versions of a document sit under the same index entries. */
  function sameIndexEntries(c: Collection, a: Stored<SandboxCollection>, b: Stored<SandboxCollection>): boolean {
    if (Boolean(a.deleted) !== Boolean(b.deleted)) return false;
    for (const field of c.index.keys()) {
      const x = indexValues(a as unknown as Record<string, unknown>, field);
      const y = indexValues(b as unknown as Record<string, unknown>, field);
      if (x.length !== y.length || x.some((v, i) => v !== y[i])) return false;
    }
    return true;
  }

  /** First feed position with seq > afterSeq (binary search). */
  function feedStart(c: Collection, afterSeq: number): number {
    let lo = 0;
    let hi = c.feed.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (c.feed[mid]![0] <= afterSeq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  return {
    async put(workspaceId, collection, docs) {
      const w = ws(workspaceId);
      const c = coll(w, collection);
      const out: Stored<typeof collection>[] = [];
      for (const input of docs) {
        const doc = frozenDoc(input as unknown as Record<string, unknown>, ++w.seq) as unknown as Stored<typeof collection>;
        const old = c.docs.get(doc.id);
        if (old) c.stale++;
        c.docs.set(doc.id, doc);
        c.feed.push([doc.seq, doc.id]);
        // Most rewrites change no indexed field: then the index already points at this id.
        if (!old || !sameIndexEntries(c, old, doc)) {
          if (old) unindex(c, old);
          reindex(c, doc);
        }
        out.push(doc);
      }
      if (c.stale > 1000 && c.stale > c.feed.length / 2) {
        c.feed = c.feed.filter(([seq, id]) => c.docs.get(id)?.seq === seq);
        c.stale = 0;
      }
      return out;
    },

    async get(workspaceId, collection, ids) {
      const c = coll(ws(workspaceId), collection);
      const out: Stored<typeof collection>[] = [];
      for (const id of new Set(ids)) {
        const doc = c.docs.get(id);
        if (doc) out.push(doc as unknown as Stored<typeof collection>);
      }
      return out;
    },

    async changesSince(workspaceId, collection, afterSeq, limit) {
      const c = coll(ws(workspaceId), collection);
      const out: Stored<typeof collection>[] = [];
      for (let i = feedStart(c, afterSeq); i < c.feed.length && out.length < limit; i++) {
        const [seq, id] = c.feed[i]!;
        const doc = c.docs.get(id);
        if (doc?.seq === seq) out.push(doc as unknown as Stored<typeof collection>);
      }
      return out;
    },

    async findBy(workspaceId, collection, field, values) {
      const c = coll(ws(workspaceId), collection);
      const byValue = c.index.get(field);
      if (!byValue) throw new Error(`sandbox store: ${collection}.${field} is not indexed`);
      const ids = new Set<string>();
      for (const v of values) {
        const found = byValue.get(v);
        if (typeof found === 'string') ids.add(found);
        else if (found) for (const id of found) ids.add(id);
      }
      return [...ids].map((id) => c.docs.get(id)! as unknown as Stored<typeof collection>);
    },

    async list(workspaceId, collection, { afterId, limit }) {
      const c = coll(ws(workspaceId), collection);
      return [...c.docs.values()]
        .filter((d) => !d.deleted && (afterId === undefined || d.id > afterId))
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .slice(0, limit)
        .map((d) => d as unknown as Stored<typeof collection>);
    },

    async count(workspaceId, collection) {
      let n = 0;
      for (const d of coll(ws(workspaceId), collection).docs.values()) if (!d.deleted) n++;
      return n;
    },

    async getIdempotency(workspaceId, key) {
      const text = ws(workspaceId).idempotency.get(key);
      return text === undefined ? undefined : (JSON.parse(text) as IdempotencyRecord);
    },

    async putIdempotency(workspaceId, record) {
      ws(workspaceId).idempotency.set(record.key, JSON.stringify(record));
    },
  };
}
