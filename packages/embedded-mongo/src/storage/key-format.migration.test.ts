/**
 * A data folder written before index keys were exact (key format 1: the code of commit afb2ae6)
 * keeps working: opened by this version, its keys are rebuilt once and queries, sorts and unique
 * indexes give MongoDB's answers on its documents. The folder (fixtures/key-format-1) holds one
 * collection `fixture.nums` with indexes on big (Int64 values around 2^62), a unique email, a
 * compound {group, at: -1}, name (an emoji and a fullwidth letter), a TTL on expiresAt, price
 * (Decimal128 and doubles) and bin (BinData of subtypes 0 and 4); `_id`s 1, Long(2^53 + 1), 2.5
 * and 'text'.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Binary, Decimal128, Long, MongoClient } from 'mongodb';
import { startEmbeddedMongo } from '../embedded-mongo.server';
import { KEY_FORMAT } from './index-key.codec';
import { upgradeKeyFormat } from './key-format.migration';
import { SqliteStore } from './sqlite.store';

const FIXTURE = new URL('./fixtures/key-format-1/sluice.sqlite', import.meta.url);
const dirs: string[] = [];

function copyOfFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-keyformat-'));
  dirs.push(dir);
  copyFileSync(FIXTURE, join(dir, 'sluice.sqlite'));
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('a data folder written with key format 1', () => {
  it('is rebuilt once on open and records the current format', () => {
    const store = new SqliteStore({ dataDir: copyOfFixture() });
    try {
      expect(store.sql.prepare("SELECT value FROM meta WHERE key = 'index_key_format'").pluck().get()).toBe(KEY_FORMAT);
      expect(upgradeKeyFormat(store.sql, store.allCollections())).toBe(0); // nothing left to do
    } finally {
      store.close();
    }
  });

  it('answers indexed queries, sorts and unique checks exactly after the rebuild', async () => {
    const server = await startEmbeddedMongo({ dataDir: copyOfFixture() });
    const client = new MongoClient(server.uri);
    try {
      const nums = client.db('fixture').collection<{ _id: unknown; email: string; name?: string }>('nums');
      const gt = await nums.find({ big: { $gt: Long.fromString('4611686018427387904') } }).toArray();
      expect(gt.map((d) => d.email)).toEqual(['b@x.io']);
      const sorted = await nums.find({}, { sort: { big: -1 } }).toArray();
      expect(sorted.map((d) => d.email)).toEqual(['b@x.io', 'a@x.io', 'c@x.io', 'd@x.io']);
      expect(await nums.findOne({ _id: Long.fromString('9007199254740993') as never })).toMatchObject({ email: 'b@x.io' });
      expect(await nums.findOne({ _id: 9007199254740992 as never })).toBeNull();
      expect((await nums.find({ name: { $gt: '\uFF21' } }).toArray()).map((d) => d.email)).toEqual(['a@x.io']);
      expect((await nums.find({ price: Decimal128.fromString('1.1') }).toArray()).map((d) => d.email)).toEqual(['a@x.io']);
      expect((await nums.find({ bin: new Binary(Buffer.from([1, 2]), 4) }).toArray()).map((d) => d.email)).toEqual(['b@x.io']);
      const plan = await nums.find({ big: { $gt: Long.fromString('4611686018427387904') } }).explain();
      expect(plan.queryPlanner.winningPlan.inputStage).toMatchObject({ stage: 'IXSCAN', indexName: 'big_1' });
      await expect(nums.insertOne({ _id: 'other', email: 'a@x.io' })).rejects.toMatchObject({ code: 11000 });
      expect((await nums.indexes()).map((i) => i.name)).toContain('expiresAt_1');
    } finally {
      await client.close();
      await server.close();
    }
  });

  it('refuses a folder written by a newer format, in a sentence', () => {
    const dir = copyOfFixture();
    const store = new SqliteStore({ dataDir: dir });
    store.sql.prepare("UPDATE meta SET value = ? WHERE key = 'index_key_format'").run(KEY_FORMAT + 1);
    store.close();
    expect(() => new SqliteStore({ dataDir: dir })).toThrow(/written by a newer version of Sluice/);
  });
});
