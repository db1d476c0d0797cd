import { emptyRunCounts, type ConnectionScope } from '@sluice/engine';
import type { Graph } from '@sluice/graph';
import { expect, it } from 'vitest';
import type { Store } from '../open-store';
import { describeStore } from '../testing/describe-store';
import type { ConnectionSettings } from './connections.repo';

/** Two workspaces holding the same connection id and record ids; only the marker differs. */
const A: ConnectionScope = { workspaceId: 'iso-A', connectionId: 'conn' };
const B: ConnectionScope = { workspaceId: 'iso-B', connectionId: 'conn' };

async function seed(store: Store, scope: ConnectionScope, marker: string): Promise<{ graphId: string; connectionId: string; credentialId: string; templateId: string }> {
  await store.links.upsertMany(scope, [{ aId: 'a1', bId: 'b1', values: { marker }, aHash: marker, bHash: marker, syncedAt: 1 }]);
  await store.checkpoints.set(scope, { direction: 'aToB', cursor: marker, runId: 'r1', updatedAt: 1 });
  await store.runs.start(scope, { id: 'r1', kind: 'initial', status: 'running', startedAt: 1, counts: emptyRunCounts(), errors: [{ code: marker, message: marker }] });
  await store.events.insertMany(scope, [{ runId: 'r1', direction: 'aToB', sourceId: 'a1', targetId: 'b1', outcome: 'created', reason: marker, at: Date.now() }]);
  await store.health.setMany(scope, [{ side: 'a', recordId: 'a1', status: 'failed', reason: marker, at: 1 }]);
  await store.intents.add(scope, { idempotencyKey: 'k1', direction: 'aToB', side: 'b', runId: marker, writes: [], pending: {}, createdAt: 1 });
  await store.snapshots.save(scope, { snapshot: { marker }, state: marker, savedAt: 1 });
  const credential = await store.credentials.create(scope.workspaceId, { app: 'x', label: marker, secret: { key: marker } });
  const graph = { format: 'sluice.graph/v1', name: marker, source: { app: 'x' }, target: { app: 'y' }, nodes: [], edges: [] } as unknown as Graph;
  const saved = await store.graphs.save(scope.workspaceId, { graphId: 'shared-graph-id', graph });
  const settings = { format: 'sluice.connection/v1', name: marker, apps: { a: { connector: 'x', config: {}, credentialId: credential.id }, b: { connector: 'y', config: {} } } } as unknown as ConnectionSettings;
  const connection = await store.connections.create(scope.workspaceId, { settings });
  const template = await store.templates.create(scope.workspaceId, { name: marker, sourceApp: 'x', targetApp: 'y', content: { marker } });
  await store.members.add(scope.workspaceId, 'same-user', 'editor');
  await store.invitations.create(scope.workspaceId, { email: `${marker}@x.io`, role: 'editor', invitedBy: 'u' });
  return { graphId: saved.graphId, connectionId: connection.id, credentialId: credential.id, templateId: template.id };
}

describeStore('workspace isolation', (ctx) => {
  it("a call for workspace A never sees or changes workspace B's documents", async () => {
    const s = ctx.store;
    const a = await seed(s, A, 'AAA');
    const b = await seed(s, B, 'BBB');
    const readsOfA = async () =>
      JSON.stringify([
        await s.links.findByA(A, ['a1']),
        await s.links.findByB(A, ['b1']),
        await s.links.count(A),
        await s.checkpoints.get(A, 'aToB'),
        await s.runs.get(A, 'r1'),
        await s.runs.list(A),
        await s.events.query(A, {}),
        await s.events.query(A, { recordId: 'a1' }),
        await s.health.counts(A),
        await s.health.list(A, {}),
        await s.intents.pending(A),
        await s.snapshots.load(A),
        await s.snapshots.listStates(A.workspaceId),
        await s.credentials.list(A.workspaceId),
        await s.credentials.revealForEngine(A.workspaceId, a.credentialId),
        await s.graphs.list(A.workspaceId),
        await s.graphs.listVersions(A.workspaceId, 'shared-graph-id'),
        await s.graphs.latest(A.workspaceId, 'shared-graph-id'),
        await s.connections.list(A.workspaceId),
        await s.templates.list(A.workspaceId),
        await s.templates.get(A.workspaceId, a.templateId),
        await s.members.list(A.workspaceId),
        await s.invitations.list(A.workspaceId),
      ]);
    const seen = await readsOfA();
    expect(seen).toContain('AAA');
    expect(seen).not.toContain('BBB');
    // A's ids do not reach B's documents through A's workspace.
    expect(await s.credentials.get(A.workspaceId, b.credentialId)).toBeNull();
    expect(await s.connections.get(A.workspaceId, b.connectionId)).toBeNull();
    expect(await s.templates.get(A.workspaceId, b.templateId)).toBeNull();
    // Deleting everything of A leaves B whole.
    await s.links.unlinkByA(A, ['a1']);
    await s.checkpoints.clear(A);
    await s.intents.complete(A, 'k1');
    await s.snapshots.remove(A);
    await s.credentials.remove(A.workspaceId, a.credentialId);
    await s.graphs.remove(A.workspaceId, a.graphId);
    await s.connections.remove(A.workspaceId, a.connectionId);
    await s.templates.remove(A.workspaceId, a.templateId);
    await s.members.remove(A.workspaceId, 'same-user');
    expect(await s.links.count(B)).toBe(1);
    expect(await s.checkpoints.get(B, 'aToB')).toMatchObject({ cursor: 'BBB' });
    expect(await s.intents.pending(B)).toHaveLength(1);
    expect(await s.snapshots.load(B)).toMatchObject({ state: 'BBB' });
    expect(await s.credentials.revealForEngine(B.workspaceId, b.credentialId)).toEqual({ key: 'BBB' });
    expect((await s.graphs.latest(B.workspaceId, b.graphId))!.name).toBe('BBB');
    expect(await s.connections.get(B.workspaceId, b.connectionId)).not.toBeNull();
    expect(await s.templates.get(B.workspaceId, b.templateId)).not.toBeNull();
    expect(await s.members.get(B.workspaceId, 'same-user')).not.toBeNull();
  });

  it("purging A's connection data leaves B's connection of the same id whole", async () => {
    const s = ctx.store;
    const counts = await s.purgeConnection(A);
    expect(counts).toMatchObject({ runs: 1, record_events: 1, record_health: 1 });
    expect(await s.runs.list(A)).toEqual([]);
    expect(await s.events.query(A, {})).toEqual([]);
    expect(await s.health.list(A, {})).toEqual([]);
    expect(await s.runs.list(B)).toHaveLength(1);
    expect(await s.events.query(B, {})).toHaveLength(1);
    expect((await s.health.counts(B)).failed.total).toBe(1);
  });
});
