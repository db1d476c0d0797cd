/**
 * Runs a find-style query — filter, sort, skip, limit, projection — against one collection and
 * returns the result as raw BSON documents. Unsorted, unprojected results are the stored bytes
 * themselves; sorts follow MongoDB's order (sort.comparator) and projections keep every value's
 * type (find.projection), with mingo only for projections that compute.
 */
import { serialize } from 'bson';
import { Query } from 'mingo';
import { toPlain } from '../bson/plain-values';
import { compileMatcher, type MatchDetails } from '../query/filter.matcher';
import { compileProjection, usesPosition } from '../query/find.projection';
import { sortBy } from '../query/sort.comparator';
import { docOf, type CollectionHandle, type StoredDoc } from '../storage/collection.handle';
import { compileRawProjection } from '../storage/raw-projection';
import type { Doc } from './command.context';

export interface QueryOptions {
  filter?: Doc;
  sort?: Doc;
  skip?: number;
  /** 0 = no limit. */
  limit?: number;
  projection?: Doc;
}

/** Sorts stored documents in MongoDB's order. */
export function sortStored(docs: StoredDoc[], sort: Doc): StoredDoc[] {
  return sortBy(docs, docOf, sort);
}

/**
 * A find-style projection of one decoded document: typed (find.projection) when it can, else
 * through mingo. `position`: where the query matched in an array, for `field.$`.
 */
export function projector(projection: Doc): (doc: Doc, position?: number) => Doc {
  const typed = compileProjection(projection, true);
  if (typed) return typed;
  const query = new Query({}, {});
  return (doc) => query.find<Doc>([toPlain(doc)], projection).all()[0]!;
}

/**
 * A find-style projection from stored bytes to reply bytes: on the bytes when it only keeps or
 * drops top-level fields, else on the decoded document. `filter` is matched again only when the
 * projection has a positional `$`.
 */
export function rawProjector(projection: Doc, filter: Doc = {}): (stored: StoredDoc) => Uint8Array {
  const fast = compileRawProjection(projection);
  if (fast) return (stored) => fast(stored.raw);
  const project = projector(projection);
  if (!usesPosition(projection)) return (stored) => serialize(project(docOf(stored)));
  const match = compileMatcher(filter);
  return (stored) => {
    const details: MatchDetails = {};
    match(docOf(stored), details);
    return serialize(project(docOf(stored), details.position));
  };
}

function hasKeys(o: Doc | undefined): o is Doc {
  return !!o && Object.keys(o).length > 0;
}

/** The matching documents, ordered and cut as asked. */
export function queryStored(handle: CollectionHandle | undefined, opts: QueryOptions): StoredDoc[] {
  if (!handle) return [];
  const skip = Math.max(0, opts.skip ?? 0);
  const limit = Math.abs(opts.limit ?? 0);
  const sorted = hasKeys(opts.sort);
  const ordered = sorted ? handle.orderedMatching(opts.filter ?? {}, opts.sort!) : undefined;
  let docs: StoredDoc[];
  if (ordered) {
    docs = [];
    for (const d of ordered) {
      docs.push(d);
      if (limit > 0 && docs.length >= skip + limit) break;
    }
  } else {
    docs = handle.find(opts.filter ?? {}, sorted || limit === 0 ? 0 : skip + limit);
    if (sorted) docs = sortStored(docs, opts.sort!);
  }
  if (skip > 0 || limit > 0) docs = docs.slice(skip, limit > 0 ? skip + limit : undefined);
  return docs;
}

/**
 * The same result as {@link queryRaw}, produced lazily — when no sort is asked for, or an index
 * gives the order: documents are read from the collection as the cursor is drained.
 */
export function* queryLazy(handle: CollectionHandle | undefined, opts: QueryOptions): Generator<Uint8Array, void, undefined> {
  if (!handle) return;
  const ordered = hasKeys(opts.sort) ? handle.orderedMatching(opts.filter ?? {}, opts.sort) : undefined;
  if (hasKeys(opts.sort) && !ordered) {
    yield* queryRaw(handle, opts);
    return;
  }
  let skip = Math.max(0, opts.skip ?? 0);
  let left = Math.abs(opts.limit ?? 0) || Infinity;
  const projection = hasKeys(opts.projection) ? rawProjector(opts.projection, opts.filter) : undefined;
  for (const stored of ordered ?? handle.matching(opts.filter ?? {})) {
    if (skip > 0) {
      skip--;
      continue;
    }
    yield projection ? projection(stored) : stored.raw;
    if (--left <= 0) return;
  }
}

/** {@link queryStored} as raw BSON, projected when asked. */
export function queryRaw(handle: CollectionHandle | undefined, opts: QueryOptions): Uint8Array[] {
  const docs = queryStored(handle, opts);
  if (!hasKeys(opts.projection)) return docs.map((d) => d.raw);
  return docs.map(rawProjector(opts.projection, opts.filter));
}
