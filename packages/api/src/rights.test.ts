import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberRole } from '@sluice/store';
import type { Access } from './auth/roles';
import { appRouter, type createCaller } from './root';
import { invokeProcedure, type AnyCaller } from './testing/invoke-procedure';
import { placeholderIds, procedureInputs, type OwnerIds } from './testing/procedure-inputs';
import { openTestEnv, type TestEnv } from './testing/test-env';

// The rights of each role, procedure by procedure (docs/security.md, "Roles"). The table below is the
// specification: every procedure of the router must be in it with the access it declares, so a new
// procedure fails here until someone decides who may call it. Then every procedure is called as every
// role: a role below the one needed gets FORBIDDEN and changes nothing; the needed role and those
// above pass the check (shown without side effects by an unknown key, which the input check after it
// refuses).

const rights: Record<string, Access> = {
  'auth.status': 'public',
  'auth.signUp': 'public',
  'auth.signIn': 'public',
  'auth.signOut': 'public',
  'auth.signOutEverywhere': 'signedIn',
  'auth.changePassword': 'signedIn',
  'auth.me': 'signedIn',
  'workspace.get': 'viewer',
  'workspace.rename': 'admin',
  'workspace.switch': 'signedIn',
  'members.list': 'viewer',
  'members.invite': 'admin',
  'members.setRole': 'admin',
  'members.transferOwnership': 'owner',
  'members.remove': 'admin',
  'members.leave': 'viewer',
  'invitations.list': 'admin',
  'invitations.revoke': 'admin',
  'invitations.peek': 'public',
  'invitations.accept': 'signedIn',
  'apps.list': 'viewer',
  'apps.get': 'viewer',
  'apps.fields': 'viewer',
  'apps.settingChoices': 'viewer',
  'apps.defaultMapping': 'viewer',
  'apps.checkMapping': 'viewer',
  'credentials.list': 'viewer',
  'credentials.oauthApps': 'viewer',
  'credentials.add': 'editor',
  'credentials.reauthorize': 'admin',
  'credentials.rename': 'admin',
  'credentials.delete': 'admin',
  'connections.list': 'viewer',
  'connections.get': 'viewer',
  'connections.status': 'viewer',
  'connections.create': 'editor',
  'connections.update': 'editor',
  'connections.start': 'editor',
  'connections.pause': 'editor',
  'connections.resume': 'editor',
  'connections.syncNow': 'editor',
  'connections.delete': 'admin',
  'graphs.save': 'editor',
  'graphs.versions': 'viewer',
  'graphs.get': 'viewer',
  'graphs.validate': 'viewer',
  'graphs.diff': 'viewer',
  'preview.run': 'editor',
  'history.runs': 'viewer',
  'history.run': 'viewer',
  'history.events': 'viewer',
  'history.health': 'viewer',
  'history.records': 'viewer',
  'history.record': 'viewer',
  'history.resync': 'editor',
  'history.unlink': 'editor',
  'history.relink': 'editor',
  'templates.gallery': 'viewer',
  'templates.export': 'viewer',
  'templates.check': 'viewer',
  'templates.list': 'viewer',
  'templates.get': 'viewer',
  'templates.import': 'editor',
  'templates.save': 'editor',
  'templates.delete': 'admin',
  'sandbox.seed': 'editor',
  'sandbox.crm.list': 'viewer',
  'sandbox.crm.get': 'viewer',
  'sandbox.crm.deals': 'viewer',
  'sandbox.crm.create': 'editor',
  'sandbox.crm.update': 'editor',
  'sandbox.crm.delete': 'editor',
  'sandbox.crm.addDeal': 'editor',
  'sandbox.crm.updateDeal': 'editor',
  'sandbox.outreach.list': 'viewer',
  'sandbox.outreach.get': 'viewer',
  'sandbox.outreach.create': 'editor',
  'sandbox.outreach.update': 'editor',
  'sandbox.outreach.delete': 'editor',
  'live.connections': 'viewer',
  'live.runProgress': 'viewer',
  'versions.list': 'viewer',
  'versions.get': 'viewer',
  'versions.diff': 'viewer',
  'versions.restore': 'editor',
  'audit.list': 'admin',
  'audit.export': 'admin',
  'alerts.get': 'admin',
  'alerts.update': 'admin',
  'alerts.test': 'admin',
};

