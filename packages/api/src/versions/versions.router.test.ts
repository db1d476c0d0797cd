import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Graph } from '@sluice/graph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestEnv, type TestEnv } from '../testing/test-env';

// A clock the test moves: versions and audit entries carry its time, not the wall clock's.
let clock = Date.UTC(2030, 4, 1, 9, 0, 0);
const tick = () => (clock += 60_000);

let env: TestEnv;
beforeAll(async () => {
  env = await openTestEnv({ workers: false, now: () => clock });
});
afterAll(async () => env.close());

const everyone: Graph = {
  format: 'sluice.graph/v1',
  name: 'Everyone',
  source: { app: 'jsonl' },
  target: { app: 'jsonl' },
  nodes: [
    { id: 'in', kind: 'source' },
    { id: 'out', kind: 'sync' },
  ],
  edges: [{ from: 'in', to: 'out' }],
};

const vipsTagged: Graph = {
  ...everyone,
  nodes: [
    { id: 'in', kind: 'source' },
    { id: 'c1', kind: 'condition', label: 'Is a VIP', when: { field: 'tags', op: 'contains', value: 'vip' } },
    { id: 'a1', kind: 'action', do: { op: 'addTag', value: 'From A' } },
    { id: 'out', kind: 'sync' },
  ],
  edges: [
    { from: 'in', to: 'c1' },
    { from: 'c1', to: 'a1' },
    { from: 'a1', to: 'out' },
  ],
};

/** A workspace with a jsonl ⇄ jsonl connection saved three times: created, settings changed, rules changed. */
async function threeVersions(email: string) {
  const owner = await env.signUp(email);
  const files = await env.filesOf(owner.user.workspaceId);
  await writeFile(join(files, 'a.jsonl'), '');
  await writeFile(join(files, 'b.jsonl'), '');
  tick();
  const created = await owner.caller.connections.create({
    name: 'Files',
    apps: { a: { connector: 'jsonl', config: { path: 'a.jsonl' } }, b: { connector: 'jsonl', config: { path: 'b.jsonl' } } },
    rules: { aToB: everyone },
  });
  tick();
  await owner.caller.connections.update({ id: created.id, patch: { mode: 'a-to-b', mappings: [{ a: 'custom.industry', b: 'custom.sector', direction: 'aToB' }] } });
  tick();
  await owner.caller.graphs.save({ connectionId: created.id, direction: 'aToB', graph: vipsTagged });
  return { ...owner, id: created.id };
}

