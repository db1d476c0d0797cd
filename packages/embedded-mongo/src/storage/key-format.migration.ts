/**
 * Keeps the index keys of a data folder in the current encoding ({@link KEY_FORMAT}). The
 * encoding is recorded in a `meta` table; a folder written before it existed (format 1: every
 * number keyed as a double, BinData without its length first, documents as their BSON bytes) has
 * all its keys rebuilt when it is opened — each collection's `_id` keys and secondary index
 * entries, from the documents, in one transaction — and then records the format. A new folder
 * just records it. Folders written with format 2 cannot be opened by earlier versions of Sluice.
 */
import type { SqliteDatabase } from './sqlite.driver';
import type { CollectionHandle } from './collection.handle';
import { KEY_FORMAT } from './index-key.codec';

const FORMAT_KEY = 'index_key_format';

/** The key format the folder records; 1 for a folder with data and no record (written before formats were recorded). */
function storedFormat(sql: SqliteDatabase, hasCollections: boolean): number | undefined {
  sql.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value)');
  const row = sql.prepare('SELECT value FROM meta WHERE key = ?').get(FORMAT_KEY) as { value: number } | undefined;
  if (row) return Number(row.value);
  return hasCollections ? 1 : undefined;
}

/**
 * Rebuilds every key of an older folder; records the current format. Returns how many
 * collections were rebuilt.
 */
export function upgradeKeyFormat(sql: SqliteDatabase, collections: readonly CollectionHandle[]): number {
  const format = storedFormat(sql, collections.length > 0);
  if (format === KEY_FORMAT) return 0;
  if (format !== undefined && format > KEY_FORMAT) {
    throw Object.assign(new Error(`the database was written by a newer version of Sluice (index key format ${format}); this version reads format ${KEY_FORMAT}`), {
      code: 'E_DB_FORMAT',
    });
  }
  const rebuilt = sql.immediate(() => {
    if (format !== undefined) for (const c of collections) c.rebuildKeys();
    sql.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(FORMAT_KEY, KEY_FORMAT);
    return format === undefined ? 0 : collections.length;
  });
  return rebuilt;
}
