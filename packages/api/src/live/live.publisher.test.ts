import type { ConnectionScope, Run } from '@sluice/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeEvent, SyncRuntime } from '@sluice/runtime';
import { openTestEnv, type TestEnv } from '../testing';
import { LivePublisher } from '@sluice/runtime';

let env: TestEnv;
beforeAll(async () => {
  env = await openTestEnv({ workers: false });
});
afterAll(async () => env?.close());

/**
 * The runtime's event side only (what the publisher uses), driven by the test: the real workers'
 * events go through the same `subscribe` (see sync-worker.machine.test and the cross-process test).
 */
class EventSource implements Pick<SyncRuntime, 'subscribe'> {
  readonly listeners = new Map<string, Set<(e: RuntimeEvent) => void>>();
  subscribe(workspaceId: string, listener: (e: RuntimeEvent) => void): () => void {
    const set = this.listeners.get(workspaceId) ?? new Set();
    set.add(listener);
    this.listeners.set(workspaceId, set);
    return () => set.delete(listener);
  }
  emit(e: RuntimeEvent): void {
    for (const l of this.listeners.get(e.workspaceId) ?? []) l(e);
  }
}

const runtimeOf = (source: EventSource): SyncRuntime => ({
  subscribe: (ws, l) => source.subscribe(ws, l),
  send: () => Promise.reject(new Error('not used')),
  wake: () => undefined,
  halt: () => Promise.reject(new Error('not used')),
  resyncRecord: (_s: ConnectionScope) => Promise.reject(new Error('not used')),
});

const counts = (created: number) => ({ read: { a: created, b: 0 }, created: { a: 0, b: created }, updated: { a: 0, b: 0 }, skipped: 0, excluded: 0, conflicts: 0, failed: 0, trashed: 0 });

describe('live publisher', () => {
  it('writes a tick of events as one batch, in order, keeping only the latest progress of a run', async () => {
    const source = new EventSource();
    let writes = 0;
    const publisher = new LivePublisher({ repo: env.store.live, onWritten: () => writes++ }).attach(runtimeOf(source));
    publisher.watch('wp1');
    publisher.watch('wp1');
    expect(source.listeners.get('wp1')?.size).toBe(1);
    const base = { workspaceId: 'wp1', connectionId: 'c1', at: 1 };
    source.emit({ ...base, type: 'state', state: 'initialSync' });
    for (const n of [10, 20, 30]) source.emit({ ...base, type: 'progress', runId: 'r1', counts: counts(n) });
    source.emit({ ...base, type: 'run', run: { id: 'r1', kind: 'initial', status: 'succeeded', startedAt: 1, counts: counts(30), errors: [] } as Run });
    source.emit({ ...base, type: 'state', state: 'live.idle' });
    source.emit({ ...base, workspaceId: 'not-watched', type: 'state', state: 'ready' });
    await publisher.flushed();
    const feed = await env.store.live.after<RuntimeEvent>('wp1', 0);
    expect(feed.map((r) => [r.seq, r.event.type === 'state' ? r.event.state : r.event.type])).toEqual([
      [1, 'initialSync'],
      [2, 'progress'],
      [3, 'run'],
      [4, 'live.idle'],
    ]);
    expect(feed[1]!.event).toMatchObject({ counts: { created: { b: 30 } } });
    expect(writes).toBe(1);
    expect(await env.store.live.head('not-watched')).toBe(0);
    await publisher.close();
    expect(source.listeners.get('wp1')?.size).toBe(0);
  });

  it('watches every workspace the workers may take before they take it', async () => {
    const owner = await env.signUp();
    const connection = await owner.caller.connections.create({
      name: 'files',
      apps: { a: { connector: 'sandbox-crm', config: {} }, b: { connector: 'sandbox-outreach', config: {} } },
      mode: 'a-to-b',
    });
    await owner.caller.connections.start({ id: connection.id });
    const source = new EventSource();
    const publisher = new LivePublisher({ repo: env.store.live });
    const store = publisher.watchingActive(env.store);
    publisher.attach(runtimeOf(source));
    expect(source.listeners.has(owner.user.workspaceId)).toBe(false);
    const scopes = await store.connections.listActiveScopes();
    expect(scopes).toContainEqual({ workspaceId: owner.user.workspaceId, connectionId: connection.id });
    expect(source.listeners.get(owner.user.workspaceId)?.size).toBe(1);
    // Everything else about the store is the store itself.
    expect(store.live).toBe(env.store.live);
    expect((await store.connections.get(owner.user.workspaceId, connection.id))?.id).toBe(connection.id);
    await publisher.close();
  });
});