describe('connection versions', () => {
  it('lists every saved change as a version: who, when, and what changed in sentences', async () => {
    const { caller, id } = await threeVersions('versions-list@example.com');
    const { current, versions } = await caller.versions.list({ connectionId: id });
    expect(current).toBe(3);
    expect(versions.map((v) => [v.version, v.change, v.at, v.by?.email, v.current])).toEqual([
      [3, 'rules', clock, 'versions-list@example.com', true],
      [2, 'settings', clock - 60_000, 'versions-list@example.com', false],
      [1, 'created', clock - 120_000, 'versions-list@example.com', false],
    ]);
    expect(versions[1]!.changes).toEqual(['Changed the sync type from both ways to A → B only.', 'Added the field mapping custom.industry ↔ custom.sector (A → B only).']);
    expect(versions[0]!.changes).toEqual([
      'JSON Lines file → JSON Lines file: Added the condition “Is a VIP”: tags contains "vip".',
      'JSON Lines file → JSON Lines file: Added the action “Add tag "From A"”: Add tag "From A".',
      'JSON Lines file → JSON Lines file: Connected “Every record” to “Is a VIP”.',
      'JSON Lines file → JSON Lines file: Connected “Is a VIP” to “Add tag "From A"”.',
      'JSON Lines file → JSON Lines file: Connected “Add tag "From A"” to “Sync the record”.',
      'JSON Lines file → JSON Lines file: Disconnected “Every record” from “Sync the record”.',
    ]);
    expect(versions[2]!.changes).toEqual([]);
  });

  it('compares any two versions, in either order', async () => {
    const { caller, id } = await threeVersions('versions-diff@example.com');
    const forward = await caller.versions.diff({ connectionId: id, from: 1, to: 3 });
    expect(forward.same).toBe(false);
    expect(forward.settings).toEqual(['Changed the sync type from both ways to A → B only.', 'Added the field mapping custom.industry ↔ custom.sector (A → B only).']);
    expect(forward.rules.map((r) => [r.direction, r.sentences.length])).toEqual([['aToB', 6]]);
    const back = await caller.versions.diff({ connectionId: id, from: 3, to: 1 });
    expect(back.settings).toEqual(['Changed the sync type from A → B only to both ways.', 'Removed the field mapping custom.industry ↔ custom.sector.']);
    expect(back.rules[0]!.sentences).toContain('Removed the condition “Is a VIP”.');
    expect((await caller.versions.diff({ connectionId: id, from: 2, to: 2 })).same).toBe(true);
    await expect(caller.versions.diff({ connectionId: id, from: 1, to: 9 })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'This connection has no version 9.' });
  });

  it('restores a version as a new version, settings and rules, and logs it in the audit log', async () => {
    const { caller, id } = await threeVersions('versions-restore@example.com');
    const first = await caller.versions.get({ connectionId: id, version: 1 });
    expect(first.config.mode).toBe('two-way');
    expect(first.config.rules.aToB?.nodes.map((n) => n.id)).toEqual(['in', 'out']);
    tick();
    const restored = await caller.versions.restore({ connectionId: id, version: 1, expectedVersion: 3 });
    expect(restored).toMatchObject({ version: 4, restored: 1 });
    expect(restored.changes).toContain('Changed the sync type from A → B only to both ways.');
    const now = await caller.connections.get({ id });
    expect(now.version).toBe(4);
    expect(now.config.mode).toBe('two-way');
    expect(now.config.mappings).toEqual([]);
    expect(now.config.rules.aToB?.nodes.map((n) => n.id)).toEqual(['in', 'out']);
    // The rules' own history goes on: the restored graph is their version 3, not a rewind to 1.
    const rules = await caller.graphs.versions({ connectionId: id, direction: 'aToB' });
    expect(rules.current).toBe(3);
    expect(rules.versions[0]).toMatchObject({ version: 3, note: 'Restored from version 1' });
    const { versions } = await caller.versions.list({ connectionId: id });
    expect(versions[0]).toMatchObject({ version: 4, change: 'restored', note: 'Restored from version 1', at: clock, current: true });
    expect((await caller.versions.diff({ connectionId: id, from: 1, to: 4 })).same).toBe(true);
    const log = await caller.audit.list({ targetId: id });
    expect(log.entries[0]).toMatchObject({
      action: 'connection.restored',
      at: clock,
      actor: { type: 'user', email: 'versions-restore@example.com' },
      summary: 'Restored version 1 of the connection “Files” (now version 4).',
      details: { restored: 1, version: 4 },
    });
  });

  it('refuses to restore the version in use, or over a change made meanwhile, and changes nothing', async () => {
    const { caller, id } = await threeVersions('versions-refuse@example.com');
    await expect(caller.versions.restore({ connectionId: id, version: 3 })).rejects.toMatchObject({ code: 'CONFLICT', message: 'Version 3 is the one this connection runs now; there is nothing to restore.' });
    await expect(caller.versions.restore({ connectionId: id, version: 1, expectedVersion: 2 })).rejects.toMatchObject({ message: expect.stringContaining('changed by someone else meanwhile') });
    expect((await caller.connections.get({ id })).version).toBe(3);
    expect((await caller.versions.list({ connectionId: id })).versions).toHaveLength(3);
  });
});
