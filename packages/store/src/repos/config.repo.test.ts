import type { Graph } from '@sluice/graph';
import { expect, it } from 'vitest';
import type { ConnectionSettings } from './connections.repo';
import { describeStore } from '../testing/describe-store';

const graph = (name: string): Graph =>
  ({
    format: 'sluice.graph/v1',
    name,
    source: { app: 'pipedrive' },
    target: { app: 'woodpecker' },
    nodes: [
      { id: 'in', kind: 'source' },
      { id: 'c.1', kind: 'condition', when: { field: 'deals.count', op: 'eq', value: 0 } },
      { id: 'out', kind: 'sync' },
    ],
    edges: [
      { from: 'in', to: 'c.1' },
      { from: 'c.1', to: 'out' },
    ],
    layout: { 'c.1': { x: 1, y: 2 } },
  }) as unknown as Graph;

const settings = (name: string, credentialId = 'cred-1'): ConnectionSettings => ({
  format: 'sluice.connection/v1',
  name,
  apps: { a: { connector: 'pipedrive', config: { 'odd.key': 1 }, credentialId }, b: { connector: 'woodpecker', config: {} } },
  mode: 'two-way',
  conflict: { winner: 'a', fields: { 'custom.industry': 'b', tags: 'merge' } },
  match: { keys: ['email'] },
  mappings: [{ a: 'custom.industry', b: 'custom.sector', direction: 'both' }],
  options: { avoidDuplicates: true, syncDeletions: true, syncUnsubscribes: true },
});

describeStore('connections, graphs, templates', (ctx) => {
  it('graphs: every save is a new version; latest, get version, list versions, list latest per graph', async () => {
    const graphs = ctx.store.graphs;
    const v1 = await graphs.save('w1', { graph: graph('Prospects'), createdBy: 'u1', now: 10 });
    expect(v1).toMatchObject({ version: 1, name: 'Prospects', sourceApp: 'pipedrive', targetApp: 'woodpecker', createdBy: 'u1' });
    const v2 = await graphs.save('w1', { graphId: v1.graphId, graph: graph('Prospects v2'), note: 'tighter', now: 20 });
    expect(v2).toMatchObject({ graphId: v1.graphId, version: 2, note: 'tighter' });
    const other = await graphs.save('w1', { graph: graph('Other'), now: 30 });
    expect(await graphs.latest('w1', v1.graphId)).toEqual({ ...v2, graph: graph('Prospects v2') });
    expect((await graphs.getVersion('w1', v1.graphId, 1))!.graph).toEqual(graph('Prospects'));
    expect(await graphs.getVersion('w1', v1.graphId, 3)).toBeNull();
    expect((await graphs.listVersions('w1', v1.graphId)).map((v) => v.version)).toEqual([2, 1]);
    expect(await graphs.list('w1')).toEqual([other, v2]);
    expect(await graphs.latest('w2', v1.graphId)).toBeNull();
    expect(await graphs.list('w2')).toEqual([]);
    expect(await graphs.remove('w2', v1.graphId)).toBe(0);
    expect(await graphs.remove('w1', v1.graphId)).toBe(2);
  });

  it('graphs: concurrent saves of one graph get distinct version numbers', async () => {
    const first = await ctx.store.graphs.save('w1', { graph: graph('Race') });
    await Promise.all(Array.from({ length: 4 }, () => ctx.store.graphs.save('w1', { graphId: first.graphId, graph: graph('Race') })));
    expect((await ctx.store.graphs.listVersions('w1', first.graphId)).map((v) => v.version)).toEqual([5, 4, 3, 2, 1]);
  });

  it('connections: create, get, list, update with version check, graph pointers, status', async () => {
    const conns = ctx.store.connections;
    const c = await conns.create('w1', { settings: settings('Pipedrive ↔ Woodpecker'), now: 1 });
    expect(c).toMatchObject({ workspaceId: 'w1', name: 'Pipedrive ↔ Woodpecker', status: 'draft', version: 1, graphs: {} });
    expect(await conns.get('w1', c.id)).toEqual(c);
    const updated = await conns.update('w1', c.id, { settings: settings('Renamed', 'cred-2'), expectedVersion: 1, now: 2 });
    expect(updated).toMatchObject({ name: 'Renamed', version: 2, updatedAt: 2 });
    expect(updated.settings.conflict.fields).toEqual({ 'custom.industry': 'b', tags: 'merge' });
    await expect(conns.update('w1', c.id, { settings: settings('Stale'), expectedVersion: 1 })).rejects.toMatchObject({ code: 'E_VERSION_CONFLICT' });
    await expect(conns.update('w2', c.id, { settings: settings('Other ws') })).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
    const pointed = await conns.setGraph('w1', c.id, 'aToB', { graphId: 'g1', version: 3 });
    expect(pointed).toMatchObject({ graphs: { aToB: { graphId: 'g1', version: 3 } }, version: 3 });
    expect((await conns.setGraph('w1', c.id, 'aToB', null)).graphs).toEqual({});
    expect(await conns.usingCredential('w1', 'cred-2')).toEqual([c.id]);
    expect(await conns.usingCredential('w1', 'cred-1')).toEqual([]);
    expect(await conns.setStatus('w1', c.id, 'active')).toBe(true);
    expect(await conns.setStatus('w2', c.id, 'paused')).toBe(false);
    expect(await conns.listActiveScopes()).toContainEqual({ workspaceId: 'w1', connectionId: c.id });
    await conns.create('w1', { settings: settings('Another') });
    expect((await conns.list('w1')).map((x) => x.name)).toEqual(['Another', 'Renamed']);
    expect(await conns.list('w2')).toEqual([]);
    expect(await conns.remove('w2', c.id)).toBe(false);
    expect(await conns.remove('w1', c.id)).toBe(true);
  });

  it('templates: create, list by app pair, get with content, remove; scoped', async () => {
    const t = await ctx.store.templates.create('w1', { name: 'Prospects', sourceApp: 'pipedrive', targetApp: 'woodpecker', content: graph('Prospects'), description: 'New leads' });
    await ctx.store.templates.create('w1', { name: 'All', sourceApp: 'hubspot', targetApp: 'woodpecker', content: graph('All') });
    expect((await ctx.store.templates.list('w1')).map((x) => x.name)).toEqual(['All', 'Prospects']);
    expect(await ctx.store.templates.list('w1', { sourceApp: 'pipedrive' })).toEqual([t]);
    expect(await ctx.store.templates.get('w1', t.id)).toEqual({ ...t, content: graph('Prospects') });
    expect(await ctx.store.templates.get('w2', t.id)).toBeNull();
    expect(await ctx.store.templates.remove('w2', t.id)).toBe(false);
    expect(await ctx.store.templates.remove('w1', t.id)).toBe(true);
  });
});
