import { expect, it } from 'vitest';
import { COLLECTIONS } from '../collection-names';
import { describeStore } from '../testing/describe-store';
import type { ConnectionSettings } from './connections.repo';

const settings = (name: string, mode: ConnectionSettings['mode'] = 'two-way'): ConnectionSettings =>
  ({
    format: 'sluice.connection/v1',
    name,
    apps: { a: { connector: 'jsonl', config: { path: 'a.jsonl' } }, b: { connector: 'jsonl', config: { path: 'b.jsonl' } } },
    mode,
    conflict: { winner: 'a', fields: {} },
    match: { keys: ['email'] },
    mappings: [],
    options: { avoidDuplicates: true, syncDeletions: true, syncUnsubscribes: true },
  }) as ConnectionSettings;

const ann = { type: 'user', id: 'u1', email: 'ann@example.com', name: 'Ann' } as const;

describeStore('connection versions', (ctx) => {
  it('keeps every change of settings or rules as a version, with who made it and why', async () => {
    const repo = ctx.store.connections;
    const created = await repo.create('w1', { settings: settings('CRM'), now: 1000, author: { by: ann } });
    await repo.update('w1', created.id, { settings: settings('CRM', 'a-to-b'), now: 2000, author: { by: ann } });
    await repo.setGraph('w1', created.id, 'aToB', { graphId: 'g1', version: 1 }, 3000, { by: ann });
    await repo.setStatus('w1', created.id, 'active', 4000);
    await repo.update('w1', created.id, { graphs: {}, now: 5000, author: { change: 'restored', note: 'Restored from version 1', by: ann } });
    const versions = await repo.versions.list('w1', created.id);
    expect(versions.map((v) => [v.version, v.change, v.at, v.settings.mode, v.graphs.aToB?.graphId ?? null])).toEqual([
      [4, 'restored', 5000, 'a-to-b', null],
      [3, 'rules', 3000, 'a-to-b', 'g1'],
      [2, 'settings', 2000, 'a-to-b', null],
      [1, 'created', 1000, 'two-way', null],
    ]);
    expect(versions[0]).toMatchObject({ by: ann, note: 'Restored from version 1', name: 'CRM', connectionId: created.id });
    expect(await repo.versions.get('w1', created.id, 2)).toMatchObject({ version: 2, settings: { mode: 'a-to-b' } });
    expect(await repo.versions.get('w2', created.id, 2)).toBeNull();
  });

  it('keeps the state found before the first kept change of a connection made before versions existed', async () => {
    const repo = ctx.store.connections;
    const created = await repo.create('w1', { settings: settings('Legacy'), now: 1000 });
    // As an earlier Sluice left it: at version 3, with no versions kept.
    await ctx.store.db.collection(COLLECTIONS.connections).updateOne({ _id: created.id as never }, { $set: { version: 3 } });
    await repo.versions.removeAll('w1', created.id);
    await repo.update('w1', created.id, { settings: settings('Legacy', 'b-to-a'), now: 2000 });
    const versions = await repo.versions.list('w1', created.id);
    expect(versions.map((v) => [v.version, v.change, v.settings.mode])).toEqual([
      [4, 'settings', 'b-to-a'],
      [3, 'baseline', 'two-way'],
    ]);
    expect(versions[0]!.by).toBeUndefined();
  });

  it('deletes the versions with the connection', async () => {
    const repo = ctx.store.connections;
    const created = await repo.create('w1', { settings: settings('Gone') });
    await repo.remove('w1', created.id);
    expect(await repo.versions.list('w1', created.id)).toEqual([]);
  });
});
