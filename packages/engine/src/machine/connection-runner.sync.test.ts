import { OperationalError } from '@sluice/core';
import { describe, expect, it } from 'vitest';
import { SimulatedClock, waitFor } from 'xstate';
import { parseConnectionConfig } from '../config/parse-connection-config';
import type { ChangePage, ContactWrite, WriteResult } from '../ports/connector.port';
import type { Run } from '../ports/runs.port';
import { runSync } from '../sync/run-sync';
import { ManualClock, MemoryConnector, MemoryMachineSnapshots, createMemoryStores } from '../testing';
import { startConnection, stateName } from './connection-runner';

/**
 * The connection machine driving the real sync pipeline over memory apps and stores: what the
 * machine's pause does to a run in flight, and what a failing app does to the machine.
 */
const scope = { workspaceId: 'w', connectionId: 'c' };
const config = parseConnectionConfig({ format: 'sluice.connection/v1', name: 'A → B', apps: { a: { connector: 'memory' }, b: { connector: 'memory' } }, mode: 'a-to-b' });

/** A promise and the function that resolves it. */
function gate<T = void>(): { promise: Promise<T>; open: (value: T) => void } {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}

function setup(records: number) {
  const clock = new ManualClock();
  const a = new MemoryConnector({ id: 'a', clock, records: Array.from({ length: records }, (_, i) => ({ id: `a${i}`, email: `p${i}@x.io` })) });
  const b = new MemoryConnector({ id: 'b', clock });
  const stores = createMemoryStores();
  // What the machine's runs read from A, page by page, and whether the feed was closed.
  const feed: string[] = [];
  const changes = a.changes.bind(a);
  a.changes = async function* (cursor, options): AsyncIterable<ChangePage> {
    try {
      for await (const page of changes(cursor, options)) {
        feed.push(`page ${page.cursor}`);
        yield page;
      }
    } finally {
      feed.push('closed');
    }
  };
  // The runs as the stores see them finish.
  const finished: Run[] = [];
  let onFinish: ((run: Run) => void) | undefined;
  const finish = stores.runs.finish.bind(stores.runs);
  stores.runs.finish = async (s, id, result) => {
    await finish(s, id, result);
    const run = (await stores.runs.get(s, id))!;
    finished.push(run);
    onFinish?.(run);
  };
  const runFinished = () => {
    const g = gate<Run>();
    onFinish = g.open;
    return g.promise;
  };
  // What B does before it applies the first run's second page (page 1) of writes.
  let beforePage1: () => Promise<void> = async () => {};
  const upsert = b.upsertBatch.bind(b);
  b.upsertBatch = async (writes: readonly ContactWrite[], key: string): Promise<WriteResult[]> => {
    if (key.startsWith('run1:aToB:1:')) await beforePage1();
    return upsert(writes, key);
  };
  const onPage1 = (hook: () => Promise<void>) => (beforePage1 = hook);
  let runs = 0;
  /** The machine started and authorised, in `ready`. */
  const ready = async () => {
    const connection = await startConnection({
      scope,
      snapshots: new MemoryMachineSnapshots(),
      timers: new SimulatedClock(),
      checkAuth: async () => {},
      validateConfig: async () => {},
      runSync: async (job, signal) => {
        const run = await runSync({ scope, config, connectors: { a, b }, stores, clock, kind: job.kind, pageSize: 4, newId: () => `run${++runs}`, signal });
        return { runId: run.id };
      },
    });
    connection.send({ type: 'AUTHORIZE' });
    await waitFor(connection.actor, (snapshot) => snapshot.matches('ready'));
    return connection;
  };
  return { b, stores, feed, finished, runFinished, onPage1, ready };
}

describe('the connection machine over a real sync run', () => {
  it('pausing mid-page unsubscribes the run: nothing more is read or written, the cursor stays at the last settled page, and resuming finishes the work once', async () => {
    const { b, stores, feed, finished, runFinished, onPage1, ready } = setup(24);
    const cursors: string[] = [];
    const firstSettled = gate();
    const setCheckpoint = stores.checkpoints.set.bind(stores.checkpoints);
    stores.checkpoints.set = async (s, checkpoint) => {
      await setCheckpoint(s, checkpoint);
      cursors.push(checkpoint.cursor);
      firstSettled.open();
    };
    // Page 1's batch reaches B, which answers only when told to.
    const secondBatch = gate();
    const answer = gate();
    onPage1(async () => {
      secondBatch.open();
      await answer.promise;
    });
    const connection = await ready();
    const stopped = runFinished();
    connection.send({ type: 'START' });
    await Promise.all([secondBatch.promise, firstSettled.promise]);

    connection.send({ type: 'PAUSE' });
    expect(stateName(connection.actor.getSnapshot().value)).toBe('paused');
    const readAtPause = feed.filter((f) => f.startsWith('page'));
    // The run waits for the batch B is still answering before it records itself stopped.
    await new Promise((resolve) => setImmediate(resolve));
    expect(finished).toEqual([]);
    answer.open();
    const run1 = await stopped;
    expect(run1).toMatchObject({ id: 'run1', status: 'failed' });
    expect(cursors).toEqual(['4']);
    expect((await stores.checkpoints.get(scope, 'aToB'))?.cursor).toBe('4');
    // Nothing was read after the pause (the two pages after the one writing were read ahead), the
    // feed was closed, and only pages 0 and 1 were sent to B.
    expect(readAtPause).toEqual(['page 4', 'page 8', 'page 12', 'page 16']);
    expect(feed).toEqual([...readAtPause, 'closed']);
    expect(b.calls.map((c) => c.key.split(':').slice(0, 3).join(':'))).toEqual(['run1:aToB:0', 'run1:aToB:1']);
    expect(stateName(connection.actor.getSnapshot().value)).toBe('paused');

    connection.send({ type: 'RESUME' });
    await waitFor(connection.actor, (s) => s.matches('live'));
    expect(finished.map((r) => [r.id, r.status])).toEqual([
      ['run1', 'failed'],
      ['run2', 'succeeded'],
    ]);
    expect(finished[1]!.resumedFrom).toBe('run1');
    expect(b.all()).toHaveLength(24);
    expect(new Set(b.all().map((r) => r.email)).size).toBe(24);
    expect(await stores.links.count(scope)).toBe(24);
    await connection.stop();
  });

  it("an app's failure mid-run reaches the machine, which backs off with its error; the pages before it stay settled", async () => {
    const { stores, finished, runFinished, onPage1, ready } = setup(12);
    onPage1(async () => {
      throw new OperationalError('E_RATE_LIMITED', 'Memory b asks to slow down', 30_000);
    });
    const connection = await ready();
    const failed = runFinished();
    connection.send({ type: 'START' });
    const snapshot = await waitFor(connection.actor, (s) => s.matches('initialBackoff'));
    expect(snapshot.context).toMatchObject({ attempt: 1, retryAfterMs: 30_000, lastError: { code: 'E_RATE_LIMITED', message: 'Memory b asks to slow down' } });
    expect(await failed).toMatchObject({ id: 'run1', status: 'failed', errors: [{ code: 'E_RATE_LIMITED', message: 'Memory b asks to slow down' }] });
    expect(finished).toHaveLength(1);
    expect((await stores.checkpoints.get(scope, 'aToB'))?.cursor).toBe('4');
    expect(await stores.links.count(scope)).toBe(4);
    await connection.stop();
  });
});
