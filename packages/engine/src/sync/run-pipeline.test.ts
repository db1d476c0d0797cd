import { UserError } from '@sluice/core';
import { describe, expect, it } from 'vitest';
import { parseConnectionConfig } from '../config/parse-connection-config';
import { ManualClock, MemoryConnector, createMemoryStores } from '../testing';
import { runPipeline } from './run-pipeline';
import { runSync } from './run-sync';

const scope = { workspaceId: 'w1', connectionId: 'c1' };
const config = parseConnectionConfig({ format: 'sluice.connection/v1', name: 'A → B', apps: { a: { connector: 'memory' }, b: { connector: 'memory' } }, mode: 'a-to-b' });

describe('runPipeline', () => {
  it('emits the run with its counts so far after each page, then the finished run', async () => {
    const clock = new ManualClock();
    const a = new MemoryConnector({ id: 'a', clock, records: Array.from({ length: 10 }, (_, i) => ({ id: `a${i}`, email: `p${i}@x.io` })) });
    const b = new MemoryConnector({ id: 'b', clock });
    const stores = createMemoryStores();
    const seen: [string, number][] = [];
    await new Promise<void>((done, fail) =>
      runPipeline({ scope, config, connectors: { a, b }, stores, clock, pageSize: 4, newId: () => 'run1' }).subscribe({
        next: (run) => seen.push([run.status, run.counts.created.b]),
        error: fail,
        complete: done,
      }),
    );
    expect(seen).toEqual([
      ['running', 4],
      ['running', 8],
      ['running', 10],
      ['succeeded', 10],
    ]);
    expect((await stores.runs.get(scope, 'run1'))?.counts.created.b).toBe(10);
  });

  it('stops mid-page when its signal aborts: the cursor stays at the last settled page, the run is failed, a re-run creates nothing twice', async () => {
    const clock = new ManualClock();
    const a = new MemoryConnector({ id: 'a', clock, records: Array.from({ length: 12 }, (_, i) => ({ id: `a${i}`, email: `p${i}@x.io` })) });
    const b = new MemoryConnector({ id: 'b', clock });
    const stores = createMemoryStores();
    const cursors: string[] = [];
    let firstCursor!: () => void;
    const firstSettled = new Promise<void>((resolve) => (firstCursor = resolve));
    const setCheckpoint = stores.checkpoints.set.bind(stores.checkpoints);
    stores.checkpoints.set = async (s, checkpoint) => {
      await setCheckpoint(s, checkpoint);
      cursors.push(checkpoint.cursor);
      firstCursor();
    };
    // The second page's batch reaches the app, which answers only when told to.
    const upsert = b.upsertBatch.bind(b);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let writing!: () => void;
    const secondBatch = new Promise<void>((resolve) => (writing = resolve));
    b.upsertBatch = async (writes, key) => {
      if (key.includes(':aToB:1:')) {
        writing();
        await released;
      }
      return upsert(writes, key);
    };
    const controller = new AbortController();
    const run = runSync({ scope, config, connectors: { a, b }, stores, clock, pageSize: 4, newId: () => 'run1', signal: controller.signal });
    let rejected = false;
    run.catch(() => (rejected = true));
    // Stopped while page 1 writes, once page 0 has settled.
    await Promise.all([secondBatch, firstSettled]);
    controller.abort(new UserError('E_STOPPED', 'the run was stopped'));
    await new Promise((resolve) => setImmediate(resolve));
    // Nothing of the run may still be writing when it reports itself stopped.
    expect(rejected).toBe(false);
    release();
    await expect(run).rejects.toThrow('the run was stopped');
    expect(cursors).toHaveLength(1);
    expect((await stores.checkpoints.get(scope, 'aToB'))?.cursor).toBe(cursors[0]);
    expect(await stores.runs.get(scope, 'run1')).toMatchObject({ status: 'failed', errors: [{ code: 'E_STOPPED', message: 'the run was stopped' }] });
    // The app did create page 1's records, but their answer was abandoned: the intents replay them.
    expect(b.all()).toHaveLength(8);
    b.upsertBatch = upsert;
    const again = await runSync({ scope, config, connectors: { a, b }, stores, clock, pageSize: 4, newId: () => 'run2' });
    expect(again.resumedFrom).toBe('run1');
    expect(b.all()).toHaveLength(12);
    expect(new Set(b.all().map((r) => r.email)).size).toBe(12);
    expect(await stores.intents.pending(scope)).toEqual([]);
    expect(await stores.links.count(scope)).toBe(12);
  });

  it('fails a run whose signal was aborted before it started, without reading anything', async () => {
    const clock = new ManualClock();
    const a = new MemoryConnector({ id: 'a', clock, records: [{ id: 'a1', email: 'p1@x.io' }] });
    const b = new MemoryConnector({ id: 'b', clock });
    const stores = createMemoryStores();
    const controller = new AbortController();
    controller.abort(new UserError('E_STOPPED', 'paused'));
    await expect(runSync({ scope, config, connectors: { a, b }, stores, clock, newId: () => 'run1', signal: controller.signal })).rejects.toThrow('paused');
    expect(b.calls).toEqual([]);
    expect((await stores.runs.get(scope, 'run1'))?.status).toBe('failed');
  });
});
