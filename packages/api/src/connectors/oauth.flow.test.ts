import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestEnv, type TestEnv } from '../testing/test-env';
import { oauthStatus } from '@sluice/runtime';
import { completeOAuth, startOAuth, type OAuthDeps } from './oauth.flow';
import { OAuthStateStore } from './oauth-state.store';

// The consent flow's own rules, without HTTP or a vendor: which app is configured, what the
// authorize URL asks for, and every way a callback is refused before a token request is made.
const env: NodeJS.ProcessEnv = { SLUICE_GOOGLE_CLIENT_ID: 'gid', SLUICE_GOOGLE_CLIENT_SECRET: 'gsecret', SLUICE_PIPEDRIVE_CLIENT_ID: 'pid', SLUICE_PIPEDRIVE_CLIENT_SECRET: 'psecret', SLUICE_MICROSOFT_CLIENT_ID: 'mid', SLUICE_MICROSOFT_CLIENT_SECRET: 'msecret' };
const publicUrl = 'https://sluice.example.com';
let t: TestEnv;
let clock = 0;
let deps: OAuthDeps;
let owner: Awaited<ReturnType<TestEnv['signUp']>>;

beforeAll(async () => {
  t = await openTestEnv({ workers: false });
  deps = { db: t.store, engine: t.worker, connectors: t.connectors, states: new OAuthStateStore({ ttlMs: 60_000, now: () => clock }), oauth: env };
  owner = await t.signUp('oauth-owner@example.com');
});
afterAll(() => t.close());

const start = (app = 'google-contacts', extra: { credentialId?: string; sessionToken?: string } = {}) =>
  startOAuth(deps, { user: owner.user, sessionToken: extra.sessionToken ?? owner.token, app, returnTo: { kind: 'wizard', side: 'a' }, publicUrl, ...(extra.credentialId ? { credentialId: extra.credentialId } : {}) });

