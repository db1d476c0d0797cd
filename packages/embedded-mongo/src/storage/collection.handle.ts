/**
 * One collection on disk: a `docs_<cid>` table (rowid, encoded `_id` key, raw BSON) and a
 * `keys_<cid>` table holding every secondary index entry as (index id, encoded key, rowid) in one
 * WITHOUT ROWID B-tree. Unique checks, lookups, range scans and TTL expiry are all prefix reads of
 * that B-tree. Documents are matched with mingo after candidate selection, so results are exact.
 */
import { serialize } from 'bson';
import { decodeExact } from '../bson/exact-bson.decoder';
import type { Matcher } from '../query/filter.matcher';
import { commandError } from '../commands/mongo-command.error';
import { readFields } from './bson-fields.reader';
import { duplicateKeyError } from './duplicate-key.error';
import { IndexEntryWriter } from './index-entry.writer';
import { encodeKeyValue, extractIndexKeys, HIGH, lacksAllFields, TAG_DATE } from './index-key.codec';
import { ID_INDEX, type IndexSpec } from './index-spec';
import { compileFilter } from './simple-filter';
import { planOrdered, planQuery, type PlannableIndex, type QueryPlan } from './query-plan';
import type { SqliteDatabase } from './sqlite.driver';
import { collectionStatements, pageId, pageIndex, SCAN_CHUNK, type CollectionStatements, type Row } from './collection.statements';

/** A stored document: its rowid, its raw BSON and (once needed) the decoded object. */
export interface StoredDoc {
  rid: number;
  raw: Buffer;
  doc?: Record<string, unknown>;
}

/** The decoded document (exactly typed: see exact-bson.decoder), decoding on first use. */
export function docOf(s: StoredDoc): Record<string, unknown> {
  return (s.doc ??= decodeExact(s.raw));
}

/** A secondary index as the collection uses it. */
export interface IndexHandle {
  iid: number;
  spec: IndexSpec;
  fields: string[];
  partial?: Matcher;
}

/** Most documents one TTL sweep deletes from a collection: keeps each sweep's transaction short. */
const EXPIRE_BATCH = 10_000;

