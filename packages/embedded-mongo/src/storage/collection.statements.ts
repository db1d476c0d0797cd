/**
 * The SQL a collection runs against its two tables (see collection.handle.ts), prepared once per
 * collection, and the keyset pagers that read an index or the `_id` key in order, page by page.
 */
import type { SqliteDatabase } from './sqlite.driver';

export type Row = { rid: number; doc: Buffer };

/** Rows read per chunk by scans and the largest keyset page. */
export const SCAN_CHUNK = 512;

/** The prepared statements of collection `cid`. */
export function collectionStatements(sql: SqliteDatabase, cid: number) {
  const d = `docs_${cid}`;
  const k = `keys_${cid}`;
  return {
    insertDoc: sql.prepare<[Buffer, Buffer]>(`INSERT INTO ${d}(id_key, doc) VALUES (?, ?)`),
    updateDoc: sql.prepare<[Buffer, number]>(`UPDATE ${d} SET doc = ? WHERE rid = ?`),
    deleteDoc: sql.prepare<[number]>(`DELETE FROM ${d} WHERE rid = ?`),
    insertKey: sql.prepare<[number, Buffer, number]>(`INSERT OR IGNORE INTO ${k}(ix, key, rid) VALUES (?, ?, ?)`),
    deleteKey: sql.prepare<[number, Buffer, number]>(`DELETE FROM ${k} WHERE ix = ? AND key = ? AND rid = ?`),
    probeKey: sql.prepare<[number, Buffer, number]>(`SELECT rid FROM ${k} WHERE ix = ? AND key = ? AND rid <> ? LIMIT 1`).pluck(),
    scanFrom: sql.prepare<[number, number]>(`SELECT rid, doc FROM ${d} WHERE rid > ? ORDER BY rid LIMIT ?`),
    scanId: sql.prepare<[Buffer, Buffer]>(`SELECT rid, doc FROM ${d} WHERE id_key >= ? AND id_key < ?`),
    scanIndex: sql.prepare<[number, Buffer, Buffer]>(
      `SELECT k.rid AS rid, d.doc AS doc FROM ${k} k JOIN ${d} d ON d.rid = k.rid WHERE k.ix = ? AND k.key >= ? AND k.key < ?`,
    ),
    count: sql.prepare<[]>(`SELECT count(*) FROM ${d}`).pluck(),
    // keyset pages for reads in key order (sorted results without a sort)
    pageIndexAsc: sql.prepare<[number, Buffer, number, Buffer, number]>(
      `SELECT k.key AS key, k.rid AS rid, d.doc AS doc FROM ${k} k JOIN ${d} d ON d.rid = k.rid
       WHERE k.ix = ? AND (k.key, k.rid) > (?, ?) AND k.key < ? ORDER BY k.key, k.rid LIMIT ?`,
    ),
    pageIndexDesc: sql.prepare<[number, Buffer, number, Buffer, number]>(
      `SELECT k.key AS key, k.rid AS rid, d.doc AS doc FROM ${k} k JOIN ${d} d ON d.rid = k.rid
       WHERE k.ix = ? AND (k.key, k.rid) < (?, ?) AND k.key >= ? ORDER BY k.key DESC, k.rid DESC LIMIT ?`,
    ),
    pageIdAsc: sql.prepare<[Buffer, Buffer, number]>(
      `SELECT id_key AS key, rid, doc FROM ${d} WHERE id_key >= ? AND id_key < ? ORDER BY id_key LIMIT ?`,
    ),
    pageIdDesc: sql.prepare<[Buffer, Buffer, number]>(
      `SELECT id_key AS key, rid, doc FROM ${d} WHERE id_key < ? AND id_key >= ? ORDER BY id_key DESC LIMIT ?`,
    ),
    dropKeys: sql.prepare<[number]>(`DELETE FROM ${k} WHERE ix = ?`),
  };
}

export type CollectionStatements = ReturnType<typeof collectionStatements>;

export function* pageIndex(stmt: CollectionStatements, iid: number, lo: Buffer, hi: Buffer, descending: boolean): Generator<Row & { key: Buffer }> {
  let key = descending ? hi : lo;
  let rid = -1; // (hi, -1) excludes hi itself; (lo, -1) includes lo
  let pageSize = 16;
  for (;;) {
    const rows = (
      descending ? stmt.pageIndexDesc.all(iid, key, rid, lo, pageSize) : stmt.pageIndexAsc.all(iid, key, rid, hi, pageSize)
    ) as Array<Row & { key: Buffer }>;
    yield* rows;
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1]!;
    key = last.key;
    rid = last.rid;
    pageSize = Math.min(pageSize * 4, SCAN_CHUNK);
  }
}

export function* pageId(stmt: CollectionStatements, lo: Buffer, hi: Buffer, descending: boolean): Generator<Row & { key: Buffer }> {
  let from = descending ? hi : lo;
  let pageSize = 16;
  let first = true;
  for (;;) {
    const rows = (descending ? stmt.pageIdDesc.all(from, lo, pageSize) : stmt.pageIdAsc.all(from, hi, pageSize)) as Array<
      Row & { key: Buffer }
    >;
    // ascending pages restart at >= their bound: drop the row the last page ended on
    const fresh = !descending && !first ? rows.filter((r) => !r.key.equals(from)) : rows;
    yield* fresh;
    if (rows.length < pageSize) return;
    from = rows[rows.length - 1]!.key;
    first = false;
    pageSize = Math.min(pageSize * 4, SCAN_CHUNK);
  }
}
