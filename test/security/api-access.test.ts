import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { appRouter } from '@sluice/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OwnerIds, procedureInputs, publicProcedures, scopedProcedures } from './procedure-inputs.fixture';
import { type SecurityEnv, dataOf, leaksInternals, openSecurityEnv } from './security.harness';

// Every tRPC procedure over HTTP, as an attacker would call it: no session, another workspace's
// ids, unknown keys, oversized bodies. Answers are clear 4xx, never a 500, a stack trace or data.
// The router-level twin (createCaller) is packages/api/src/procedures.coverage.test.ts.

const SECRET = 'sk-owner-SECRET-4f9a1c7e2b';
const PASSWORD = 'first account 8c1d0e';
const PRIVATE_NAME = 'owner-private-connection-d41d8';

type Kind = 'query' | 'mutation' | 'subscription';
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: Kind; inputs: unknown[] } }>).map(([path, p]) => ({
  path,
  kind: p._def.type,
  hasInput: p._def.inputs.length > 0,
}));
const method = (kind: Kind) => (kind === 'mutation' ? 'POST' : 'GET');

let s: SecurityEnv;
let owner: string;
let ids: OwnerIds;
let inputs: Record<string, unknown>;

beforeAll(async () => {
  s = await openSecurityEnv();
  owner = await s.signUp('owner@example.com', PASSWORD);
  const me = dataOf<{ user: { id: string; workspaceId: string } }>(await s.call('auth.me', undefined, { cookie: owner, method: 'GET' })).user;
  const files = await s.server.env.filesOf(me.workspaceId);
  await writeFile(join(files, 'a.jsonl'), `${JSON.stringify({ id: 'a1', email: 'x@example.com', tags: [], lists: [], custom: {}, updatedAt: '2026-01-01T00:00:00Z' })}\n`);
  await writeFile(join(files, 'b.jsonl'), '');
  const created = await s.call(
    'connections.create',
    { name: PRIVATE_NAME, apps: { a: { connector: 'jsonl', config: { path: 'a.jsonl' } }, b: { connector: 'jsonl', config: { path: 'b.jsonl' } } } },
    { cookie: owner },
  );
  expect(created.statusCode).toBe(200);
  const connectionId = dataOf<{ id: string }>(created).id;
  // Stored directly: over HTTP, credentials.add checks the key against the vendor, which needs the internet.
  const credential = await s.server.env.store.credentials.create(me.workspaceId, { app: 'pipedrive', label: 'pd', secret: { apiToken: SECRET } });
  const template = dataOf<{ id: string }>(await s.call('templates.save', { connectionId, name: 'mine' }, { cookie: owner }));
  const invitation = dataOf<{ id: string }>(await s.call('members.invite', { email: 'someone@example.com' }, { cookie: owner }));
  await s.call('sandbox.seed', undefined, { cookie: owner });
  const people = dataOf<{ items: { id: string }[] }>(await s.call('sandbox.crm.list', { limit: 1 }, { cookie: owner, method: 'GET' }));
  ids = { connectionId, credentialId: credential.id, templateId: template.id, invitationId: invitation.id, userId: me.id, personId: people.items[0]!.id, workspaceId: me.workspaceId };
  inputs = procedureInputs(ids);
});
afterAll(async () => s?.close());

const expectClean = (body: string) => {
  expect(leaksInternals(body)).toBe(false);
  expect(body).not.toContain(SECRET);
  expect(body).not.toContain(PRIVATE_NAME);
};

