import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openConnector } from '@sluice/runtime';
import { buildServer, loadConfig } from '@sluice/server';
import { openServerEnv, sessionCookieOf, type ServerEnv } from '@sluice/server/testing';
import { GooglePeopleFake } from '../fakes/google-people.fake';
import { HubSpotFake } from '../fakes/hubspot.fake';
import { PipedriveFake } from '../fakes/pipedrive.fake';

// The OAuth consent over HTTP against local fakes of Google's, HubSpot's and Pipedrive's
// authorization servers: start (signed in, same origin), the vendor's redirect back, the code
// exchange, the credential checked and stored encrypted, and the refusals a browser can run into.
const host = '127.0.0.1:3000';
const json = { 'content-type': 'application/json', host };

let s: ServerEnv;
/** The operator's settings as `sluice start` would read them from its environment. */
let env: Record<string, string>;
let cookie: string;
const google = new GooglePeopleFake();
const pipedrive = new PipedriveFake();
const hubspot = new HubSpotFake();

beforeAll(async () => {
  await Promise.all([google.server.start(), pipedrive.server.start(), hubspot.server.start()]);
  env = {
    SLUICE_ALLOW_PRIVATE_URLS: '1',
    SLUICE_GOOGLE_CLIENT_ID: google.client.id,
    SLUICE_GOOGLE_CLIENT_SECRET: google.client.secret,
    SLUICE_GOOGLE_AUTHORIZE_URL: `${google.server.url}/o/oauth2/v2/auth`,
    SLUICE_GOOGLE_TOKEN_URL: `${google.server.url}/token`,
    SLUICE_GOOGLE_API_URL: google.server.url,
    SLUICE_PIPEDRIVE_CLIENT_ID: pipedrive.oauthClient.id,
    SLUICE_PIPEDRIVE_CLIENT_SECRET: pipedrive.oauthClient.secret,
    SLUICE_PIPEDRIVE_AUTHORIZE_URL: `${pipedrive.server.url}/oauth/authorize`,
    SLUICE_PIPEDRIVE_TOKEN_URL: `${pipedrive.server.url}/oauth/token`,
    SLUICE_PIPEDRIVE_API_URL: pipedrive.server.url,
    SLUICE_HUBSPOT_CLIENT_ID: hubspot.oauth.client.id,
    SLUICE_HUBSPOT_CLIENT_SECRET: hubspot.oauth.client.secret,
    SLUICE_HUBSPOT_AUTHORIZE_URL: `${hubspot.server.url}/oauth/authorize`,
    SLUICE_HUBSPOT_TOKEN_URL: `${hubspot.server.url}/oauth/v1/token`,
    SLUICE_HUBSPOT_API_URL: hubspot.server.url,
  };
  s = await openServerEnv({ config: loadConfig(env) });
  cookie = sessionCookieOf((await s.app.inject({ method: 'POST', url: '/trpc/auth.signUp', headers: json, payload: { email: 'oauth@example.com', password: 'a good password', name: 'O' } })).headers['set-cookie']);
});
afterAll(async () => {
  await s?.close();
  await Promise.all([google.server.stop(), pipedrive.server.stop(), hubspot.server.stop()]);
});
beforeEach(() => {
  google.oauth.consent = 'allow';
});

function setCookieOf(res: { headers: Record<string, unknown> }, name: string): string {
  const all = ([] as string[]).concat((res.headers['set-cookie'] as string | string[] | undefined) ?? []);
  const line = all.find((c) => c.startsWith(`${name}=`));
  if (!line) throw new Error(`no ${name} cookie in ${all.join(' | ')}`);
  return line;
}

/** Starts a consent as the signed-in user; returns the authorize URL and the binding cookie. */
async function start(payload: Record<string, unknown>, c = cookie) {
  const res = await s.app.inject({ method: 'POST', url: '/oauth/start', headers: { ...json, cookie: c, origin: `http://${host}` }, payload });
  expect(res.statusCode, res.body).toBe(200);
  const binding = setCookieOf(res, 'sluice_oauth');
  return { url: res.json<{ url: string }>().url, binding: binding.split(';')[0]!, bindingLine: binding };
}

