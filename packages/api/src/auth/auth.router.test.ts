import { startEmbeddedMongo, type EmbeddedMongo } from '@sluice/embedded-mongo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../root';
import { createContextInner, memorySessionCookie, type SessionCookie } from '../context';
import { defaultAuthLimits, type AuthSettings } from './auth.settings';
import { userForSession } from './session.resolver';
import { openTestEnv, type TestEnv } from '../testing/test-env';

let mongo: EmbeddedMongo;
let env: TestEnv;
beforeAll(async () => {
  mongo = await startEmbeddedMongo({ dataDir: ':memory:' });
  env = await openTestEnv({ mongo });
});
afterAll(async () => {
  await env.close();
  await mongo.close();
});

/** An anonymous caller of `e` with its own cookie jar, optionally from a network address. */
function visitor(e: TestEnv, options: { jar?: SessionCookie; address?: string; auth?: AuthSettings } = {}) {
  return createCaller(
    createContextInner({ db: e.store, engine: e.worker, connectors: e.connectors, session: options.jar ?? memorySessionCookie(), clientAddress: options.address ?? null, auth: options.auth ?? e.auth }),
  );
}

/** A caller signed in with the session in `jar`, which sees the cookies the procedures set. */
async function signedIn(e: TestEnv, jar: SessionCookie) {
  const user = await userForSession(e.store, jar.token!);
  return createCaller(createContextInner({ db: e.store, engine: e.worker, connectors: e.connectors, session: jar, auth: e.auth, user }));
}

/** A fresh installation (no account yet) with the default, invitation-only sign-up. */
async function freshInstall(auth: Partial<AuthSettings> = {}): Promise<TestEnv> {
  return openTestEnv({ mongo, workers: false, auth: { signUp: 'invite', ...auth } });
}

const pw = 'long enough passphrase';

describe('sign-up', () => {
  it('creates the first account as owner on a fresh install, then only by invitation, saying the same whatever the email', async () => {
    const fresh = await freshInstall();
    try {
      expect(await fresh.anonymous().auth.status()).toEqual({ needsSetup: true, user: null, signUp: 'invite' });
      const jar = memorySessionCookie();
      const first = await visitor(fresh, { jar }).auth.signUp({ email: ' Ann@Example.com ', password: pw, name: 'Ann' });
      expect(first.user.email).toBe('ann@example.com');
      expect((await (await fresh.as(jar.token!)).auth.me()).workspaces).toEqual([{ id: first.workspaceId, name: "Ann's workspace", role: 'owner' }]);
      expect((await fresh.anonymous().auth.status()).needsSetup).toBe(false);

      const refusals = await Promise.all(
        ['ann@example.com', 'stranger@example.com'].map((email) => fresh.anonymous().auth.signUp({ email, password: pw, name: 'X' }).catch((e: unknown) => e as Error & { code: string })),
      );
      for (const refusal of refusals) {
        expect(refusal).toMatchObject({ code: 'FORBIDDEN', message: 'Accounts on this Sluice are by invitation: ask an admin of your team for an invitation link.' });
      }
      expect(await fresh.store.users.count()).toBe(1);
    } finally {
      await fresh.close();
    }
  });

  it('lets exactly one of two simultaneous first sign-ups through', async () => {
    const fresh = await freshInstall();
    try {
      const results = await Promise.allSettled(['one@example.com', 'two@example.com'].map((email) => visitor(fresh).auth.signUp({ email, password: pw, name: 'N' })));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'FORBIDDEN' } });
      expect(await fresh.store.users.count()).toBe(1);
    } finally {
      await fresh.close();
    }
  });

  it('with open sign-up, refuses a taken email without saying that it is taken', async () => {
    await env.signUp('carl@example.com');
    const refusal = await env.anonymous().auth.signUp({ email: 'CARL@example.com', password: 'another passphrase', name: 'C' }).then(() => new Error('signed up'), (e: unknown) => e as Error);
    expect(refusal).toMatchObject({ code: 'BAD_REQUEST', message: 'No account could be created with this email address. If you already have one, sign in.' });
    expect(refusal.message).not.toContain('carl');
  });

  it('refuses short, common and email-like passwords with a sentence', async () => {
    const tries: [string, string][] = [
      ['short', 'use at least 8 characters'],
      ['Password1!', 'one of the most common ones'],
      ['dana@example.com', 'cannot be your email address'],
      ['dana likes tea', 'cannot contain "dana"'],
    ];
    for (const [password, words] of tries) {
      await expect(env.anonymous().auth.signUp({ email: 'dana@example.com', password, name: 'D' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining(words) });
    }
    expect(await env.store.users.findByEmail('dana@example.com')).toBeNull();
  });

  it('joins the inviting workspace with the role of the invitation, once, for the invited address only', async () => {
    const fresh = await freshInstall();
    try {
      const ownerJar = memorySessionCookie();
      const owner = await visitor(fresh, { jar: ownerJar }).auth.signUp({ email: 'owner@example.com', password: pw, name: 'Owner' });
      const ownerCaller = await fresh.as(ownerJar.token!);
      const invite = await ownerCaller.members.invite({ email: 'Mate@Example.com', role: 'viewer' });
      expect(invite.link).toBe(`http://127.0.0.1:3000/join?token=${invite.token}`);
      expect(await fresh.anonymous().invitations.peek({ token: invite.token })).toMatchObject({ email: 'mate@example.com', role: 'viewer', workspaceName: "Owner's workspace", invitedBy: 'Owner' });

      await expect(fresh.anonymous().auth.signUp({ email: 'other@example.com', password: pw, name: 'O', inviteToken: invite.token })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: 'This invitation is for mate@example.com; sign up with that address.',
      });
      const jar = memorySessionCookie();
      const joined = await visitor(fresh, { jar }).auth.signUp({ email: 'mate@example.com', password: pw, name: 'Mate', inviteToken: invite.token });
      expect(joined.workspaceId).toBe(owner.workspaceId);
      expect((await (await fresh.as(jar.token!)).workspace.get())).toEqual({ id: owner.workspaceId, name: "Owner's workspace", role: 'viewer' });
      await expect(fresh.anonymous().auth.signUp({ email: 'mate@example.com', password: pw, name: 'M', inviteToken: invite.token })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('unknown, used or expired') });
      await expect(fresh.anonymous().invitations.peek({ token: invite.token })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    } finally {
      await fresh.close();
    }
  });

  it('sends someone who already has an account to sign in and accept the invitation', async () => {
    const owner = await env.signUp('team-owner@example.com');
    const other = await env.signUp('has-account@example.com');
    const invite = await owner.caller.members.invite({ email: 'has-account@example.com' });
    await expect(env.anonymous().auth.signUp({ email: 'has-account@example.com', password: pw, name: 'H', inviteToken: invite.token })).rejects.toMatchObject({
      message: 'has-account@example.com already has an account: sign in, then open the invitation link again to join.',
    });
    const stranger = await env.signUp('not-invited@example.com');
    await expect(stranger.caller.invitations.accept({ token: invite.token })).rejects.toMatchObject({ message: 'This invitation is for has-account@example.com; you are signed in as not-invited@example.com.' });
    expect(await other.caller.invitations.accept({ token: invite.token })).toEqual({ workspaceId: owner.user.workspaceId, role: 'editor' });
    expect((await (await env.as(other.token)).workspace.get()).id).toBe(owner.user.workspaceId);
    expect((await (await env.as(other.token)).auth.me()).workspaces).toHaveLength(2);
  });
});