describe('every procedure over HTTP', () => {
  it('has a test input, so a new procedure cannot skip these checks', () => {
    const known = new Set([...Object.keys(procedureInputs({} as OwnerIds)), ...publicProcedures]);
    expect(procedures.filter((p) => p.hasInput && !known.has(p.path)).map((p) => p.path)).toEqual([]);
  });

  it('answers 401 without a session, subscriptions included (refused before the event stream opens)', async () => {
    const wrong: string[] = [];
    for (const p of procedures.filter((q) => !publicProcedures.has(q.path))) {
      const res = await s.call(p.path, inputs[p.path], { method: method(p.kind) });
      expectClean(res.body);
      const ok = res.statusCode === 401 && res.body.includes('"UNAUTHORIZED"');
      if (!ok) wrong.push(`${p.path}: ${res.statusCode}`);
    }
    expect(wrong).toEqual([]);
  });

  it("answers 404 to another workspace's ids, showing none of its data", async () => {
    const intruder = await s.signUp('intruder@example.com');
    const wrong: string[] = [];
    for (const path of scopedProcedures) {
      const p = procedures.find((q) => q.path === path)!;
      const res = await s.call(path, inputs[path], { cookie: intruder, method: method(p.kind) });
      expectClean(res.body);
      if (res.statusCode !== 404) wrong.push(`${path}: ${res.statusCode} ${res.body.slice(0, 120)}`);
    }
    expect(wrong).toEqual([]);
    // The owner's objects are untouched by the intruder's writes.
    const mine = await s.call('connections.get', { id: ids.connectionId }, { cookie: owner, method: 'GET' });
    expect(dataOf<{ name: string }>(mine).name).toBe(PRIVATE_NAME);
  });

  it('answers 400 naming an unknown key, and a short answer to a 1 MB one', async () => {
    const stranger = await s.signUp('stranger@example.com');
    const wrong: string[] = [];
    for (const p of procedures.filter((q) => q.hasInput && q.kind !== 'subscription')) {
      const base = (inputs[p.path] ?? {}) as object;
      for (const extra of [{ bogusKey: 1 }, { padding: 'x'.repeat(1_000_000) }]) {
        const key = Object.keys(extra)[0]!;
        const res = await s.call(p.path, { ...base, ...extra }, { cookie: stranger, method: method(p.kind) });
        expect(leaksInternals(res.body)).toBe(false);
        if (res.statusCode !== 400 || !res.body.includes(`\\"${key}\\"`) || res.body.length > 4_000) wrong.push(`${p.path} +${key}: ${res.statusCode} ${res.body.length} bytes`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('answers 413 to a body over the 5 MB limit and 400 to broken JSON, before any procedure runs', async () => {
    const stranger = await s.signUp('big@example.com');
    for (const p of procedures.filter((q) => q.kind === 'mutation' && !publicProcedures.has(q.path))) {
      const huge = await s.inject({
        method: 'POST' as const,
        url: `/trpc/${p.path}`,
        headers: { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000', 'content-type': 'application/json', cookie: stranger },
        payload: JSON.stringify({ name: 'x'.repeat(6 * 1024 * 1024) }),
      });
      expect([p.path, huge.statusCode]).toEqual([p.path, 413]);
    }
    const broken = await s.inject({ method: 'POST', url: '/trpc/workspace.rename', headers: { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000', 'content-type': 'application/json', cookie: stranger }, payload: '{"name": ' });
    expect(broken.statusCode).toBe(400);
    expect(leaksInternals(broken.body)).toBe(false);
  });

  it('bounds the stored text fields it checks (names, labels, secrets, contact fields)', async () => {
    const user = await s.signUp('bounds@example.com');
    const big = 'x'.repeat(1_000_000);
    for (const [path, input] of [
      ['workspace.rename', { name: big }],
      ['credentials.add', { app: 'pipedrive', label: big, secret: { apiToken: 't' } }],
      ['credentials.add', { app: 'pipedrive', label: 'pd', secret: { apiToken: big } }],
      ['sandbox.crm.create', { firstName: big }],
      ['templates.save', { connectionId: ids.connectionId, name: big }],
    ] as const) {
      const res = await s.call(path, input, { cookie: user });
      expect([path, res.statusCode]).toEqual([path, 400]);
      expect(res.body.length).toBeLessThan(4_000);
    }
  });
});

describe('secrets', () => {
  it("never appear in any query's answer to their owner", async () => {
    for (const p of procedures.filter((q) => q.kind === 'query')) {
      const res = await s.call(p.path, inputs[p.path], { cookie: owner, method: 'GET' });
      expect([p.path, res.body.includes(SECRET)]).toEqual([p.path, false]);
      expect(res.statusCode).toBeLessThan(500);
    }
    const listed = await s.call('credentials.list', {}, { cookie: owner, method: 'GET' });
    expect(dataOf(listed)).toMatchObject([{ id: ids.credentialId, app: 'pipedrive' }]);
  });

  it('never appear in the logs (API key, password, session cookie), and no call was a 500', () => {
    const all = s.logs.join('\n');
    expect(all.length).toBeGreaterThan(1000);
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toContain(owner.split('=')[1]!);
    // No request above ended in an internal error (those are logged at level 50 with the cause).
    expect(s.logs.filter((l) => (JSON.parse(l) as { level: number }).level >= 50)).toEqual([]);
  });
});
