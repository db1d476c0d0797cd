import { describe, expect, it } from 'vitest';
import type { ConnectionConfigInput } from '../config/connection-config.schema';
import { parseConnectionConfig } from '../config/parse-connection-config';
import { ManualClock, MemoryConnector, createMemoryStores } from '../testing';
import type { GuardTrip } from './guarded-sync';
import { guardedSync } from './guarded-sync';

const scope = { workspaceId: 'w1', connectionId: 'c1' };

function setup(options: NonNullable<ConnectionConfigInput['options']>) {
  const clock = new ManualClock();
  const a = new MemoryConnector({ id: 'a', clock });
  const b = new MemoryConnector({ id: 'b', clock });
  const stores = createMemoryStores();
  const config = parseConnectionConfig({ format: 'sluice.connection/v1', name: 'A → B', mode: 'a-to-b', apps: { a: { connector: 'memory' }, b: { connector: 'memory' } }, options });
  let n = 0;
  const sync = (approved = false) => guardedSync({ scope, config, connectors: { a, b }, stores, clock, approved, newId: () => `run${++n}` });
  const tripOf = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (e: { code?: string; message: string; details?: unknown }) => ({ code: e.code, message: e.message, trip: e.details as GuardTrip }),
    );
  return { a, b, stores, sync, tripOf };
}

describe('guardedSync', () => {
  it('holds back a run that would change more records than maxChanges: nothing written, the run stored as guarded; approved, it runs', async () => {
    const { a, b, stores, sync, tripOf } = setup({ guard: { maxChanges: 2 } });
    for (let i = 0; i < 3; i++) a.add({ email: `p${i}@x.io` });
    const held = await tripOf(sync());
    expect(held).toMatchObject({
      code: 'E_GUARD_TRIPPED',
      message: 'The guard held this run back before its first write: it would change 3 records in B (the guard allows 2). Nothing was written.',
      trip: { runId: 'run1', breaches: [{ app: 'b', limit: 'maxChanges', planned: 3, allowed: 2 }] },
    });
    expect(b.all()).toEqual([]);
    expect(b.calls).toEqual([]);
    expect(await stores.links.count(scope)).toBe(0);
    expect(await stores.checkpoints.get(scope, 'aToB')).toBeNull();
    const [guarded] = await stores.runs.list(scope);
    expect(guarded).toMatchObject({ id: 'run1', kind: 'initial', status: 'guarded', counts: { created: { b: 3 } }, errors: [{ code: 'E_GUARD_TRIPPED' }] });
    // Asked again without approval, it is held again; approved, it runs, as an initial run.
    expect((await tripOf(sync()))?.code).toBe('E_GUARD_TRIPPED');
    const run = await sync(true);
    expect(run).toMatchObject({ kind: 'initial', status: 'succeeded', counts: { created: { b: 3 } } });
    expect(b.all()).toHaveLength(3);
  });

  it('holds back a run that would update more than maxShare of the records an app holds, and lets a smaller one through', async () => {
    const { a, b, sync, tripOf } = setup({ guard: { maxShare: 0.5 } });
    const ids = Array.from({ length: 4 }, (_, i) => a.add({ email: `p${i}@x.io`, firstName: 'Old' }).id);
    // A first sync into an empty app changes no existing record: maxShare lets it through.
    await sync();
    expect(b.all()).toHaveLength(4);
    for (const id of ids.slice(0, 3)) a.edit(id, { firstName: 'New' });
    const held = await tripOf(sync());
    expect(held?.message).toBe("The guard held this run back before its first write: it would change 75 % of B's 4 records (the guard allows 50 %). Nothing was written.");
    expect(b.all().filter((r) => r.firstName === 'New')).toEqual([]);
    a.edit(ids[0]!, { firstName: 'Old' });
    a.edit(ids[1]!, { firstName: 'Old' });
    // One record of four left to change (25 %): under the limit, so it runs.
    const run = await sync();
    expect(run.counts.updated.b).toBe(1);
    expect(b.all().filter((r) => r.firstName === 'New')).toHaveLength(1);
  });

  it('runs a connection without a guard as before', async () => {
    const { a, b, sync } = setup({});
    for (let i = 0; i < 30; i++) a.add({ email: `p${i}@x.io` });
    expect((await sync()).counts.created.b).toBe(30);
    expect(b.all()).toHaveLength(30);
  });
});
