import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RuntimeEvent } from '@sluice/runtime';
import { liveListenerCount } from './testing/live-signal';
import { openTestEnv, type TestEnv } from './testing/test-env';

let env: TestEnv;
beforeAll(async () => {
  env = await openTestEnv();
});
afterAll(async () => env.close());

const line = (id: string, email: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id, email, tags: [], lists: [], custom: {}, updatedAt: '2026-01-01T00:00:00.000Z', ...extra });

describe('apps router', () => {
  it('lists the catalog with logos and auth, fields and the default mapping of a pair', async () => {
    const { caller } = await env.signUp();
    const apps = await caller.apps.list();
    const ids = apps.map((a) => a.id);
    expect(ids).toEqual(expect.arrayContaining(['sandbox-crm', 'sandbox-outreach', 'pipedrive', 'hubspot', 'woodpecker', 'google-contacts', 'jsonl', 'csv']));
    expect(apps.every((a) => a.logo.includes('<svg'))).toBe(true);
    expect(apps.find((a) => a.id === 'pipedrive')?.auth.kind).toBe('apiKey');
    const fields = await caller.apps.fields({ id: 'sandbox-crm' });
    expect(fields.some((f) => f.path === 'deals.count')).toBe(true);
    const mapping = await caller.apps.defaultMapping({ a: 'sandbox-crm', b: 'sandbox-outreach' });
    expect(mapping).toEqual(expect.arrayContaining([{ a: 'email', b: 'email', direction: 'both' }]));
    await expect(caller.apps.get({ id: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('checks a custom mapping and explains an incompatible pair', async () => {
    const { caller } = await env.signUp();
    const pair = { a: 'sandbox-crm', b: 'sandbox-outreach' };
    expect(await caller.apps.checkMapping({ ...pair, mapping: { a: 'custom.industry', b: 'custom.snippet1', direction: 'both' } })).toEqual({ ok: true });
    const bad = await caller.apps.checkMapping({ ...pair, mapping: { a: 'deals.count', b: 'tags', direction: 'aToB' } });
    expect(bad).toEqual({ ok: false, reason: expect.stringMatching(/^E_TYPE_MISMATCH: number → string\[\] cannot be mapped/) });
    const readOnly = await caller.apps.checkMapping({ ...pair, mapping: { a: 'company', b: 'custom.status', direction: 'aToB' } });
    expect(readOnly).toEqual({ ok: false, reason: expect.stringContaining('E_READ_ONLY') });
  });
});

describe('graphs.validate', () => {
  it("checks a draft against the source app's catalog and names the node at fault", async () => {
    const { caller } = await env.signUp();
    const graph = {
      format: 'sluice.graph/v1',
      name: 'g',
      source: { app: 'sandbox-outreach' },
      target: { app: 'sandbox-crm' },
      nodes: [
        { id: 'in', kind: 'source' },
        { id: 'c1', kind: 'condition', when: { field: 'deals.count', op: 'eq', value: 0 } },
        { id: 'out', kind: 'sync' },
      ],
      edges: [
        { from: 'in', to: 'c1' },
        { from: 'c1', to: 'out' },
      ],
    };
    const withCatalog = await caller.graphs.validate({ graph, app: 'sandbox-outreach' });
    expect(withCatalog.valid).toBe(false);
    expect(withCatalog.errors[0]).toMatchObject({ code: 'E_UNKNOWN_FIELD', nodeId: 'c1' });
    expect((await caller.graphs.validate({ graph, app: 'sandbox-crm' })).valid).toBe(true);
    expect((await caller.graphs.validate({ graph: { format: 'nope' } })).errors[0]?.code).toBe('E_FORMAT');
  });
});

describe('workspace router', () => {
  it('renames, lists invitations, revokes them, removes members and switches workspaces', async () => {
    const owner = await env.signUp();
    await owner.caller.workspace.rename({ name: 'Sales team' });
    expect((await owner.caller.workspace.get()).name).toBe('Sales team');
    const invite = await owner.caller.members.invite({ email: 'member@example.com', role: 'admin' });
    expect((await owner.caller.invitations.list()).map((i) => i.email)).toEqual(['member@example.com']);
    await owner.caller.invitations.revoke({ id: invite.id });
    expect(await owner.caller.invitations.list()).toEqual([]);

    const member = await env.signUp('member@example.com');
    const second = await owner.caller.members.invite({ email: 'member@example.com' });
    const joined = await member.caller.invitations.accept({ token: second.token });
    expect(joined.workspaceId).toBe(owner.user.workspaceId);
    const switched = await (await env.as(member.token)).auth.me();
    expect(switched.workspaces.map((w) => w.id).sort()).toEqual([member.user.workspaceId, owner.user.workspaceId].sort());
    await (await env.as(member.token)).workspace.switch({ workspaceId: member.user.workspaceId });
    expect((await (await env.as(member.token)).workspace.get()).id).toBe(member.user.workspaceId);

    await expect(owner.caller.members.remove({ userId: owner.user.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await owner.caller.members.remove({ userId: member.user.id });
    expect((await owner.caller.members.list()).map((m) => m.userId)).toEqual([owner.user.id]);
  });

  it('refuses oversized names, emails and ids with a clear error instead of storing or echoing them', async () => {
    const owner = await env.signUp();
    const huge = 'x'.repeat(100_000);
    const apps = { a: { connector: 'sandbox-crm' }, b: { connector: 'sandbox-outreach' } };
    await expect(owner.caller.connections.create({ name: huge, apps, mode: 'two-way' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(owner.caller.members.invite({ email: `${huge}@example.com` })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const lookup = await owner.caller.connections.get({ id: huge }).catch((e: unknown) => e as Error);
    expect(lookup).toMatchObject({ code: 'BAD_REQUEST' });
    expect((lookup as Error).message.length).toBeLessThan(2_000);
    expect(await owner.caller.connections.list()).toEqual([]);
  });

  it('a removed member loses the workspace at once, not when the session cache expires', async () => {
    const owner = await env.signUp();
    const member = await env.signUp('removed@example.com');
    const invite = await owner.caller.members.invite({ email: 'removed@example.com' });
    await member.caller.invitations.accept({ token: invite.token });
    const inOwners = await env.as(member.token);
    expect((await inOwners.workspace.get()).id).toBe(owner.user.workspaceId); // resolved, and cached
    await owner.caller.members.remove({ userId: member.user.id });
    const after = await env.as(member.token).then((c) => c.workspace.get()).catch((e: unknown) => e);
    expect(after).not.toMatchObject({ id: owner.user.workspaceId });
  });
});

describe('history.resync and live events', () => {
  it('resyncs one record now and streams state, progress and run events', async () => {
    const { caller, user } = await env.signUp();
    const files = await env.filesOf(user.workspaceId);
    await writeFile(join(files, 'ra.jsonl'), [line('a1', 'one@example.com', { firstName: 'One' }), line('a2', 'two@example.com')].join('\n') + '\n');
    await writeFile(join(files, 'rb.jsonl'), '');
    const connection = await caller.connections.create({
      name: 'files',
      apps: { a: { connector: 'jsonl', config: { path: 'ra.jsonl' } }, b: { connector: 'jsonl', config: { path: 'rb.jsonl' } } },
      mode: 'a-to-b',
    });
    const events: RuntimeEvent[] = [];
    const waiting: { current: { last: (e: RuntimeEvent) => boolean; done: () => void } | null } = { current: null };
    const stream = (await caller.live.connections({ connectionId: connection.id, lastEventId: '0' })) as AsyncIterable<unknown>;
    const reading = (async () => {
      // In-process, each value is the tracked envelope [id, event].
      for await (const envelope of stream) {
        const event = (envelope as [string, RuntimeEvent])[1];
        events.push(event);
        if (waiting.current?.last(event)) waiting.current.done();
        // The last event this test waits for: the stream ends here.
        if (event.type === 'state' && event.state === 'live.idle') break;
      }
    })();
    /** Resolves once an event read since `from` matches `last`. */
    const readUntil = (last: (e: RuntimeEvent) => boolean, from = 0) =>
      new Promise<void>((done) => (events.slice(from).some(last) ? done() : (waiting.current = { last, done })));
    // This process publishes a workspace's events once a stream watches it: act when it listens.
    await vi.waitFor(() => expect(liveListenerCount(env.store, user.workspaceId)).toBe(1));

    const run = await caller.history.resync({ connectionId: connection.id, side: 'a', recordId: 'a1' });
    expect(run).toMatchObject({ status: 'succeeded', kind: 'manual' });
    expect(run.counts.created.b).toBe(1);
    await readUntil((e) => e.type === 'run');
    expect(events.map((e) => e.type)).toEqual(['run']);
    expect(events[0]).toMatchObject({ connectionId: connection.id, run: { id: run.id, kind: 'manual' } });
    // Only the one record was synced, and no checkpoint was stored: a normal run still reads everything.
    const story = await caller.history.record({ connectionId: connection.id, side: 'a', recordId: 'a2' });
    expect(story.link).toBeNull();
    expect(await env.store.checkpoints.get({ workspaceId: (await caller.workspace.get()).id, connectionId: connection.id }, 'aToB')).toBeNull();

    const runs = await caller.history.runs({ connectionId: connection.id });
    expect((await caller.history.run({ connectionId: connection.id, runId: runs[0]!.id })).id).toBe(runs[0]!.id);
    const created = await caller.history.events({ connectionId: connection.id, outcome: ['created'], recordId: 'a1' });
    expect(created).toHaveLength(1);
    expect(await caller.history.events({ connectionId: connection.id, reason: 'no-such-reason' })).toEqual([]);

    // Started, the connection's first sync streams its state changes, its progress and its run.
    const from = events.length;
    await caller.connections.start({ id: connection.id });
    await readUntil((e) => e.type === 'state' && e.state === 'live.idle', from);
    const started = events.slice(from);
    const kinds = started.map((e) => (e.type === 'state' ? `state:${e.state}` : e.type));
    expect(kinds).toEqual(expect.arrayContaining(['state:initialSync', 'progress', 'run', 'state:live.idle']));
    expect(kinds.indexOf('state:initialSync')).toBeLessThan(kinds.indexOf('progress'));
    expect(kinds.lastIndexOf('progress')).toBeLessThan(kinds.indexOf('run'));
    expect(started.every((e) => e.connectionId === connection.id)).toBe(true);
    await reading;
  });
});