function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export class CollectionHandle {
  private readonly stmt: CollectionStatements;
  private readonly entryWriter: IndexEntryWriter;

  constructor(
    private readonly sql: SqliteDatabase,
    readonly cid: number,
    readonly db: string,
    readonly name: string,
    readonly indexes: IndexHandle[],
  ) {
    this.entryWriter = new IndexEntryWriter(sql, cid);
    this.stmt = collectionStatements(sql, cid);
  }

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  /** All index specs, `_id_` first. */
  indexSpecs(): IndexSpec[] {
    return [ID_INDEX, ...this.indexes.map((i) => i.spec)];
  }

  /**
   * The top-level fields that `_id` and every index read — all an insert has to decode — or
   * undefined when a partial index needs whole documents.
   */
  keyFields(): ReadonlySet<string> | undefined {
    if (this.indexes.some((ix) => ix.partial)) return undefined;
    const names = new Set(['_id']);
    for (const ix of this.indexes) for (const f of ix.fields) names.add(f.split('.')[0]!);
    return names;
  }

  private keysFor(index: IndexHandle, doc: Record<string, unknown>): Buffer[] {
    if (index.spec.sparse && lacksAllFields(doc, index.fields)) return [];
    if (index.partial && !index.partial(doc)) return [];
    return extractIndexKeys(doc, index.fields);
  }

  private checkUnique(index: IndexHandle, doc: Record<string, unknown>, keys: Buffer[], selfRid: number): void {
    if (!index.spec.unique) return;
    for (const key of keys) {
      if (this.stmt.probeKey.get(index.iid, key, selfRid) !== undefined) {
        throw duplicateKeyError(this.ns, index.spec.name, index.spec.key, doc, key);
      }
    }
  }

  /** Inserts a document that already has an `_id`; `raw` (its BSON) is stored as is when given. */
  insert(doc: Record<string, unknown>, raw?: Uint8Array): number {
    const idKey = encodeKeyValue(doc._id);
    const entries = this.indexes.map((ix) => this.keysFor(ix, doc));
    this.indexes.forEach((ix, i) => this.checkUnique(ix, doc, entries[i]!, -1));
    let rid: number;
    try {
      const bytes = raw ? Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength) : Buffer.from(serialize(doc));
      rid = Number(this.stmt.insertDoc.run(idKey, bytes).lastInsertRowid);
    } catch (e) {
      if (isUniqueViolation(e)) throw duplicateKeyError(this.ns, '_id_', { _id: 1 }, doc, idKey);
      throw e;
    }
    const triples: Array<number | Buffer> = [];
    this.indexes.forEach((ix, i) => {
      for (const key of entries[i]!) triples.push(ix.iid, key, rid);
    });
    this.entryWriter.insert(triples);
    return rid;
  }

  /**
   * What the index entries of a stored document are computed from: the decoded document when it
   * already is, else only its `_id` and indexed fields read from the bytes (an update or delete by
   * an exact plan never decoded it, and needs no more than that).
   */
  private indexedFields(stored: StoredDoc): Record<string, unknown> {
    if (stored.doc) return stored.doc;
    const fields = this.keyFields();
    return fields ? readFields(stored.raw, fields) : docOf(stored);
  }

  /** Replaces a stored document (same `_id`) with `next`, whose BSON is `raw`, and moves its index entries. */
  replace(stored: StoredDoc, next: Record<string, unknown>, raw: Buffer): void {
    const prev = this.indexedFields(stored);
    const changes = this.indexes.map((ix) => {
      const before = this.keysFor(ix, prev);
      const after = this.keysFor(ix, next);
      const beforeSet = new Set(before.map((b) => b.toString('latin1')));
      const afterSet = new Set(after.map((b) => b.toString('latin1')));
      return {
        removed: before.filter((b) => !afterSet.has(b.toString('latin1'))),
        added: after.filter((b) => !beforeSet.has(b.toString('latin1'))),
      };
    });
    this.indexes.forEach((ix, i) => this.checkUnique(ix, next, changes[i]!.added, stored.rid));
    this.stmt.updateDoc.run(raw, stored.rid);
    this.indexes.forEach((ix, i) => {
      for (const key of changes[i]!.removed) this.stmt.deleteKey.run(ix.iid, key, stored.rid);
      for (const key of changes[i]!.added) this.stmt.insertKey.run(ix.iid, key, stored.rid);
    });
    stored.raw = raw;
    stored.doc = next;
  }

  /** Deletes a stored document and its index entries. */
  remove(stored: StoredDoc): void {
    const doc = this.indexedFields(stored);
    for (const ix of this.indexes) for (const key of this.keysFor(ix, doc)) this.stmt.deleteKey.run(ix.iid, key, stored.rid);
    this.stmt.deleteDoc.run(stored.rid);
  }

  private plannable(): PlannableIndex[] {
    return [
      { name: '_id_', fields: ['_id'], sparse: false, partial: false },
      ...this.indexes.map((ix) => ({ name: ix.spec.name, fields: ix.fields, sparse: !!ix.spec.sparse, partial: !!ix.partial })),
    ];
  }

  /** The plan a filter would run with (undefined: a collection scan). */
  plan(filter: Record<string, unknown>): QueryPlan | undefined {
    return planQuery(filter, this.plannable());
  }

  private *candidates(plan: QueryPlan | undefined): Iterable<Row> {
    if (!plan) {
      // Chunked by rowid: no statement stays open between chunks (so callers may write while
      // they iterate), and memory stays bounded however large the collection.
      let after = 0;
      for (;;) {
        const rows = this.stmt.scanFrom.all(after, SCAN_CHUNK) as Row[];
        yield* rows;
        if (rows.length < SCAN_CHUNK) return;
        after = rows[rows.length - 1]!.rid;
      }
    }
    const seen = new Set<number>();
    const index = this.indexes.find((ix) => ix.spec.name === plan.indexName);
    for (const [lo, hi] of plan.ranges) {
      // One `.all()` per range: keyset pages (as pageIndex reads) cost several times more per point
      // lookup, and most ranges are points. A range covering much of a large collection is still
      // read whole (see docs/embedded-mongo.md, limits).
      const rows = (index ? this.stmt.scanIndex.all(index.iid, lo, hi) : this.stmt.scanId.all(lo, hi)) as Row[];
      for (const row of rows) {
        if (seen.has(row.rid)) continue;
        seen.add(row.rid);
        yield row;
      }
    }
  }

  /**
   * Documents matching `filter`, in storage order; stops after `limit` matches when given.
   * Uses an index when one fits the filter.
   */
  find(filter: Record<string, unknown> = {}, limit = 0): StoredDoc[] {
    const out: StoredDoc[] = [];
    for (const stored of this.matching(filter)) {
      out.push(stored);
      if (limit > 0 && out.length >= limit) break;
    }
    return out;
  }

  /**
   * Lazily yields documents matching `filter` (index candidates or a chunked scan), so a cursor
   * can resume where its last batch ended.
   */
  *matching(filter: Record<string, unknown> = {}): Generator<StoredDoc, void, undefined> {
    const empty = Object.keys(filter).length === 0;
    const plan = empty ? undefined : this.plan(filter);
    // An exact plan reads only matching documents: no filter to compile, no document to decode.
    const test = empty || plan?.exact ? undefined : compileFilter(filter);
    for (const row of this.candidates(plan)) {
      const stored: StoredDoc = { rid: row.rid, raw: row.doc };
      if (test && !test(docOf(stored))) continue;
      yield stored;
    }
  }

  /**
   * Matching documents already in `sort` order, read from an index in key order, when an index
   * can give that order (see planOrdered); undefined otherwise. Lazy, in pages, so
   * `sort + limit` reads only what it returns.
   */
  orderedMatching(filter: Record<string, unknown>, sort: Record<string, unknown>): Iterable<StoredDoc> | undefined {
    const ordered = this.orderedPlan(filter, sort);
    if (!ordered) return undefined;
    const [lo, hi] = ordered.plan.ranges[0]!;
    const handle = this.indexes.find((ix) => ix.spec.name === ordered.plan.indexName);
    const test = Object.keys(filter).length === 0 ? undefined : compileFilter(filter);
    const rows = handle ? pageIndex(this.stmt, handle.iid, lo, hi, ordered.descending) : pageId(this.stmt, lo, hi, ordered.descending);
    return (function* () {
      const seen = new Set<number>();
      for (const row of rows) {
        if (seen.has(row.rid)) continue; // a multikey document sorts by its first key met
        seen.add(row.rid);
        const stored: StoredDoc = { rid: row.rid, raw: row.doc };
        if (test && !test(docOf(stored))) continue;
        yield stored;
      }
    })();
  }

  /** The index read that yields `filter`'s matches in `sort` order, if any index can. */
  orderedPlan(filter: Record<string, unknown>, sort: Record<string, unknown>): { plan: QueryPlan; descending: boolean } | undefined {
    // An ordered read that the filter does not narrow walks the whole index: worth it only when
    // the filter has no index of its own (a scan either way).
    const filterHasIndex = Object.keys(filter).length > 0 && this.plan(filter) !== undefined;
    for (const index of this.plannable()) {
      const ordered = planOrdered(filter, sort, index);
      if (ordered && (ordered.narrowed || !filterHasIndex)) return ordered;
    }
    return undefined;
  }

  /** The SQL statement a filter would run, with SQLite's EXPLAIN QUERY PLAN rows for it. */
  explain(filter: Record<string, unknown>): { plan: QueryPlan | undefined; sqlitePlan: string[] } {
    const plan = Object.keys(filter).length === 0 ? undefined : this.plan(filter);
    const stmt = !plan ? this.stmt.scanFrom : plan.indexName === '_id_' ? this.stmt.scanId : this.stmt.scanIndex;
    const args = !plan ? [0, 1] : plan.indexName === '_id_' ? [Buffer.alloc(0), Buffer.alloc(0)] : [0, Buffer.alloc(0), Buffer.alloc(0)];
    const rows = this.sql.prepare(`EXPLAIN QUERY PLAN ${stmt.source}`).all(...args) as Array<{ detail: string }>;
    return { plan, sqlitePlan: rows.map((r) => r.detail) };
  }

  count(): number {
    return this.stmt.count.get() as number;
  }

  /** Adds an index (catalog row already written) and builds its entries from existing documents. */
  buildIndex(index: IndexHandle): void {
    for (const row of this.candidates(undefined)) {
      const stored: StoredDoc = { rid: row.rid, raw: row.doc };
      const doc = docOf(stored);
      const keys = this.keysFor(index, doc);
      this.checkUnique(index, doc, keys, row.rid);
      for (const key of keys) this.stmt.insertKey.run(index.iid, key, row.rid);
    }
    this.indexes.push(index);
  }

  /**
   * Recomputes every key of the collection from its documents — `_id` keys and secondary index
   * entries — after the key encoding changed (see key-format.migration). Unique indexes are not
   * re-checked: documents that were distinct under the old keys stay, and both are found.
   */
  rebuildKeys(): void {
    const d = `docs_${this.cid}`;
    // first move every `_id` key out of the way (0x00 starts no encoded key), so no new key collides with an old one
    this.sql.exec(`UPDATE ${d} SET id_key = x'00' || CAST(rid AS BLOB); DELETE FROM keys_${this.cid};`);
    const setId = this.sql.prepare<[Buffer, number]>(`UPDATE ${d} SET id_key = ? WHERE rid = ?`);
    for (const row of this.candidates(undefined)) {
      const doc = decodeExact(row.doc);
      const key = encodeKeyValue(doc._id);
      try {
        setId.run(key, row.rid);
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        // two `_id`s MongoDB calls equal (say { a: 5 } and { a: Long(5) }): both stay reachable under that key
        setId.run(Buffer.concat([key, Buffer.from([0]), Buffer.from(String(row.rid))]), row.rid);
      }
      for (const ix of this.indexes) for (const k of this.keysFor(ix, doc)) this.stmt.insertKey.run(ix.iid, k, row.rid);
    }
  }

  /** Removes an index's entries and forgets it. */
  dropIndexEntries(name: string): IndexHandle {
    const at = this.indexes.findIndex((ix) => ix.spec.name === name);
    if (at < 0) throw commandError('IndexNotFound', `index not found with name [${name}]`);
    const [index] = this.indexes.splice(at, 1);
    this.stmt.dropKeys.run(index!.iid);
    return index!;
  }

  /**
   * Deletes documents whose TTL-indexed date lies past expiry, at most `max` per call (the
   * sweeper comes back every second, as mongod's TTL monitor does), reading the index in pages so
   * a day of expired history is never loaded at once; returns how many.
   */
  expire(now: number, max = EXPIRE_BATCH): number {
    let removed = 0;
    for (const ix of this.indexes) {
      if (ix.spec.expireAfterSeconds === undefined) continue;
      const cutoff = new Date(now - ix.spec.expireAfterSeconds * 1000);
      const lo = Buffer.from([TAG_DATE]);
      const hi = Buffer.concat([encodeKeyValue(cutoff), Buffer.from([HIGH])]);
      const seen = new Set<number>();
      for (const row of pageIndex(this.stmt, ix.iid, lo, hi, false)) {
        if (removed >= max) return removed;
        if (seen.has(row.rid)) continue;
        seen.add(row.rid);
        this.remove({ rid: row.rid, raw: row.doc });
        removed++;
      }
    }
    return removed;
  }
}