const ROLES: MemberRole[] = ['viewer', 'editor', 'admin', 'owner'];
type Procedure = { _def: { type: 'query' | 'mutation' | 'subscription'; meta?: { access?: Access }; inputs: unknown[] } };
const procedures = appRouter._def.procedures as unknown as Record<string, Procedure>;
const roleChecked = Object.entries(rights).filter((entry): entry is [string, MemberRole] => entry[1] !== 'public' && entry[1] !== 'signedIn');

let env: TestEnv;
let ids: OwnerIds | undefined;
const as = {} as Record<MemberRole, ReturnType<typeof createCaller>>;

beforeAll(async () => {
  env = await openTestEnv({ workers: false });
  const owner = await env.signUp('rights-owner@example.com');
  as.owner = owner.caller;
  for (const role of ['admin', 'editor', 'viewer'] as const) {
    const person = await env.signUp(`rights-${role}@example.com`);
    const { token } = await owner.caller.members.invite({ email: person.user.email, role });
    await person.caller.invitations.accept({ token });
    as[role] = await env.as(person.token);
    expect((await as[role].workspace.get()).role).toBe(role);
  }
  await owner.caller.sandbox.seed();
  const connection = await owner.caller.connections.create({ name: 'rights', apps: { a: { connector: 'sandbox-crm' }, b: { connector: 'sandbox-outreach' } }, mode: 'two-way' });
  const credential = await env.store.credentials.create(owner.user.workspaceId, { app: 'pipedrive', label: 'pd', secret: { apiToken: 'owner-secret' } });
  const template = await owner.caller.templates.save({ connectionId: connection.id, name: 'kept' });
  const invitation = await owner.caller.members.invite({ email: 'pending@example.com' });
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
});
afterAll(async () => env.close());

const inputOf = (path: string) => procedureInputs(ids ?? placeholderIds)[path];
const call = (role: MemberRole, path: string, input: unknown) => invokeProcedure(as[role] as unknown as AnyCaller, path, input).then(() => 'ok', (e: { code?: string }) => e.code ?? 'error');

describe('rights', () => {
  it('every procedure is in the table, with the access it declares', () => {
    const declared = Object.fromEntries(Object.entries(procedures).map(([path, p]) => [path, p._def.meta?.access ?? 'none declared']));
    expect(declared).toEqual(rights);
  });

  it.each(roleChecked.flatMap(([path, needed]) => ROLES.filter((r) => ROLES.indexOf(r) < ROLES.indexOf(needed)).map((role) => [path, role, needed] as const)))(
    '%s refuses a %s (needs %s)',
    async (path, role, needed) => {
      const refusal = await invokeProcedure(as[role] as unknown as AnyCaller, path, inputOf(path)).catch((e: unknown) => e);
      expect(refusal).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(new RegExp(`^Only .*${needed === 'owner' ? 'the owner' : `${needed}s`}`)) });
    },
  );

  it.each(roleChecked.filter(([path]) => procedures[path]!._def.inputs.length > 0).flatMap(([path, needed]) => ROLES.filter((r) => ROLES.indexOf(r) >= ROLES.indexOf(needed)).map((role) => [path, role] as const)))(
    '%s lets a %s through',
    async (path, role) => {
      const input = { ...(inputOf(path) as object | undefined), bogusKey: 1 };
      await expect(invokeProcedure(as[role] as unknown as AnyCaller, path, input)).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('"bogusKey"') });
    },
  );

  // Without input there is no unknown key to stop them: these run (`members.leave` has its own tests).
  it.each(roleChecked.filter(([path]) => procedures[path]!._def.inputs.length === 0 && path !== 'members.leave').flatMap(([path, needed]) => ROLES.filter((r) => ROLES.indexOf(r) >= ROLES.indexOf(needed)).map((role) => [path, role] as const)))(
    '%s (no input) answers a %s',
    async (path, role) => {
      expect(await call(role, path, undefined)).toBe('ok');
    },
  );

  it("left the owner's objects as they were after every refused call", async () => {
    expect(await call('owner', 'connections.get', { id: ids!.connectionId })).toBe('ok');
    expect(await call('owner', 'templates.get', { id: ids!.templateId })).toBe('ok');
    expect((await as.owner.credentials.list()).map((c) => c.id)).toEqual([ids!.credentialId]);
    expect(await env.store.credentials.revealForEngine(ids!.workspaceId, ids!.credentialId)).toEqual({ apiToken: 'owner-secret' });
    expect((await as.owner.members.list()).map((m) => m.role).sort()).toEqual(['admin', 'editor', 'owner', 'viewer']);
    expect((await as.owner.invitations.list()).map((i) => i.email)).toEqual(['pending@example.com']);
  });
});
