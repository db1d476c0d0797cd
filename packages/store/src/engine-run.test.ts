import { parseConnectionConfig, runSummary, runSync } from '@sluice/engine';
import { ManualClock, MemoryConnector } from '@sluice/engine/testing';
import { expect, it } from 'vitest';
import { describeStore } from './testing/describe-store';

describeStore('engine sync runs over the MongoDB stores', (ctx) => {
  it('a two-way initial sync persists links, checkpoints, runs, events and health; the next run writes nothing', async () => {
    const scope = { workspaceId: 'w-run', connectionId: 'c-run' };
    const clock = new ManualClock(Date.now());
    const a = new MemoryConnector({ id: 'a', clock, batchLimit: 7 });
    const b = new MemoryConnector({ id: 'b', clock, batchLimit: 5 });
    for (let i = 0; i < 30; i++) a.add({ email: `a${i}@x.io`, firstName: `A${i}`, address: { city: 'Gent' } });
    for (let i = 0; i < 12; i++) b.add({ email: `b${i}@x.io`, lastName: `B${i}` });
    b.add({ email: 'a3@x.io', company: 'Shared' });
    const config = parseConnectionConfig({
      format: 'sluice.connection/v1',
      name: 'A ↔ B',
      apps: { a: { connector: 'memory' }, b: { connector: 'memory' } },
    });
    let n = 0;
    const sync = async () => {
      clock.advance(1000);
      const run = await runSync({ scope, config, connectors: { a, b }, stores: ctx.store.syncStores, clock, pageSize: 8, newId: () => `run${++n}` });
      return runSummary(run.counts);
    };
    const first = await sync();
    expect(first.created).toEqual({ a: 12, b: 29 });
    expect(a.all()).toHaveLength(42);
    expect(b.all()).toHaveLength(42);
    expect(await ctx.store.links.count(scope)).toBe(42);
    expect(await ctx.store.checkpoints.get(scope, 'aToB')).not.toBeNull();
    expect(await ctx.store.intents.pending(scope)).toEqual([]);
    const callsA = a.calls.length;
    const callsB = b.calls.length;
    const second = await sync();
    expect(second).toMatchObject({ created: { a: 0, b: 0 }, updated: { a: 0, b: 0 }, failed: 0 });
    expect(a.calls.length).toBe(callsA);
    expect(b.calls.length).toBe(callsB);
    const runs = await ctx.store.runs.list(scope);
    expect(runs.map((r) => [r.id, r.status])).toEqual([
      ['run2', 'succeeded'],
      ['run1', 'succeeded'],
    ]);
    const created = await ctx.store.events.query(scope, { runId: 'run1', outcome: 'created', limit: 1000 });
    expect(created).toHaveLength(41);
    expect((await ctx.store.health.counts(scope)).inSync).toBeGreaterThanOrEqual(42);
  });
});
