import type { Db } from 'mongodb';
import { expect, it } from 'vitest';
import { COLLECTIONS } from './collection-names';
import { openStore } from './open-store';
import { describeStore, TEST_SECRET_KEY } from './testing/describe-store';

const DAY = 24 * 3600_000;

async function ttlOf(db: Db, collection: string, name: string): Promise<number | undefined> {
  const index = (await db.collection(collection).listIndexes().toArray()).find((i) => i.name === name);
  return index?.expireAfterSeconds as number | undefined;
}

describeStore('retention', (ctx) => {
  it('sets the TTL indexes of events, runs and audit entries to the defaults: 90, 90 and 365 days', async () => {
    expect(ctx.store.retention).toEqual({ eventDays: 90, runDays: 90, auditDays: 365 });
    expect(await ttlOf(ctx.store.db, COLLECTIONS.recordEvents, 'date_ttl')).toBe(90 * 86400);
    expect(await ttlOf(ctx.store.db, COLLECTIONS.runs, 'finished_ttl')).toBe(90 * 86400);
    expect(await ttlOf(ctx.store.db, COLLECTIONS.auditLog, 'date_ttl')).toBe(365 * 86400);
  });

  it('changes the indexes of an existing database when the retention changes, keeping its documents', async () => {
    const scope = { workspaceId: 'w-change', connectionId: 'c1' };
    await ctx.store.audit.append('w-change', { actor: { type: 'system', name: 'test' }, action: 'x', target: { type: 'workspace', id: 'w-change' }, summary: 'kept' }, Date.now());
    await ctx.store.events.insertMany(scope, [{ runId: 'r', direction: 'aToB', sourceId: 's', outcome: 'created', at: Date.now() } as never]);
    const other = await openStore({ uri: ctx.uri, dbName: ctx.dbName, secretKey: TEST_SECRET_KEY, retention: { eventDays: 7, runDays: 14, auditDays: 730 } });
    try {
      expect(await ttlOf(other.db, COLLECTIONS.recordEvents, 'date_ttl')).toBe(7 * 86400);
      expect(await ttlOf(other.db, COLLECTIONS.runs, 'finished_ttl')).toBe(14 * 86400);
      expect(await ttlOf(other.db, COLLECTIONS.auditLog, 'date_ttl')).toBe(730 * 86400);
      expect((await other.audit.page('w-change', { page: 0, pageSize: 10 })).entries.map((e) => e.summary)).toEqual(['kept']);
      expect(await other.events.query(scope, {})).toHaveLength(1);
    } finally {
      await other.close();
    }
    // And back: opening with the defaults again restores them.
    const again = await openStore({ uri: ctx.uri, dbName: ctx.dbName, secretKey: TEST_SECRET_KEY });
    try {
      expect(await ttlOf(again.db, COLLECTIONS.recordEvents, 'date_ttl')).toBe(90 * 86400);
    } finally {
      await again.close();
    }
  });

  it('removes audit entries and finished runs older than the retention; keeps newer ones and runs still going', async () => {
    const now = Date.now();
    const actor = { type: 'system', name: 'test' } as const;
    const entry = (summary: string) => ({ actor, action: 'x', target: { type: 'workspace' as const, id: 'w-ttl' }, summary });
    // The clock given to append, not the wall clock, dates each entry.
    await ctx.store.audit.append('w-ttl', entry('400 days old'), now - 400 * DAY);
    await ctx.store.audit.append('w-ttl', entry('300 days old'), now - 300 * DAY);
    const scope = { workspaceId: 'w-ttl', connectionId: 'c1' };
    const run = (id: string, startedAt: number) => ({ id, kind: 'incremental' as const, status: 'running' as const, startedAt, counts: {} as never, errors: [] });
    await ctx.store.runs.start(scope, run('old', now - 120 * DAY));
    await ctx.store.runs.finish(scope, 'old', { status: 'succeeded', counts: {} as never, finishedAt: now - 100 * DAY, durationMs: 1, errors: [] });
    await ctx.store.runs.start(scope, run('recent', now - 10 * DAY));
    await ctx.store.runs.finish(scope, 'recent', { status: 'succeeded', counts: {} as never, finishedAt: now - 10 * DAY, durationMs: 1, errors: [] });
    await ctx.store.runs.start(scope, run('going', now - 200 * DAY));
    await expect.poll(async () => (await ctx.store.audit.page('w-ttl', { page: 0, pageSize: 10 })).entries.map((e) => e.summary), { timeout: 20_000, interval: 200 }).toEqual(['300 days old']);
    await expect.poll(async () => (await ctx.store.runs.list(scope)).map((r) => r.id).sort(), { timeout: 20_000, interval: 200 }).toEqual(['going', 'recent']);
  }, 45_000);
});
