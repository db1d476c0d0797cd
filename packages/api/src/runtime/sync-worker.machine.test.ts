import type { Connector, ConnectorFactory } from '@sluice/engine';
import { MemoryConnector, rateLimited } from '@sluice/engine/testing';
import { UserError } from '@sluice/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestEnv, silentLog, type TestEnv } from '../testing/test-env';
import { until } from '../testing/until';
import { SyncWorker } from '@sluice/runtime';

/** An app whose API key the test can revoke: every call with another key is refused, as a real app does. */
function gatedApp(id: string, inner: MemoryConnector, gate: { key: string }): ConnectorFactory {
  const app = { ...inner.app, auth: { kind: 'apiKey' as const } };
  return {
    app,
    create: (context) => {
      const check = () => {
        if (context.credential?.apiKey !== gate.key) throw new UserError('E_AUTH_REJECTED', `${id} rejected the API key (401): it was revoked or is wrong`);
      };
      const connector: Connector = {
        app,
        fieldCatalog: () => inner.fieldCatalog(),
        checkAuth: async () => check(),
        changes: async function* (cursor, options) {
          check();
          yield* inner.changes(cursor, options);
        },
        getMany: async (ids) => (check(), inner.getMany(ids)),
        findByKey: async (key, values) => (check(), inner.findByKey(key, values)),
        upsertBatch: async (writes, idempotencyKey) => (check(), inner.upsertBatch(writes, idempotencyKey)),
      };
      return connector;
    },
  };
}

const people = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `p${i}`, email: `p${i}@example.com`, firstName: `P${i}` }));

let env: TestEnv;
const crm = new MemoryConnector({ id: 'gated-crm', records: people(20) });
const outreach = new MemoryConnector({ id: 'gated-outreach' });
const gate = { key: 'key-1' };
// A second pair that nothing else writes to, for the rate-limit test.
const slowCrm = new MemoryConnector({ id: 'slow-crm', records: people(5) });
const slowOutreach = new MemoryConnector({ id: 'slow-outreach' });
beforeAll(async () => {
  env = await openTestEnv({
    factories: [gatedApp('gated-crm', crm, gate), gatedApp('gated-outreach', outreach, { key: 'out' }), gatedApp('slow-crm', slowCrm, { key: 'k' }), gatedApp('slow-outreach', slowOutreach, { key: 'out' })],
  });
  env.worker.start();
});
afterAll(async () => env.close());

async function connect(pair: 'gated' | 'slow' = 'gated') {
  const { caller, user } = await env.signUp();
  const a = await caller.credentials.add({ app: `${pair}-crm`, label: 'CRM', secret: { apiKey: pair === 'gated' ? gate.key : 'k' } });
  const b = await caller.credentials.add({ app: `${pair}-outreach`, label: 'Outreach', secret: { apiKey: 'out' } });
  const connection = await caller.connections.create({
    name: pair,
    apps: { a: { connector: `${pair}-crm`, config: {}, credentialId: a.id }, b: { connector: `${pair}-outreach`, config: {}, credentialId: b.id } },
    mode: 'a-to-b',
  });
  const state = async (want: string | RegExp) =>
    until(`state ${String(want)}`, async () => {
      const s = await caller.connections.status({ id: connection.id });
      return (typeof want === 'string' ? s.state === want : want.test(s.state)) && s;
    });
  return { caller, user, connection, credentialA: a, state };
}

/**
 * Resolves once the worker owning the connection has renewed its lease `times` more times. Each
 * renewal opens a worker tick that reconciles the connection: where a premature retry would start.
 */
async function ticks(workspaceId: string, connectionId: string, times: number): Promise<void> {
  let last = (await env.store.leases.get(workspaceId, connectionId))?.expiresAt;
  let seen = 0;
  await until(`${times} worker ticks`, async () => {
    const now = (await env.store.leases.get(workspaceId, connectionId))?.expiresAt;
    if (now !== last) seen++;
    last = now;
    return seen >= times;
  });
}

