import { describe, expect, it } from 'vitest';
import { SqliteDatabase } from './sqlite.driver';

describe('SqliteDatabase', () => {
  it('gives BLOBs back as Buffers, plucks first columns and reads pragmas', () => {
    const db = new SqliteDatabase(':memory:');
    try {
      db.exec('CREATE TABLE t (k BLOB PRIMARY KEY, n INTEGER)');
      db.prepare('INSERT INTO t VALUES (?, ?)').run(Buffer.from([1, 2]), 7);
      const row = db.prepare('SELECT k, n FROM t').get() as { k: Buffer; n: number };
      expect(Buffer.isBuffer(row.k)).toBe(true);
      expect(row.k.equals(Buffer.from([1, 2]))).toBe(true);
      expect(row.n).toBe(7);
      const [all] = db.prepare('SELECT k FROM t').all() as Array<{ k: Buffer }>;
      expect(Buffer.isBuffer(all!.k)).toBe(true);
      expect(db.prepare('SELECT n FROM t').pluck().get()).toBe(7);
      expect(db.prepare('SELECT k FROM t').pluck().all()).toEqual([Buffer.from([1, 2])]);
      expect(db.pragma('user_version', { simple: true })).toBe(0);
    } finally {
      db.close();
    }
  });

  it("names SQLite's errors as better-sqlite3 did, and rolls a failed transaction back", () => {
    const db = new SqliteDatabase(':memory:');
    try {
      db.exec('CREATE TABLE u (x UNIQUE)');
      const insert = db.prepare('INSERT INTO u VALUES (?)');
      insert.run(1);
      expect(() => insert.run(1)).toThrow(expect.objectContaining({ code: 'SQLITE_CONSTRAINT_UNIQUE' }));
      expect(() =>
        db.immediate(() => {
          insert.run(2);
          insert.run(1);
        }),
      ).toThrow(expect.objectContaining({ code: 'SQLITE_CONSTRAINT_UNIQUE' }));
      expect(db.prepare('SELECT count(*) FROM u').pluck().get()).toBe(1);
      expect(db.immediate(() => insert.run(3).changes)).toBe(1);
      expect(db.prepare('SELECT x FROM u ORDER BY x').pluck().all()).toEqual([1, 3]);
    } finally {
      db.close();
    }
    expect(db.open).toBe(false);
  });
});
