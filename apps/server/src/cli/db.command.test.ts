import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';

// Runs the real `sluice db` in a child process, as a user would.
const root = resolve(fileURLToPath(import.meta.url), '../../../../..');
const bin = join(root, 'apps/server/bin/sluice-dev.mjs');
const dir = mkdtempSync(join(tmpdir(), 'sluice-db-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function startDb(...args: string[]) {
  const child = spawn(process.execPath, [bin, 'db', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<number>((done) => child.once('exit', (code) => done(code ?? -1)));
  const firstLine = new Promise<string>((done) => {
    createInterface({ input: child.stdout }).once('line', done);
    void exit.then(() => done(''));
  });
  return { child, firstLine, exit, stderr: () => stderr };
}

describe('sluice db', () => {
  it('prints the URI, serves the driver, and stops cleanly on SIGTERM with data kept', async () => {
    const data = join(dir, 'data');
    const db = startDb('--port', '0', '--data', data);
    const uri = await db.firstLine;
    expect(uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
    const client = new MongoClient(uri);
    await client.db('app').collection('c').insertOne({ hello: 'world' });
    await client.close();
    db.child.kill('SIGTERM');
    expect(await db.exit).toBe(0);

    const again = startDb('--port', '0', '--data', data);
    const client2 = new MongoClient(await again.firstLine);
    expect(await client2.db('app').collection('c').findOne({}, { projection: { _id: 0 } })).toEqual({ hello: 'world' });
    await client2.close();
    again.child.kill('SIGINT');
    expect(await again.exit).toBe(0);
  });

  it('rejects a bad port in one line', async () => {
    const db = startDb('--port', 'abc');
    expect(await db.exit).toBe(1);
    expect(db.stderr().trim()).toBe('sluice: --port must be a number from 0 to 65535, got "abc"');
  });
});