describe('sync workers on the connection machine', () => {
  it('runs the machine: initial sync to live.idle, pause and resume as machine states, visible through the API and live events', async () => {
    const { caller, connection, state } = await connect();
    const events: string[] = [];
    const stream = await caller.live.connections({ connectionId: connection.id });
    void (async () => {
      for await (const envelope of stream as AsyncIterable<unknown>) {
        const e = (envelope as [string, { type: string; state?: string }])[1];
        events.push(e.type === 'state' ? `state:${e.state}` : e.type);
      }
    })();
    expect((await caller.connections.status({ id: connection.id })).state).toBe('draft');
    await caller.connections.start({ id: connection.id });
    const live = await state('live.idle');
    expect(live.lastRun).toMatchObject({ kind: 'initial', status: 'succeeded' });
    expect(live.worker?.owner).toBe(env.worker.owner);
    expect(live.links).toBe(20);
    await until('live events', async () => events.includes('state:live.idle'));
    expect(events).toEqual(expect.arrayContaining(['state:authorizing', 'state:ready', 'state:initialSync', 'run', 'state:live.idle']));

    expect((await caller.connections.pause({ id: connection.id })).state).toBe('paused');
    // The worker lets a paused connection go: its lease is released, the stored state stays paused.
    await until('lease released', async () => !(await caller.connections.status({ id: connection.id })).worker);
    expect((await caller.connections.status({ id: connection.id })).state).toBe('paused');

    crm.add({ email: 'new@example.com', firstName: 'New' });
    await caller.connections.resume({ id: connection.id });
    await until('the change synced after resume', async () => (await caller.connections.status({ id: connection.id })).links === 21);
    await state('live.idle');
    const runs = await caller.history.runs({ connectionId: connection.id });
    expect(runs.map((r) => r.kind)).toEqual(['incremental', 'initial']);
    await caller.connections.pause({ id: connection.id });
  });

  it('goes to needsReauth with the app message when the key is revoked, and back to live after re-authorising', async () => {
    const { caller, connection, credentialA, state } = await connect();
    await caller.connections.start({ id: connection.id });
    await state('live.idle');
    gate.key = 'key-2'; // revoked at the app
    await caller.connections.syncNow({ id: connection.id });
    const reauth = await state('needsReauth');
    expect(reauth.stateError).toMatchObject({ code: 'E_AUTH_REJECTED', message: expect.stringMatching(/rejected the API key/) });
    await caller.credentials.reauthorize({ id: credentialA.id, secret: { apiKey: 'key-2' } });
    const back = await state('live.idle');
    expect(back.stateError).toBeNull();
    await caller.connections.pause({ id: connection.id });
    gate.key = 'key-1';
  });

  it('backs off after a 429, honouring Retry-After, with the reason visible', async () => {
    const { caller, user, connection, state } = await connect('slow');
    slowOutreach.failWrites(rateLimited(120_000));
    await caller.connections.start({ id: connection.id });
    const backoff = await state('initialBackoff');
    expect(backoff.stateError).toMatchObject({ code: 'E_RATE_LIMITED' });
    expect(backoff.lastRun).toMatchObject({ kind: 'initial', status: 'failed' });
    // The machine waits at least what the app asked for (its timer, restored from this snapshot after a restart).
    const stored = await env.store.snapshots.load({ workspaceId: user.workspaceId, connectionId: connection.id });
    expect((stored?.snapshot as { context: { retryAfterMs?: number; attempt: number } }).context).toMatchObject({ retryAfterMs: 120_000, attempt: 1 });
    await ticks(user.workspaceId, connection.id, 3);
    expect((await caller.connections.status({ id: connection.id })).state).toBe('initialBackoff');
    // "Sync now" retries at once instead of waiting out the two minutes.
    await caller.connections.syncNow({ id: connection.id });
    await state('live.idle');
    await caller.connections.pause({ id: connection.id });
  });

  it('restores the machine after a restart: a live connection stays live, catching up at once without a new initial sync', async () => {
    const { caller, user, connection, state } = await connect();
    await caller.connections.start({ id: connection.id });
    await state('live.idle');
    await env.worker.stop(); // the server shuts down: leases released, snapshot stored
    const scope = { workspaceId: user.workspaceId, connectionId: connection.id };
    expect(await env.store.leases.get(user.workspaceId, connection.id).then((l) => l && l.expiresAt > Date.now() && l.owner === env.worker.owner)).toBeFalsy();
    expect((await env.store.snapshots.load(scope))?.state).toBe('live.idle');

    const restarted = new SyncWorker({ db: env.store, connectors: env.connectors, log: silentLog, pollMs: 50, leaseTtlMs: 10_000, intervalMs: 60_000 });
    restarted.start();
    try {
      await until('taken by the restarted worker', async () => restarted.connections().some((c) => c.connectionId === connection.id));
      // No "sync now" and a 60 s interval: only the restore's wake-up can start this run.
      await until('an incremental run', async () => (await caller.history.runs({ connectionId: connection.id })).length === 2);
      const runs = await caller.history.runs({ connectionId: connection.id });
      expect(runs.map((r) => r.kind)).toEqual(['incremental', 'initial']);
      expect((await env.store.snapshots.load(scope))?.state).toMatch(/^live\./);
      await env.store.connections.setStatus(user.workspaceId, connection.id, 'paused');
    } finally {
      await restarted.stop();
      env.worker.start();
    }
  });

  it("moves a dead worker's connection to another worker when its lease expires, restoring the machine", async () => {
    const { caller, user, connection, state } = await connect();
    await caller.connections.start({ id: connection.id });
    await state('live.idle');
    await env.worker.stop();
    // What a killed worker leaves behind: its snapshot, and a lease nobody renews.
    const ttl = 1_000;
    const dead = await env.store.leases.acquire(user.workspaceId, connection.id, 'dead-worker', ttl, Date.now());
    expect(dead).not.toBeNull();
    // The other worker's refused attempts on this connection: the signal that it tried while the lease lived.
    const refused: number[] = [];
    const leases = Object.create(env.store.leases) as typeof env.store.leases;
    leases.acquire = async (workspaceId, connectionId, owner, ttlMs, now) => {
      const lease = await env.store.leases.acquire(workspaceId, connectionId, owner, ttlMs, now);
      if (connectionId === connection.id && !lease) refused.push(now);
      return lease;
    };
    const other = new SyncWorker({ db: { ...env.store, leases }, connectors: env.connectors, log: silentLog, pollMs: 50, leaseTtlMs: 10_000, intervalMs: 60_000 });
    other.start();
    try {
      await until('the other worker refused while the lease lived', async () => refused.length > 0);
      expect(other.connections().some((c) => c.connectionId === connection.id)).toBe(false);
      await until('taken over after the lease expired', async () => other.connections().some((c) => c.connectionId === connection.id), ttl + 5_000);
      expect((await env.store.leases.get(user.workspaceId, connection.id))?.owner).toBe(other.owner);
      expect((await caller.connections.status({ id: connection.id })).state).toMatch(/^live\./);
      // The taken-over connection was idle: it catches up at once instead of waiting for a timer
      // the dead worker took with it.
      await until('a catch-up run by the new owner', async () => (await caller.history.runs({ connectionId: connection.id })).length === 2);
      expect((await caller.history.runs({ connectionId: connection.id })).map((r) => r.kind)).toEqual(['incremental', 'initial']);
      await env.store.connections.setStatus(user.workspaceId, connection.id, 'paused');
    } finally {
      await other.stop();
      env.worker.start();
    }
  });
});