describe('starting a consent', () => {
  it('says which apps the operator configured, and names the variables of the others', () => {
    expect(oauthStatus(env)).toEqual([
      { app: 'google-contacts', configured: true, missing: [] },
      { app: 'hubspot', configured: false, missing: ['SLUICE_HUBSPOT_CLIENT_ID', 'SLUICE_HUBSPOT_CLIENT_SECRET'] },
      { app: 'microsoft-365', configured: true, missing: [] },
      { app: 'pipedrive', configured: true, missing: [] },
    ]);
    return expect(start('hubspot')).rejects.toMatchObject({ code: 'E_OAUTH_NOT_CONFIGURED', message: expect.stringContaining('SLUICE_HUBSPOT_CLIENT_ID and SLUICE_HUBSPOT_CLIENT_SECRET') });
  });

  it("sends Google's consent the contacts scope, offline access, the redirect URL and a S256 challenge", async () => {
    const { url, binding } = await start();
    const u = new URL(url);
    expect(u.origin + u.pathname).toBe('https://accounts.google.com/o/oauth2/v2/auth');
    expect(Object.fromEntries(u.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'gid',
      redirect_uri: 'https://sluice.example.com/oauth/callback',
      scope: 'https://www.googleapis.com/auth/contacts',
      access_type: 'offline',
      prompt: 'consent',
      code_challenge_method: 'S256',
    });
    expect(u.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(u.searchParams.get('state')).toMatch(/^[\w-]{43}$/);
    expect(binding).not.toBe(u.searchParams.get('state'));
    expect(url).not.toContain('gsecret');
  });

  it("sends Microsoft's consent Contacts.ReadWrite with offline_access (for a refresh token), a S256 challenge and the account picker", async () => {
    const u = new URL((await start('microsoft-365')).url);
    expect(u.origin + u.pathname).toBe('https://login.microsoftonline.com/common/oauth2/v2.0/authorize');
    expect(Object.fromEntries(u.searchParams)).toMatchObject({ response_type: 'code', client_id: 'mid', scope: 'offline_access Contacts.ReadWrite', prompt: 'select_account', code_challenge_method: 'S256' });
    expect(u.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(u.toString()).not.toContain('msecret');
  });

  it('sends Pipedrive no scope and no PKCE (neither is part of its OAuth)', async () => {
    const u = new URL((await start('pipedrive')).url);
    expect(u.host).toBe('oauth.pipedrive.com');
    expect(u.searchParams.has('scope')).toBe(false);
    expect(u.searchParams.has('code_challenge')).toBe(false);
  });

  it("refuses to reconnect another workspace's credential or another app's", async () => {
    const other = await t.signUp('oauth-other@example.com');
    const theirs = await t.store.credentials.create(other.user.workspaceId, { app: 'google-contacts', label: 'theirs', secret: { accessToken: 'x' } });
    await expect(start('google-contacts', { credentialId: theirs.id })).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
    const mine = await t.store.credentials.create(owner.user.workspaceId, { app: 'pipedrive', label: 'mine', secret: { apiToken: 'x' } });
    await expect(start('google-contacts', { credentialId: mine.id })).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
  });

  it('needs an editor to connect an account and an admin to reconnect one, as the credentials procedures do', async () => {
    const team = await t.signUp('oauth-roles@example.com');
    const mine = await t.store.credentials.create(team.user.workspaceId, { app: 'google-contacts', label: 'ours', secret: { accessToken: 'x' } });
    const begin = (role: 'viewer' | 'editor', credentialId?: string) =>
      startOAuth(deps, { user: { ...team.user, role }, sessionToken: team.token, app: 'google-contacts', returnTo: { kind: 'wizard', side: 'a' }, publicUrl, ...(credentialId ? { credentialId } : {}) });
    await expect(begin('viewer')).rejects.toMatchObject({ code: 'E_FORBIDDEN', message: expect.stringContaining('you are a viewer') });
    await expect(begin('editor')).resolves.toMatchObject({ url: expect.stringContaining('state=') });
    await expect(begin('editor', mine.id)).rejects.toMatchObject({ code: 'E_FORBIDDEN', message: expect.stringContaining('Only admins and the owner') });
  });
});

describe('refusing a callback', () => {
  const stateOf = (url: string) => new URL(url).searchParams.get('state')!;

  it('without a state, or with one it never issued', async () => {
    expect(await completeOAuth(deps, { query: { code: 'c' }, binding: null, sessionToken: null })).toEqual({ ok: false, code: 'E_OAUTH_STATE_MISSING' });
    expect(await completeOAuth(deps, { query: { code: 'c', state: 'made-up' }, binding: 'b', sessionToken: null })).toMatchObject({ ok: false, code: 'E_OAUTH_STATE_INVALID' });
  });

  it('a second time: a state works once, even when the first use failed', async () => {
    const { url } = await start();
    const first = await completeOAuth(deps, { query: { state: stateOf(url), code: 'c' }, binding: 'not-the-binding', sessionToken: null });
    expect(first).toMatchObject({ ok: false, code: 'E_OAUTH_OTHER_SESSION', returnTo: { kind: 'wizard', side: 'a' } });
    expect(await completeOAuth(deps, { query: { state: stateOf(url), code: 'c' }, binding: 'not-the-binding', sessionToken: null })).toMatchObject({ code: 'E_OAUTH_STATE_INVALID' });
  });

  it('after the state expired', async () => {
    const { url, binding } = await start();
    clock += 60_001;
    expect(await completeOAuth(deps, { query: { state: stateOf(url), code: 'c' }, binding, sessionToken: null })).toMatchObject({ ok: false, code: 'E_OAUTH_STATE_EXPIRED', app: 'google-contacts' });
  });

  it('from another session of a browser that holds the binding', async () => {
    const { url, binding } = await start();
    const other = await t.signUp('oauth-third@example.com');
    expect(await completeOAuth(deps, { query: { state: stateOf(url), code: 'c' }, binding, sessionToken: other.token })).toMatchObject({ code: 'E_OAUTH_OTHER_SESSION' });
  });

  it('after the user signed out', async () => {
    const session = await t.signUp('oauth-leaver@example.com');
    const { url, binding } = await startOAuth(deps, { user: session.user, sessionToken: session.token, app: 'google-contacts', returnTo: { kind: 'wizard', side: 'b' }, publicUrl });
    await session.caller.auth.signOut();
    expect(await completeOAuth(deps, { query: { state: stateOf(url), code: 'c' }, binding, sessionToken: null })).toMatchObject({ code: 'E_OAUTH_SIGNED_OUT', returnTo: { kind: 'wizard', side: 'b' } });
  });

  it('when the user denied consent, and stores nothing', async () => {
    const { url, binding } = await start();
    expect(await completeOAuth(deps, { query: { state: stateOf(url), error: 'access_denied' }, binding, sessionToken: owner.token })).toMatchObject({ code: 'E_OAUTH_DENIED' });
    expect(await t.store.credentials.list(owner.user.workspaceId, { app: 'google-contacts' })).toEqual([]);
  });
});

