import { describe, expect, it } from 'vitest';
import type { ConnectionConfigInput } from '../config/connection-config.schema';
import { parseConnectionConfig } from '../config/parse-connection-config';
import { ManualClock, MemoryConnector, createMemoryStores } from '../testing';
import { runSync } from '../sync/run-sync';
import { dryRun } from './dry-run';
import type { PlannedChange } from './dry-run-plan';
import { PLAN_CSV_HEADER, planCsvLines } from './plan-csv';

const scope = { workspaceId: 'w1', connectionId: 'c1' };

/** A → B keeps only records without the tag "private". */
const noPrivate = {
  format: 'sluice.graph/v1' as const,
  name: 'No private',
  source: { app: 'memory' },
  target: { app: 'memory' },
  nodes: [
    { id: 'in', kind: 'source' as const },
    { id: 'c1', kind: 'condition' as const, when: { field: 'tags', op: 'notContains' as const, value: 'private' } },
    { id: 'out', kind: 'sync' as const },
  ],
  edges: [
    { from: 'in', to: 'c1' },
    { from: 'c1', to: 'out' },
  ],
};

/** The same connection, apps and history every time: a first real run done, then edits on both sides. */
async function world(overrides: Partial<ConnectionConfigInput> = {}) {
  const clock = new ManualClock();
  const a = new MemoryConnector({ id: 'a', clock });
  const b = new MemoryConnector({ id: 'b', clock });
  const stores = createMemoryStores();
  const config = parseConnectionConfig({
    format: 'sluice.connection/v1',
    name: 'A ↔ B',
    apps: { a: { connector: 'memory' }, b: { connector: 'memory' } },
    rules: { aToB: noPrivate },
    ...overrides,
  });
  let n = 0;
  const connectors = { a, b };
  const sync = async () => {
    clock.advance(1000);
    const run = await runSync({ scope, config, connectors, stores, clock, pageSize: 3, newId: () => `run${++n}` });
    clock.advance(1000);
    return run;
  };
  const plan = (onChange?: (c: PlannedChange) => void) =>
    dryRun({ scope, config, connectors, stores, clock, pageSize: 3, newId: () => 'dry', ...(onChange ? { onChange } : {}) });
  a.add({ id: 'a1', email: 'ann@x.io', firstName: 'Ann' });
  a.add({ id: 'a2', email: 'bob@x.io', firstName: 'Bob' });
  a.add({ id: 'a3', email: 'cat@x.io', firstName: 'Cat' });
  b.add({ id: 'b1', email: 'dan@x.io', firstName: 'Dan' });
  await sync();
  // After the first run: an edit, a deletion, a newcomer, a private one and one without email in A;
  // an edit in B that conflicts with A's, and a newcomer in B.
  a.edit('a1', { firstName: 'Anna' });
  a.remove('a2');
  a.add({ id: 'a4', email: 'eve@x.io', firstName: 'Eve' });
  a.add({ id: 'a5', email: 'fay@x.io', firstName: 'Fay', tags: ['private'] });
  a.add({ id: 'a6', firstName: 'Nomail' });
  const catInB = b.all().find((r) => r.email === 'cat@x.io')!;
  a.edit('a3', { lastName: 'Stevens' });
  b.edit(catInB.id, { lastName: 'Stephens' });
  b.add({ id: 'b9', email: 'gus@x.io', firstName: 'Gus' });
  return { a, b, stores, sync, plan };
}

/** Everything a run can leave behind, in apps and stores. */
async function state(w: Awaited<ReturnType<typeof world>>) {
  return {
    a: w.a.all(),
    b: w.b.all(),
    links: await w.stores.links.findByA(scope, w.a.all().map((r) => r.id)),
    checkpoints: [await w.stores.checkpoints.get(scope, 'aToB'), await w.stores.checkpoints.get(scope, 'bToA')],
    runs: await w.stores.runs.list(scope),
    events: await w.stores.events.query(scope, { limit: 1000 }),
    health: await w.stores.health.counts(scope),
    intents: await w.stores.intents.pending(scope),
  };
}

