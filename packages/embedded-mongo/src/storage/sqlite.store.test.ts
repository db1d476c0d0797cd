import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
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
    const old = new Database(join(dir, 'sluice.sqlite'));
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
});
