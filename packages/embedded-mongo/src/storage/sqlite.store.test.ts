import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteDatabase } from './sqlite.driver';
import { SqliteStore } from './sqlite.store';

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-sqlite-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('SqliteStore file settings', () => {
  it('creates new files with 8 KiB pages and checkpoints the WAL every 40 MB', () => {
    const store = new SqliteStore({ dataDir: freshDir() });
    try {
      expect(store.sql.pragma('page_size', { simple: true })).toBe(8192);
      expect(store.sql.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.sql.pragma('wal_autocheckpoint', { simple: true })).toBe(5120);
    } finally {
      store.close();
    }
  });

  it('keeps the pages of an existing file, and its data, with the checkpoint still every 40 MB', () => {
    const dir = freshDir();
    const old = new SqliteDatabase(join(dir, 'sluice.sqlite'));
    old.pragma('page_size = 4096');
    old.pragma('journal_mode = WAL');
    old.exec('CREATE TABLE kept (v TEXT); INSERT INTO kept VALUES (\'still here\');');
    old.close();
    const store = new SqliteStore({ dataDir: dir });
    try {
      expect(store.sql.pragma('page_size', { simple: true })).toBe(4096);
      expect(store.sql.pragma('wal_autocheckpoint', { simple: true })).toBe(10240);
      expect(store.sql.prepare('SELECT v FROM kept').pluck().get()).toBe('still here');
    } finally {
      store.close();
    }
  });

  it('lets go of its folder on close: the same process opens it again at once, with its data', () => {
    const dir = freshDir();
    const first = new SqliteStore({ dataDir: dir });
    first.ensureCollection('app', 'users');
    // A prepared statement still alive when the store closes (the binding keeps such a connection open).
    first.sql.prepare('SELECT count(*) FROM collections').get();
    first.close();
    const second = new SqliteStore({ dataDir: dir });
    try {
      expect(second.collectionNames('app')).toEqual(['users']);
      expect(second.sql.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(() => new SqliteStore({ dataDir: dir })).toThrow(/locked: another server is using it/);
    } finally {
      second.close();
    }
  });
});