/** What the browser does at the vendor: follows the authorize URL, which redirects back to Sluice. */
async function consent(url: string): Promise<string> {
  const res = await fetch(url, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const back = new URL(res.headers.get('location')!);
  expect(back.origin).toBe(`http://${host}`);
  return back.pathname + back.search;
}

/** The vendor's redirect lands on the callback; a cross-site browser sends the Lax binding cookie only. */
async function callback(path: string, cookies: string) {
  const res = await s.app.inject({ method: 'GET', url: path, headers: { host, cookie: cookies } });
  expect(res.statusCode).toBe(303);
  return new URL(res.headers.location as string, `http://${host}`);
}

const rawCredentials = () => s.env.store.db.collection('credentials').find({}).toArray();

describe('the OAuth consent over HTTP', () => {
  it('connects Google Contacts: PKCE, code exchanged, tokens checked and stored encrypted, never shown or logged', async () => {
    const { url, binding, bindingLine } = await start({ app: 'google-contacts', returnTo: { kind: 'wizard', side: 'a' } });
    expect(bindingLine).toMatch(/HttpOnly/);
    expect(bindingLine).toMatch(/SameSite=Lax/);
    expect(bindingLine).toMatch(/Path=\/oauth/);
    const back = await consent(url);
    expect(google.oauth.authorizeRequests.at(-1)?.get('code_challenge_method')).toBe('S256');
    const landed = await callback(back, binding);
    expect(landed.pathname).toBe('/connections/new');
    expect(Object.fromEntries(landed.searchParams)).toMatchObject({ side: 'a', oauth: 'ok', app: 'google-contacts' });
    const id = landed.searchParams.get('credential')!;

    const list = await s.app.inject({ url: '/trpc/credentials.list', headers: { cookie, host } });
    const info = list.json().result.data.find((c: { id: string }) => c.id === id);
    expect(info).toMatchObject({ app: 'google-contacts', label: 'Google Contacts account', status: 'ok' });
    expect(info.fields).toEqual(expect.arrayContaining(['accessToken', 'refreshToken', 'expiresAt', 'clientId', 'clientSecret', 'apiBaseUrl']));
    // Refreshes take the token URL from the app's definition (here the operator's override), never from the credential.
    expect(info.fields).not.toContain('tokenUrl');
    const token = `access-code-${google.oauth.exchanges}`;
    const everything = JSON.stringify(await rawCredentials()) + list.body + s.logs.join('\n');
    for (const secret of [token, `refresh-code-${google.oauth.exchanges}`, google.client.secret, new URL(url).searchParams.get('state')!, new URLSearchParams(back.split('?')[1]).get('code')!]) {
      expect(everything).not.toContain(secret);
    }
    expect(s.logs.join('\n')).toContain('oauth consent finished');
    // The stored tokens work for syncing: the connector reads them back and Google accepts them.
    const [workspaceId] = await firstWorkspace(id);
    expect(await s.env.store.credentials.revealForEngine(workspaceId, id)).toMatchObject({ accessToken: token });
  });

  it('gives a credential that syncs on its own: an expired token is renewed at the same token endpoint and stored', async () => {
    const { url, binding } = await start({ app: 'google-contacts', returnTo: { kind: 'wizard', side: 'a' } });
    const id = (await callback(await consent(url), binding)).searchParams.get('credential')!;
    const [workspaceId] = await firstWorkspace(id);
    google.expireAccessTokens();
    const before = google.refreshCount;
    const connector = await openConnector(s.env.store, s.env.connectors, workspaceId, { connector: 'google-contacts', config: {}, credentialId: id });
    try {
      await connector.checkAuth(AbortSignal.timeout(20_000));
    } finally {
      await connector.close?.();
    }
    expect(google.refreshCount).toBe(before + 1);
    // New tokens stored; the address the credential was bound to at consent stays with them.
    expect(await s.env.store.credentials.revealForEngine(workspaceId, id)).toMatchObject({ accessToken: `access-${google.refreshCount}`, refreshToken: `refresh-code-${google.oauth.exchanges}`, apiBaseUrl: google.server.url });
  });

  it('refreshes at the token URL of the app, never one planted in the credential or the connection (issue 18, finding 6)', async () => {
    const planted: string[] = [];
    const trap = createServer((req, res) => {
      planted.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: 'trap', expires_in: 3600 }));
    });
    await new Promise<void>((r) => trap.listen(0, '127.0.0.1', r));
    const trapUrl = `http://127.0.0.1:${(trap.address() as AddressInfo).port}/token`;
    try {
      const { url, binding } = await start({ app: 'google-contacts', returnTo: { kind: 'wizard', side: 'a' } });
      const id = (await callback(await consent(url), binding)).searchParams.get('credential')!;
      const [workspaceId] = await firstWorkspace(id);
      // A credential stored before this fix could name a token URL; so could a connection's settings.
      const secret = await s.env.store.credentials.revealForEngine(workspaceId, id);
      await s.env.store.credentials.replaceSecret(workspaceId, id, { ...secret, tokenUrl: trapUrl });
      google.expireAccessTokens();
      const before = google.refreshCount;
      const connector = await openConnector(s.env.store, s.env.connectors, workspaceId, { connector: 'google-contacts', config: { tokenUrl: trapUrl }, credentialId: id });
      try {
        await connector.checkAuth(AbortSignal.timeout(20_000));
      } finally {
        await connector.close?.();
      }
      expect(google.refreshCount).toBe(before + 1);
      expect(planted).toEqual([]);
    } finally {
      trap.closeAllConnections();
      await new Promise((r) => trap.close(r));
    }
  });

  it('connects Pipedrive (HTTP Basic client auth, no PKCE) and HubSpot (scopes in the URL)', async () => {
    const pd = await start({ app: 'pipedrive', label: 'Sales', returnTo: { kind: 'wizard', side: 'b' } });
    expect(new URL(pd.url).searchParams.has('code_challenge')).toBe(false);
    const pdBack = await callback(await consent(pd.url), pd.binding);
    expect(pdBack.searchParams.get('oauth')).toBe('ok');
    const hs = await start({ app: 'hubspot', returnTo: { kind: 'wizard', side: 'a' } });
    expect(new URL(hs.url).searchParams.get('scope')).toContain('crm.objects.contacts.write');
    const hsBack = await callback(await consent(hs.url), hs.binding);
    expect(hsBack.searchParams.get('oauth'), hsBack.toString()).toBe('ok');
  });

  it('reconnects an existing credential in place and goes back to its connection', async () => {
    const first = await start({ app: 'google-contacts', returnTo: { kind: 'wizard', side: 'a' } });
    const id = (await callback(await consent(first.url), first.binding)).searchParams.get('credential')!;
    const again = await start({ app: 'google-contacts', credentialId: id, returnTo: { kind: 'connection', id: 'c42' } });
    const landed = await callback(await consent(again.url), again.binding);
    expect(landed.pathname).toBe('/connections/c42/rules');
    expect(Object.fromEntries(landed.searchParams)).toMatchObject({ oauth: 'ok', credential: id });
    const [workspaceId] = await firstWorkspace(id);
    expect(await s.env.store.credentials.revealForEngine(workspaceId, id)).toMatchObject({ accessToken: `access-code-${google.oauth.exchanges}` });
  });

  it('goes back with E_OAUTH_DENIED when the user does not allow access', async () => {
    google.oauth.consent = 'deny';
    const { url, binding } = await start({ app: 'google-contacts', returnTo: { kind: 'wizard', side: 'a' } });
    const landed = await callback(await consent(url), binding);
    expect(Object.fromEntries(landed.searchParams)).toEqual({ side: 'a', oauth: 'error', code: 'E_OAUTH_DENIED', app: 'google-contacts' });
  });

  it('goes back with E_OAUTH_TOKEN when the token endpoint refuses the code, and with E_OAUTH_STATE_INVALID on a replay', async () => {
    const { url, binding } = await start({ app: 'google-contacts', returnTo: { kind: 'wizard', side: 'a' } });
    const back = await consent(url);
    google.server.inject({ kind: 'status', status: 400, body: { error: 'invalid_grant', error_description: 'Bad Request' } }, 1, (r) => r.path === '/token');
    expect((await callback(back, binding)).searchParams.get('code')).toBe('E_OAUTH_TOKEN');
    expect((await callback(back, binding)).searchParams.get('code')).toBe('E_OAUTH_STATE_INVALID');
  });

  it('refuses a callback without the binding cookie, or with another session', async () => {
    const a = await start({ app: 'google-contacts', returnTo: { kind: 'wizard', side: 'a' } });
    expect((await callback(await consent(a.url), cookie)).searchParams.get('code')).toBe('E_OAUTH_OTHER_SESSION');
    const other = sessionCookieOf((await s.app.inject({ method: 'POST', url: '/trpc/auth.signUp', headers: json, payload: { email: 'oauth-b@example.com', password: 'a good password', name: 'B' } })).headers['set-cookie']);
    const b = await start({ app: 'google-contacts', returnTo: { kind: 'wizard', side: 'a' } });
    expect((await callback(await consent(b.url), `${b.binding}; ${other}`)).searchParams.get('code')).toBe('E_OAUTH_OTHER_SESSION');
    expect((await callback('/oauth/callback?code=x', b.binding)).searchParams.get('code')).toBe('E_OAUTH_STATE_MISSING');
  });

  it('refuses to start without a session, from another origin, with unknown keys, or for an app that is not configured', async () => {
    const payload = { app: 'google-contacts', returnTo: { kind: 'wizard', side: 'a' } };
    expect((await s.app.inject({ method: 'POST', url: '/oauth/start', headers: json, payload })).statusCode).toBe(401);
    expect((await s.app.inject({ method: 'POST', url: '/oauth/start', headers: { ...json, cookie, origin: 'https://evil.example' }, payload })).statusCode).toBe(403);
    const extra = await s.app.inject({ method: 'POST', url: '/oauth/start', headers: { ...json, cookie }, payload: { ...payload, scope: 'everything' } });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().message).toMatch(/scope/);
    // The same database and session, served by a server started without HubSpot's client id.
    const unconfigured = await buildServer({
      db: s.env.store,
      engine: s.env.worker,
      connectors: s.env.connectors,
      logger: false,
      config: loadConfig({ ...env, SLUICE_HUBSPOT_CLIENT_ID: '' }),
    });
    try {
      const res = await unconfigured.inject({ method: 'POST', url: '/oauth/start', headers: { ...json, cookie }, payload: { ...payload, app: 'hubspot' } });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: 'E_OAUTH_NOT_CONFIGURED', message: expect.stringContaining('SLUICE_HUBSPOT_CLIENT_ID') });
      const apps = await unconfigured.inject({ url: '/trpc/credentials.oauthApps', headers: { cookie, host } });
      expect(apps.json().result.data).toContainEqual({ app: 'hubspot', configured: false, missing: ['SLUICE_HUBSPOT_CLIENT_ID'] });
      const configured = await s.app.inject({ url: '/trpc/credentials.oauthApps', headers: { cookie, host } });
      expect(configured.json().result.data).toContainEqual({ app: 'hubspot', configured: true, missing: [] });
    } finally {
      await unconfigured.close();
    }
  });
});

/** The workspace of a credential, read from the raw collection (the test's user has exactly one). */
async function firstWorkspace(credentialId: string): Promise<[string, string]> {
  const doc = (await rawCredentials()).find((d) => String(d._id) === credentialId || d.id === credentialId);
  if (!doc) throw new Error(`credential ${credentialId} not stored`);
  return [String(doc.workspaceId), credentialId];
}