describe('sign-in', () => {
  it('refuses a wrong password and an unknown email alike', async () => {
    await env.signUp('bob@example.com', 'a fine passphrase');
    await expect(env.anonymous().auth.signIn({ email: 'bob@example.com', password: 'nope nope' })).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: 'Wrong email or password.' });
    await expect(env.anonymous().auth.signIn({ email: 'nobody@example.com', password: 'nope nope' })).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: 'Wrong email or password.' });
  });

  it('locks an account after 5 failures in a row, saying for how long, even for the right password; a success before that starts over', async () => {
    const email = 'locked@example.com';
    await env.signUp(email, 'the right passphrase');
    const signIn = (password: string) => env.anonymous().auth.signIn({ email, password }).catch((e: unknown) => e as Error & { code: string });
    for (let i = 0; i < 4; i++) expect(await signIn('wrong guess')).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await signIn('the right passphrase')).toMatchObject({ user: { email } });
    for (let i = 0; i < 4; i++) expect(await signIn('wrong guess')).toMatchObject({ code: 'UNAUTHORIZED' });
    const lock = { code: 'TOO_MANY_REQUESTS', message: 'Too many failed sign-ins; try again in 15 minutes.' };
    expect(await signIn('wrong guess')).toMatchObject(lock);
    expect(await signIn('the right passphrase')).toMatchObject(lock);
    // Fifteen minutes later (the window's end moved into the past instead of waiting), it works again.
    await env.store.authAttempts.endWindowAt(`sign-in:failures:${email}`, Date.now() - 1);
    expect(await signIn('the right passphrase')).toMatchObject({ user: { email } });
  });

  it('checks no more than 5 passwords of an account however many attempts arrive at once', async () => {
    const email = 'burst@example.com';
    await env.signUp(email, 'the right passphrase');
    const guesses = Array.from({ length: 30 }, (_, i) => (i === 29 ? 'the right passphrase' : `guess number ${i}`));
    const answers = await Promise.all(guesses.map((password) => env.anonymous().auth.signIn({ email, password }).catch((e: unknown) => e as { code: string })));
    const codes = answers.map((a) => ('code' in a ? a.code : 'OK'));
    expect(codes.filter((c) => c === 'UNAUTHORIZED' || c === 'OK').length).toBeLessThanOrEqual(5);
    expect(codes.filter((c) => c === 'TOO_MANY_REQUESTS').length).toBeGreaterThanOrEqual(25);
  });

  it('limits attempts per network address, wherever they are aimed', async () => {
    const auth: AuthSettings = { signUp: 'open', limits: { ...defaultAuthLimits, signInPerAddress: { max: 3, windowMs: 60_000 } } };
    const from = (address: string) => visitor(env, { address, auth });
    for (let i = 0; i < 3; i++) await expect(from('203.0.113.7').auth.signIn({ email: `spray${i}@example.com`, password: 'x' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(from('203.0.113.7').auth.signIn({ email: 'spray9@example.com', password: 'x' })).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: expect.stringMatching(/^Too many sign-in attempts from your network; try again in 1 minute\.$/),
    });
    await expect(from('203.0.113.8').auth.signIn({ email: 'spray9@example.com', password: 'x' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('limits sign-ups per network address', async () => {
    const auth: AuthSettings = { signUp: 'open', limits: { ...defaultAuthLimits, signUpPerAddress: { max: 2, windowMs: 3_600_000 } } };
    const from = () => visitor(env, { address: '198.51.100.4', auth });
    await from().auth.signUp({ email: 'first-of-many@example.com', password: pw, name: 'F' });
    await expect(from().auth.signUp({ email: 'weak@example.com', password: 'Password1!', name: 'W' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(from().auth.signUp({ email: 'third@example.com', password: pw, name: 'T' })).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: 'Too many sign-up attempts from your network; try again in 60 minutes.',
    });
  });

  it('names unknown keys in the error', async () => {
    await expect(env.anonymous().auth.signIn({ email: 'a@example.com', password: 'x', remember: true } as never)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('"remember"'),
    });
  });
});

describe('sessions', () => {
  it('signs out here, leaving other sessions; signing out everywhere ends them all', async () => {
    const { token: first } = await env.signUp('many@example.com', 'several browsers open');
    const second = memorySessionCookie();
    await visitor(env, { jar: second }).auth.signIn({ email: 'many@example.com', password: 'several browsers open' });
    expect(second.token).not.toBe(first);
    await (await env.as(second.token!)).auth.signOut();
    await expect((await env.as(second.token!)).auth.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect((await (await env.as(first)).auth.me()).user.email).toBe('many@example.com');

    const third = memorySessionCookie();
    await visitor(env, { jar: third }).auth.signIn({ email: 'many@example.com', password: 'several browsers open' });
    expect(await (await env.as(first)).auth.signOutEverywhere()).toEqual({ sessionsEnded: 2 });
    for (const token of [first, third.token!]) await expect((await env.as(token)).auth.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('changes the password given the current one, ending the other sessions and renewing this one', async () => {
    const { token: other } = await env.signUp('changer@example.com', 'the old passphrase');
    const jar = memorySessionCookie();
    await visitor(env, { jar }).auth.signIn({ email: 'changer@example.com', password: 'the old passphrase' });
    const current = jar.token!;
    const withJar = await signedIn(env, jar);
    await expect(withJar.auth.changePassword({ currentPassword: 'not it at all', newPassword: 'a brand new passphrase' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'The current password is not right.' });
    await expect(withJar.auth.changePassword({ currentPassword: 'the old passphrase', newPassword: 'iloveyou123' })).rejects.toMatchObject({ message: expect.stringContaining('most common') });
    await expect(withJar.auth.changePassword({ currentPassword: 'the old passphrase', newPassword: 'the old passphrase' })).rejects.toMatchObject({ message: expect.stringContaining('same as the current one') });
    expect(await withJar.auth.changePassword({ currentPassword: 'the old passphrase', newPassword: 'a brand new passphrase' })).toEqual({ otherSessionsEnded: 1 });

    expect(jar.token).not.toBe(current);
    for (const token of [other, current]) await expect((await env.as(token)).auth.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect((await (await env.as(jar.token!)).auth.me()).user.email).toBe('changer@example.com');
    await expect(env.anonymous().auth.signIn({ email: 'changer@example.com', password: 'the old passphrase' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(env.anonymous().auth.signIn({ email: 'changer@example.com', password: 'a brand new passphrase' })).resolves.toMatchObject({ user: { email: 'changer@example.com' } });
  });

  it('counts a wrong current password as a failed sign-in, so a stolen session cannot guess it', async () => {
    const { user } = await env.signUp('guessed@example.com', 'the real passphrase');
    const caller = createCaller(createContextInner({ db: env.store, engine: env.worker, connectors: env.connectors, user, auth: env.auth }));
    for (let i = 0; i < 4; i++) await expect(caller.auth.changePassword({ currentPassword: `guess ${i}`, newPassword: 'whatever new passphrase' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller.auth.changePassword({ currentPassword: 'guess 5', newPassword: 'whatever new passphrase' })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    await expect(env.anonymous().auth.signIn({ email: 'guessed@example.com', password: 'the real passphrase' })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
  });

  it('answers 401 to workspace procedures without a session', async () => {
    const anon = env.anonymous();
    await expect(anon.auth.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(anon.connections.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(anon.members.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(anon.auth.signOutEverywhere()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