describe('dryRun', () => {
  it('plans what the real run then does, writing nothing to the apps or the stores', async () => {
    const w = await world();
    const before = await state(w);
    const calls = { a: w.a.calls.length, b: w.b.calls.length };
    const changes: PlannedChange[] = [];
    const plan = await w.plan((c) => changes.push(c));

    expect(await state(w)).toEqual(before);
    expect({ a: w.a.calls.length, b: w.b.calls.length }).toEqual(calls);

    const real = await w.sync();
    // The real run also reads back its own writes in two-way (echoes, skipped): the plan has none to read.
    const { read: _pr, skipped: _ps, ...planned } = plan.counts;
    const { read: _rr, skipped: _rs, ...done } = real.counts;
    expect(planned).toEqual(done);
    expect(done).toMatchObject({ created: { a: 1, b: 1 }, updated: { a: 0, b: 3 }, trashed: 1, conflicts: 1, excluded: 1 });
    expect(plan).toMatchObject({ dryRun: true, kind: 'incremental', created: real.counts.created, updated: real.counts.updated });
    expect(plan.apps).toEqual({ a: { created: 1, updated: 0, trashed: 0, unsubscribed: 0 }, b: { created: 1, updated: 2, trashed: 1, unsubscribed: 0 } });
    expect(plan.reasons).toEqual(
      expect.arrayContaining([
        { outcome: 'excluded', reason: 'excludedBy:c1', label: 'Filtered out by rule node c1', count: 1 },
        { outcome: 'skipped', reason: 'E_NO_MATCH_KEY', label: 'No value for the first match key (skipped to avoid a duplicate)', count: 1 },
      ]),
    );
    const byRecord = (id: string) => changes.filter((c) => c.sourceId === id);
    expect(byRecord('a1')).toEqual([expect.objectContaining({ app: 'b', action: 'update', changes: [{ path: 'firstName', before: 'Ann', after: 'Anna' }] })]);
    expect(byRecord('a2')).toEqual([expect.objectContaining({ app: 'b', action: 'trash', reason: 'deleted' })]);
    expect(byRecord('a4')).toEqual([expect.objectContaining({ app: 'b', action: 'create', changes: expect.arrayContaining([{ path: 'email', before: undefined, after: 'eve@x.io' }]) })]);
    expect(byRecord('a5')).toEqual([expect.objectContaining({ app: 'a', action: 'exclude', reason: 'excludedBy:c1' })]);
    expect(byRecord('a6')).toEqual([expect.objectContaining({ app: 'a', action: 'skip', reason: 'E_NO_MATCH_KEY' })]);
    expect(byRecord('a3')).toEqual([expect.objectContaining({ app: 'b', action: 'update', reason: 'E_CONFLICT', changes: [{ path: 'lastName', before: 'Stephens', after: 'Stevens' }] })]);
    expect(byRecord('b9')).toEqual([expect.objectContaining({ app: 'a', action: 'create', direction: 'bToA' })]);
    expect(plan.sample).toEqual(changes.slice(0, 50));
  });

  it('leaves no trace: a real run after a dry run does exactly what it does without one', async () => {
    const plain = await world();
    await plain.sync();
    const dried = await world();
    await dried.plan();
    await dried.plan();
    await dried.sync();
    expect(await state(dried)).toEqual(await state(plain));
  });

  it('plans a first sync as an initial run, and the first run is still initial afterwards', async () => {
    const clock = new ManualClock();
    const a = new MemoryConnector({ id: 'a', clock, records: [{ id: 'a1', email: 'ann@x.io', firstName: 'Ann' }] });
    const b = new MemoryConnector({ id: 'b', clock });
    const stores = createMemoryStores();
    const config = parseConnectionConfig({ format: 'sluice.connection/v1', name: 'A → B', mode: 'a-to-b', apps: { a: { connector: 'memory' }, b: { connector: 'memory' } } });
    const plan = await dryRun({ scope, config, connectors: { a, b }, stores, clock });
    expect(plan).toMatchObject({ kind: 'initial', created: { a: 0, b: 1 }, apps: { b: { created: 1 } } });
    expect(b.all()).toEqual([]);
    const run = await runSync({ scope, config, connectors: { a, b }, stores, clock });
    expect(run).toMatchObject({ kind: 'initial', counts: { created: { a: 0, b: 1 } } });
  });

  it('reports each field change as one CSV line, defusing values a spreadsheet would run', () => {
    const lines = planCsvLines({
      app: 'b',
      action: 'update',
      direction: 'aToB',
      sourceId: 'a1',
      targetId: 'b7',
      changes: [
        { path: 'firstName', before: 'Ann', after: 'Anna, Jr' },
        { path: 'tags', before: [], after: ['vip'] },
        { path: 'company', before: undefined, after: '=HYPERLINK("x")' },
      ],
    });
    expect(PLAN_CSV_HEADER).toBe('app,action,direction,source_record,target_record,field,before,after,reason,detail\n');
    expect(lines).toEqual([
      'B,update,A → B,a1,b7,firstName,Ann,"Anna, Jr",,\n',
      'B,update,A → B,a1,b7,tags,[],"[""vip""]",,\n',
      `B,update,A → B,a1,b7,company,,"'=HYPERLINK(""x"")",,\n`,
    ]);
    expect(planCsvLines({ app: 'a', action: 'skip', direction: 'aToB', sourceId: 'a6', reason: 'E_NO_MATCH_KEY', label: 'No value', changes: [] })).toEqual([
      'A,skip,A → B,a6,,,,,No value,\n',
    ]);
  });
});
