/**
 * Compatibility suite, part 3: data survives a clean restart and a kill -9 of the server process
 * right after acknowledged writes; one data folder cannot be opened by two servers at once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { MongoClient, ObjectId } from 'mongodb';
import { startEmbeddedMongo } from './index';

const repoRoot = resolve(import.meta.dirname, '../../..');
const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-embedded-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function spawnServer(dataDir: string): Promise<{ child: ChildProcess; uri: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'serve.script.ts'), dataDir], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const uri = await new Promise<string>((ok, fail) => {
    lines.once('line', (line) => ok((JSON.parse(line) as { uri: string }).uri));
    child.once('exit', (code) => fail(new Error(`server exited early with ${String(code)}`)));
  });
  return { child, uri };
}

describe('durability', () => {
  it('keeps documents, indexes and their rules across a clean restart', async () => {
    const dataDir = tempDir();
    let server = await startEmbeddedMongo({ dataDir });
    let client = new MongoClient(server.uri);
    const id = new ObjectId();
    await client.db('app').collection('users').createIndex({ email: 1 }, { unique: true });
    await client.db('app').collection('users').insertOne({ _id: id, email: 'a@x.io', n: 1 });
    await client.db('app').collection('users').updateOne({ _id: id }, { $inc: { n: 1 } });
    await client.close();
    await server.close();

    server = await startEmbeddedMongo({ dataDir });
    client = new MongoClient(server.uri);
    const users = client.db('app').collection('users');
    expect(await users.findOne({ email: 'a@x.io' })).toEqual({ _id: id, email: 'a@x.io', n: 2 });
    await expect(users.insertOne({ email: 'a@x.io' })).rejects.toMatchObject({ code: 11000 });
    expect((await users.find({ email: 'a@x.io' }).explain()).queryPlanner.winningPlan.inputStage.indexName).toBe('email_1');
    await client.close();
    await server.close();
  });

  it('refuses a second server on a data folder that is in use', async () => {
    const dataDir = tempDir();
    const server = await startEmbeddedMongo({ dataDir });
    const client = new MongoClient(server.uri);
    await client.db('x').collection('y').insertOne({ a: 1 });
    await expect(startEmbeddedMongo({ dataDir })).rejects.toThrow(/locked/);
    await client.close();
    await server.close();
  });

  it('loses no acknowledged write when the server process is killed with SIGKILL', { timeout: 60_000 }, async () => {
    const dataDir = tempDir();
    const { child, uri } = await spawnServer(dataDir);
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 2000, retryWrites: false, maxPoolSize: 4 });
    const coll = client.db('app').collection('contacts');
    await coll.createIndex({ email: 1 }, { unique: true });
    await coll.insertMany(Array.from({ length: 500 }, (_, i) => ({ email: `bulk${i}@x.io`, v: 0 })));
    await coll.updateMany({}, { $set: { v: 1 } });

    const acked: string[] = [];
    let stop = false;
    const writers = Array.from({ length: 4 }, async (_, w) => {
      for (let i = 0; !stop; i++) {
        const email = `w${w}-${i}@x.io`;
        try {
          await coll.insertOne({ email, w });
          acked.push(email);
        } catch {
          return;
        }
      }
    });
    // Kill under load: once writes are being acknowledged, more are in flight on every writer.
    for (const end = Date.now() + 30_000; acked.length < 50 && Date.now() < end; ) await new Promise((r) => setTimeout(r, 10));
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    stop = true;
    await Promise.all(writers);
    await client.close(true);
    expect(acked.length).toBeGreaterThan(10);

    const server = await startEmbeddedMongo({ dataDir });
    const reader = new MongoClient(server.uri);
    const back = reader.db('app').collection('contacts');
    expect(await back.countDocuments({ email: /^bulk/, v: 1 })).toBe(500);
    const found = new Set((await back.find({ w: { $exists: true } }).toArray()).map((d) => d.email as string));
    const lost = acked.filter((e) => !found.has(e));
    expect(lost).toEqual([]);
    await expect(back.insertOne({ email: 'bulk0@x.io' })).rejects.toMatchObject({ code: 11000 });
    await reader.close();
    await server.close();
  });
});
