import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestEnv, silentLog, type TestEnv } from '../testing/test-env';
import { SyncWorker } from '@sluice/runtime';

let env: TestEnv;
beforeAll(async () => {
  env = await openTestEnv({ workers: false }); // only this test's worker may pick the connection
});
afterAll(async () => env.close());

const line = (i: number) => JSON.stringify({ id: `r${i}`, email: `person${i}@example.com`, firstName: `P${i}`, tags: [], lists: [], custom: {}, updatedAt: '2026-01-01T00:00:00.000Z' });

describe('SyncWorker', () => {
  it('holds a lease while running, and on stop lets the run end cleanly and releases the lease', async () => {
    const { caller, user } = await env.signUp();
    const files = await env.filesOf(user.workspaceId);
    await writeFile(join(files, 'big-a.jsonl'), Array.from({ length: 3000 }, (_, i) => line(i)).join('\n') + '\n');
    await writeFile(join(files, 'big-b.jsonl'), '');
    const connection = await caller.connections.create({
      name: 'big',
      apps: { a: { connector: 'jsonl', config: { path: 'big-a.jsonl' } }, b: { connector: 'jsonl', config: { path: 'big-b.jsonl' } } },
      mode: 'a-to-b',
    });
    const worker = new SyncWorker({ db: env.store, connectors: env.connectors, log: silentLog, pollMs: 20, leaseTtlMs: 30_000 });
    const scope = { workspaceId: user.workspaceId, connectionId: connection.id };
    // Active in the database, but only this worker (not the test env's) may pick it: start through the store.
    await env.store.connections.setStatus(user.workspaceId, connection.id, 'active');
    worker.start();
    let lease = null;
    for (let i = 0; i < 400 && !lease; i++) {
      lease = await env.store.leases.get(user.workspaceId, connection.id);
      if (!lease) await new Promise((r) => setTimeout(r, 10));
    }
    expect(lease?.owner).toBe(worker.owner);
    // The machine authorises, then starts the initial sync: stop while that run is going on.
    for (let i = 0; i < 400 && (await env.store.runs.list(scope, { limit: 1 })).length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    await worker.stop();
    // Released: another worker can take the connection at once.
    expect(await env.store.leases.acquire(user.workspaceId, connection.id, 'someone-else', 30_000, Date.now())).not.toBeNull();
    const [run] = await env.store.runs.list(scope, { limit: 1 });
    expect(run).toBeDefined();
    expect(run!.status).not.toBe('running');
    // Whatever was written was recorded: every created record is linked.
    expect(await env.store.links.count(scope)).toBe(run!.counts.created.b);
    await env.store.connections.setStatus(user.workspaceId, connection.id, 'paused');
  });
});
