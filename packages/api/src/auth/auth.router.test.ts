import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../root';
import { createContextInner, memorySessionCookie } from '../context';
import { openTestEnv, type TestEnv } from '../testing/test-env';

let env: TestEnv;
beforeAll(async () => {
  env = await openTestEnv();
});
afterAll(async () => env.close());

describe('auth router', () => {
  it('offers "create your account" on a fresh install, then signs up, in and out', async () => {
    expect(await env.anonymous().auth.status()).toEqual({ needsSetup: true, user: null });
    const jar = memorySessionCookie();
    const caller = createCaller(createContextInner({ db: env.store, engine: env.worker, connectors: env.connectors, session: jar }));
    const signedUp = await caller.auth.signUp({ email: ' Ann@Example.com ', password: 'long enough pw', name: 'Ann' });
    expect(signedUp.user.email).toBe('ann@example.com');
    expect(jar.token).toBeTruthy();
    expect((await env.anonymous().auth.status()).needsSetup).toBe(false);

    const me = await (await env.as(jar.token!)).auth.me();
    expect(me.user.email).toBe('ann@example.com');
    expect(me.workspaces).toHaveLength(1);
    expect(me.workspaces[0]!.role).toBe('owner');

    const signIn = memorySessionCookie();
    await createCaller(createContextInner({ db: env.store, engine: env.worker, connectors: env.connectors, session: signIn })).auth.signIn({ email: 'ann@example.com', password: 'long enough pw' });
    expect(signIn.token).toBeTruthy();
    expect(signIn.token).not.toBe(jar.token);

    const signedIn = await env.as(signIn.token!);
    await signedIn.auth.signOut();
    await expect((await env.as(signIn.token!)).auth.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    // The other session still works.
    expect((await (await env.as(jar.token!)).auth.me()).user.email).toBe('ann@example.com');
  });

  it('refuses a wrong password and an unknown email alike', async () => {
    await env.signUp('bob@example.com', 'bobs password');
    await expect(env.anonymous().auth.signIn({ email: 'bob@example.com', password: 'nope nope' })).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: 'Wrong email or password.' });
    await expect(env.anonymous().auth.signIn({ email: 'nobody@example.com', password: 'nope nope' })).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: 'Wrong email or password.' });
  });

  it('refuses a second account with the same email, and short passwords', async () => {
    await env.signUp('carl@example.com');
    await expect(env.anonymous().auth.signUp({ email: 'CARL@example.com', password: 'another one', name: 'C' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(env.anonymous().auth.signUp({ email: 'dan@example.com', password: 'short', name: 'D' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('names unknown keys in the error', async () => {
    await expect(env.anonymous().auth.signIn({ email: 'a@example.com', password: 'x', remember: true } as never)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('"remember"'),
    });
  });

  it('invites a member into the workspace, who then sees its connections', async () => {
    const owner = await env.signUp('owner@example.com');
    const invite = await owner.caller.workspace.invite({ email: 'mate@example.com' });
    expect(invite.link).toContain('/join?token=');
    const jar = memorySessionCookie();
    const res = await createCaller(createContextInner({ db: env.store, engine: env.worker, connectors: env.connectors, session: jar })).auth.signUp({
      email: 'mate@example.com',
      password: 'mates password',
      name: 'Mate',
      inviteToken: invite.token,
    });
    expect(res.workspaceId).toBe(owner.user.workspaceId);
    const mate = await env.as(jar.token!);
    expect((await mate.workspace.get()).id).toBe(owner.user.workspaceId);
    const members = await owner.caller.workspace.members();
    expect(members.map((m) => m.email).sort()).toEqual(['mate@example.com', 'owner@example.com']);
    await expect(mate.workspace.invite({ email: 'x@example.com' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // An invitation works once.
    await expect(env.anonymous().auth.signUp({ email: 'mate2@example.com', password: 'mates password', name: 'M2', inviteToken: invite.token })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('answers 401 to every workspace procedure without a session', async () => {
    const anon = env.anonymous();
    await expect(anon.auth.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(anon.connections.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(anon.credentials.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(anon.apps.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(anon.templates.gallery()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
