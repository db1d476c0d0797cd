import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Graph } from '@sluice/graph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestEnv, type TestEnv } from '../testing/test-env';
import { until } from '../testing/until';

let env: TestEnv;
beforeAll(async () => {
  env = await openTestEnv();
});
afterAll(async () => env.close());

const contact = (id: string, email: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id, email, tags: [], lists: [], custom: {}, updatedAt: '2026-01-01T00:00:00.000Z', ...extra });

const onlyVips: Graph = {
  format: 'sluice.graph/v1',
  name: 'VIPs only',
  source: { app: 'jsonl' },
  target: { app: 'jsonl' },
  nodes: [
    { id: 'in', kind: 'source' },
    { id: 'c1', kind: 'condition', label: 'is a VIP', when: { field: 'tags', op: 'contains', value: 'vip' } },
    { id: 'a1', kind: 'action', do: { op: 'addTag', value: 'From A' } },
    { id: 'out', kind: 'sync' },
  ],
  edges: [
    { from: 'in', to: 'c1' },
    { from: 'c1', to: 'a1' },
    { from: 'a1', to: 'out' },
  ],
};

describe('connections, graphs, preview and history over jsonl files', () => {
  it('creates, previews, starts, syncs and shows history; other workspaces see nothing', async () => {
    const { caller, user } = await env.signUp('sync@example.com');
    const files = await env.filesOf(user.workspaceId);
    await writeFile(join(files, 'a.jsonl'), [contact('a1', 'ann@example.com', { tags: ['VIP'], firstName: 'Ann' }), contact('a2', 'bob@example.com', { firstName: 'Bob' }), contact('a3', 'cy@example.com', { tags: ['vip'] })].join('\n') + '\n');
    await writeFile(join(files, 'b.jsonl'), contact('b1', 'ANN@example.com', { firstName: 'Annie', phone: '+3225550101' }) + '\n');
    const created = await caller.connections.create({
      name: 'A ↔ B',
      apps: { a: { connector: 'jsonl', config: { path: 'a.jsonl' } }, b: { connector: 'jsonl', config: { path: 'b.jsonl' } } },
      mode: 'a-to-b',
      rules: { aToB: onlyVips },
    });
    expect(created.status).toBe('draft');
    expect(created.graphs.aToB?.version).toBe(1);

    const preview = await caller.preview.run({ connectionId: created.id, sampleSize: 50 });
    expect(preview.summary).toMatchObject({ total: 3, syncing: 2, excluded: 1, create: 1, update: 1 });
    const ann = preview.items.find((i) => i.id === 'a1')!;
    expect(ann.match).toMatchObject({ id: 'b1', by: 'email' });
    expect(ann.path).toEqual(['in', 'c1', 'a1', 'out']);
    expect(ann.diff.some((d) => d.path === 'tags')).toBe(true);
    const bob = preview.items.find((i) => i.id === 'a2')!;
    expect(bob).toMatchObject({ sync: false, excludedBy: 'c1', action: 'excluded' });
    expect(bob.reason).toContain('is a VIP');
    expect(preview.sample.cached).toBe(false);
    const again = await caller.preview.run({ connectionId: created.id, draft: { rules: {} } });
    expect(again.sample.cached).toBe(true);
    expect(again.summary.syncing).toBe(3);
    expect(again.impact).toEqual({ start: ['a2'], stop: [] });

    await caller.connections.start({ id: created.id });
    const run = await until('a succeeded run', async () => (await caller.history.runs({ connectionId: created.id })).find((r) => r.status === 'succeeded'));
    expect(run.counts.created.b).toBe(1);
    expect(run.counts.updated.b).toBe(1);
    const b = (await readFile(join(files, 'b.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { email: string; tags: string[] });
    expect(b.map((r) => r.email.toLowerCase()).sort()).toEqual(['ann@example.com', 'cy@example.com']);
    expect(b.every((r) => r.tags.includes('From A'))).toBe(true);

    // Events name the person (read from its file, as Bob was never synced) and say why in a sentence.
    const events = await caller.history.events({ connectionId: created.id, outcome: 'excluded' });
    expect(events.map((e) => [e.sourceId, e.subject, e.reasonText])).toEqual([['a2', { name: 'Bob', email: 'bob@example.com' }, 'Filtered out by the rule “is a VIP”']]);
    expect((await caller.history.events({ connectionId: created.id, reason: 'excludedBy:' })).map((e) => e.sourceId)).toEqual(['a2']);
    const createdEvent = (await caller.history.events({ connectionId: created.id, outcome: 'created' }))[0];
    expect(createdEvent?.subject).toEqual({ email: 'cy@example.com' });
    const health = await caller.history.health({ connectionId: created.id });
    expect(health.counts.inSync).toBeGreaterThanOrEqual(2);
    expect(health.report.excluded.reasons).toEqual([{ reason: 'excludedBy:c1', label: 'Filtered out by the rule “is a VIP”', count: 1, direction: 'aToB' }]);
    // The story of a record lists each event once, though it names both records.
    const story = await caller.history.record({ connectionId: created.id, side: 'a', recordId: 'a1' });
    expect(story.link?.bId).toBe('b1');
    expect(story.subject).toEqual({ name: 'Ann', email: 'ann@example.com' });
    expect(story.events.length).toBeGreaterThan(0);
    const keys = story.events.map((e) => `${e.runId}|${e.direction}|${e.sourceId}|${e.outcome}|${e.at}`);
    expect(new Set(keys).size).toBe(keys.length);
    const status = await caller.connections.status({ id: created.id });
    expect(status.links).toBe(2);

    // Another workspace: NOT_FOUND for every id of this one.
    const other = await env.signUp('other@example.com');
    expect(await other.caller.connections.list()).toEqual([]);
    await expect(other.caller.connections.get({ id: created.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(other.caller.history.runs({ connectionId: created.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(other.caller.preview.run({ connectionId: created.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(other.caller.connections.pause({ id: created.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(other.caller.graphs.versions({ connectionId: created.id, direction: 'aToB' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(other.caller.history.unlink({ connectionId: created.id, aId: 'a1' })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // Graph versions and diff.
    const v2 = await caller.graphs.save({
      connectionId: created.id,
      direction: 'aToB',
      graph: { ...onlyVips, nodes: onlyVips.nodes.map((n) => (n.id === 'a1' ? { ...n, do: { op: 'addTag' as const, value: 'VIP sync' } } : n)) },
    });
    expect(v2.version).toBe(2);
    const versions = await caller.graphs.versions({ connectionId: created.id, direction: 'aToB' });
    expect(versions.current).toBe(2);
    expect(versions.versions.map((v) => v.version)).toEqual([2, 1]);
    const diff = await caller.graphs.diff({ connectionId: created.id, direction: 'aToB', from: 1, to: 2 });
    expect(diff.nodesChanged.map((c) => c.id)).toEqual(['a1']);

    // Pause, resume, unlink, relink, delete.
    expect((await caller.connections.pause({ id: created.id })).status).toBe('paused');
    expect((await caller.connections.resume({ id: created.id })).status).toBe('active');
    await caller.history.unlink({ connectionId: created.id, aId: 'a1' });
    expect((await caller.history.record({ connectionId: created.id, side: 'a', recordId: 'a1' })).link).toBeNull();
    await caller.history.relink({ connectionId: created.id, aId: 'a1', bId: 'b1' });
    expect((await caller.history.record({ connectionId: created.id, side: 'a', recordId: 'a1' })).link?.bId).toBe('b1');
    await caller.connections.delete({ id: created.id });
    await expect(caller.connections.get({ id: created.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(user.workspaceId).toBeTruthy();
  });

  it('refuses invalid graphs naming the node, unknown keys naming the key, and files outside the files folder', async () => {
    const { caller } = await env.signUp('strict@example.com');
    const apps = { a: { connector: 'jsonl', config: { path: 'x.jsonl' } }, b: { connector: 'jsonl', config: { path: 'y.jsonl' } } };
    await expect(
      caller.connections.create({
        name: 'bad',
        apps,
        rules: { aToB: { ...onlyVips, nodes: onlyVips.nodes.map((n) => (n.id === 'c1' ? { ...n, when: { field: 'dealz.count', op: 'eq' as const, value: 0 } } : n)) } },
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/c1: E_UNKNOWN_FIELD/) });
    await expect(caller.connections.create({ name: 'x', apps, colour: 'red' } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('"colour"') });
    await expect(caller.connections.create({ name: 'x', apps: { ...apps, a: { connector: 'jsonl', config: { path: '../../etc/passwd' } } } })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining("climbs out of this workspace's files folder"),
    });
    await expect(caller.connections.create({ name: 'x', apps: { ...apps, a: { connector: 'nope', config: {} } } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('refuses a second mapping onto a field another mapping fills, on create and on update, in a sentence', async () => {
    const { caller } = await env.signUp('mappings@example.com');
    const apps = { a: { connector: 'jsonl', config: { path: 'm1.jsonl' } }, b: { connector: 'jsonl', config: { path: 'm2.jsonl' } } };
    const clash = [
      { a: 'custom.industry', b: 'custom.sector', direction: 'both' as const },
      { a: 'company', b: 'custom.sector', direction: 'aToB' as const },
    ];
    const sentence = 'app B\'s field "custom.sector" already takes its value from the mapping custom.industry ↔ custom.sector; a field can be filled by one mapping only';
    await expect(caller.connections.create({ name: 'two onto one', apps, mappings: clash })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining(sentence) });
    // Reading one field into two is no clash: the second mapping flows only B → A, into A's company.
    const fine = [clash[0]!, { a: 'company', b: 'custom.sector', direction: 'bToA' as const }];
    const created = await caller.connections.create({ name: 'fine', apps, mappings: fine });
    await expect(caller.connections.update({ id: created.id, patch: { mappings: clash } })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining(sentence) });
    expect((await caller.connections.get({ id: created.id })).config.mappings).toEqual(fine);
  });
});
