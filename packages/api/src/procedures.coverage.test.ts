import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from './root';
import { placeholderIds, procedureInputs, publicProcedures, scopedProcedures, type OwnerIds } from './testing/procedure-inputs';
import { invokeProcedure, type AnyCaller } from './testing/invoke-procedure';
import { openTestEnv, type TestEnv } from './testing/test-env';

// Every procedure, unhappy paths: without a session → UNAUTHORIZED; with another workspace's ids →
// NOT_FOUND (never its data); with an unknown key → BAD_REQUEST naming it. The tables must name
// every procedure, so a new one cannot be added without saying how it is protected.

let env: TestEnv;
let currentIds: OwnerIds | undefined;
let ids: OwnerIds;

beforeAll(async () => {
  env = await openTestEnv();
  const owner = await env.signUp('coverage-owner@example.com');
  const files = await env.filesOf(owner.user.workspaceId);
  await writeFile(join(files, 'a.jsonl'), `${JSON.stringify({ id: 'a1', email: 'x@example.com', tags: [], lists: [], custom: {}, updatedAt: '2026-01-01T00:00:00Z' })}\n`);
  await writeFile(join(files, 'b.jsonl'), '');
  const connection = await owner.caller.connections.create({
    name: 'owned',
    apps: { a: { connector: 'jsonl', config: { path: 'a.jsonl' } }, b: { connector: 'jsonl', config: { path: 'b.jsonl' } } },
    rules: {
      aToB: {
        format: 'sluice.graph/v1',
        name: 'all',
        source: { app: 'jsonl' },
        target: { app: 'jsonl' },
        nodes: [
          { id: 'in', kind: 'source' },
          { id: 'out', kind: 'sync' },
        ],
        edges: [{ from: 'in', to: 'out' }],
      },
    },
  });
  const credential = await env.store.credentials.create(owner.user.workspaceId, { app: 'pipedrive', label: 'pd', secret: { apiToken: 'secret-of-owner' } });
  const template = await owner.caller.templates.save({ connectionId: connection.id, name: 'mine' });
  const invitation = await owner.caller.members.invite({ email: 'someone@example.com' });
  await owner.caller.sandbox.seed();
  const people = await owner.caller.sandbox.crm.list({ limit: 1 });
  ids = {
    connectionId: connection.id,
    credentialId: credential.id,
    templateId: template.id,
    invitationId: invitation.id,
    userId: owner.user.id,
    personId: people.items[0]!.id,
    workspaceId: owner.user.workspaceId,
  };
  currentIds = ids;
});
afterAll(async () => env.close());

/** A valid input per procedure, aimed at the owner's objects (stand-ins while the tests are collected). */
const inputs = (): Record<string, unknown> => procedureInputs(currentIds ?? placeholderIds);

/** Everything else is workspace-wide (lists, creation) or owner-only: listed so the tables stay complete. */
const unscoped = new Set([
  'auth.me',
  'auth.signOutEverywhere',
  'auth.changePassword',
  'workspace.get',
  'workspace.rename',
  'members.list',
  'members.invite',
  'members.leave',
  'invitations.list',
  'invitations.accept',
  'apps.list',
  'apps.get',
  'apps.fields',
  'apps.defaultMapping',
  'apps.checkMapping',
  'credentials.list',
  'credentials.oauthApps',
  'credentials.add',
  'connections.list',
  'connections.create',
  'templates.gallery',
  'templates.list',
  'sandbox.seed',
  'sandbox.crm.list',
  'sandbox.crm.create',
  'sandbox.crm.deals',
  'sandbox.crm.updateDeal',
  'sandbox.outreach.list',
  'sandbox.outreach.get',
  'sandbox.outreach.create',
  'sandbox.outreach.update',
  'sandbox.outreach.delete',
  'audit.list',
  'audit.export',
  'alerts.get',
  'alerts.update',
  'alerts.test',
]);

const allPaths = Object.keys(appRouter._def.procedures);

describe('every procedure', () => {
  it('is listed in the tables', () => {
    const listed = new Set([...publicProcedures, ...scopedProcedures, ...unscoped]);
    expect(allPaths.filter((p) => !listed.has(p))).toEqual([]);
    expect(Object.keys(inputs()).filter((p) => !allPaths.includes(p))).toEqual([]);
  });

  it.each(allPaths.filter((p) => !publicProcedures.has(p)))('%s answers UNAUTHORIZED without a session', async (path) => {
    await expect(invokeProcedure(env.anonymous() as unknown as AnyCaller, path, inputs()[path])).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it.each(scopedProcedures)("%s answers NOT_FOUND for another workspace's object", async (path) => {
    const intruder = await env.signUp(`intruder-${randomUUID().slice(0, 8)}@example.com`);
    await expect(invokeProcedure(intruder.caller as unknown as AnyCaller, path, inputs()[path])).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it.each(allPaths.filter((p) => inputs()[p] !== undefined && typeof inputs()[p] === 'object'))('%s names an unknown key', async (path) => {
    const { caller } = await env.signUp(`strict-${randomUUID().slice(0, 8)}@example.com`);
    const input = { ...(inputs()[path] as object), bogusKey: 1 };
    await expect(invokeProcedure(caller as unknown as AnyCaller, path, input)).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('"bogusKey"') });
  });

  it("never shows the owner's data to the intruder in lists", async () => {
    const intruder = await env.signUp(`lists-${randomUUID().slice(0, 8)}@example.com`);
    expect(await intruder.caller.connections.list()).toEqual([]);
    expect(await intruder.caller.credentials.list()).toEqual([]);
    expect(await intruder.caller.templates.list()).toEqual([]);
    expect((await intruder.caller.members.list()).map((m) => m.email)).toEqual([intruder.user.email]);
    expect((await intruder.caller.audit.list({})).entries.map((e) => e.action)).toEqual(['workspace.created']);
    const sandbox = await intruder.caller.sandbox.crm.list({ limit: 500 });
    expect(sandbox.items.some((p) => p.id === ids.personId && p.firstName === 'Changed')).toBe(false);
  });
});
