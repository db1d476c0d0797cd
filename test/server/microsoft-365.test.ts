import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@sluice/server';
import { until } from '@sluice/api/testing';
import { openServerEnv, sessionCookieOf, type ServerEnv } from '@sluice/server/testing';
import { MicrosoftGraphFake } from '../fakes/microsoft-graph.fake';
import { data, host, trpcInject } from './trpc-inject';

// Outlook (Microsoft 365) as a user sets it up, over HTTP: "Connect with Outlook" through the
// Microsoft identity platform's consent (a local fake), the contacts folder chosen from the account,
// a two-way connection with Sandbox CRM started and synced, and an expired token renewed with the
// rotated refresh token kept in the vault.
const json = { 'content-type': 'application/json', host };

let s: ServerEnv;
let fake: MicrosoftGraphFake;
let cookie: string;
let clients: string;

beforeAll(async () => {
  fake = new MicrosoftGraphFake();
  await fake.server.start();
  clients = fake.addFolder('Clients');
  fake.seed({ givenName: 'Ada', surname: 'Lovelace', emailAddresses: [{ address: 'ada@example.com', name: 'Ada' }], categories: ['VIP'], companyName: 'Analytical' }, clients);
  fake.seed({ givenName: 'Elsewhere', emailAddresses: [{ address: 'elsewhere@example.com', name: 'E' }] });
  s = await openServerEnv({
    config: loadConfig({
      // The fake listens on loopback: the SSRF guard lets it through only when the operator allows private URLs.
      SLUICE_ALLOW_PRIVATE_URLS: '1',
      SLUICE_MICROSOFT_CLIENT_ID: fake.client.id,
      SLUICE_MICROSOFT_CLIENT_SECRET: fake.client.secret,
      SLUICE_MICROSOFT_AUTHORIZE_URL: `${fake.server.url}/common/oauth2/v2.0/authorize`,
      SLUICE_MICROSOFT_TOKEN_URL: `${fake.server.url}/common/oauth2/v2.0/token`,
      SLUICE_MICROSOFT_API_URL: fake.server.url,
    }),
  });
  const res = await s.app.inject({ method: 'POST', url: '/trpc/auth.signUp', headers: json, payload: { email: 'ms@example.com', password: 'a good password', name: 'M' } });
  cookie = sessionCookieOf(res.headers['set-cookie']);
});
afterAll(async () => {
  await s?.close();
  await fake.server.stop();
});

const { post, get } = trpcInject(() => s, () => cookie);

/** "Connect with Outlook": start, the browser at Microsoft's consent page, the redirect back; the new credential's id. */
async function connect(): Promise<string> {
  const started = await s.app.inject({ method: 'POST', url: '/oauth/start', headers: { ...json, cookie, origin: `http://${host}` }, payload: { app: 'microsoft-365', returnTo: { kind: 'wizard', side: 'a' } } });
  expect(started.statusCode, started.body).toBe(200);
  const binding = ([] as string[]).concat(started.headers['set-cookie'] ?? []).find((c) => c.startsWith('sluice_oauth='))!.split(';')[0]!;
  const atMicrosoft = await fetch(started.json<{ url: string }>().url, { redirect: 'manual' });
  expect(atMicrosoft.status).toBe(302);
  const back = new URL(atMicrosoft.headers.get('location')!);
  const landed = await s.app.inject({ method: 'GET', url: back.pathname + back.search, headers: { host, cookie: binding } });
  const to = new URL(landed.headers.location as string, `http://${host}`);
  expect(to.searchParams.get('oauth'), to.toString()).toBe('ok');
  return to.searchParams.get('credential')!;
}

describe('Outlook (Microsoft 365) through the API', () => {
  it('is in the app list as an OAuth app with its logo, help, and the contacts folder each side chooses', async () => {
    const apps = data<Array<{ id: string; name: string; logo: string; auth: { kind: string; help: string }; settings: Array<{ key: string; choices: unknown; default?: string }> }>>(await get('apps.list'));
    const ms = apps.find((a) => a.id === 'microsoft-365');
    expect(ms).toMatchObject({ name: 'Outlook (Microsoft 365)', auth: { kind: 'oauth2', help: expect.stringContaining('allow Sluice to read and write your contacts') } });
    expect(ms!.logo).toMatch(/^<svg /);
    expect(ms!.settings).toEqual([expect.objectContaining({ key: 'folderId', choices: 'account', default: 'default' })]);
    expect(data<unknown[]>(await get('credentials.oauthApps'))).toContainEqual({ app: 'microsoft-365', configured: true, missing: [] });
  });

  it('connects through Microsoft’s consent, offers the folders, and syncs the chosen one both ways with Sandbox CRM', async () => {
    const credentialId = await connect();
    const [authorize] = fake.oauth.authorizeRequests;
    expect(authorize!.get('scope')).toBe('offline_access Contacts.ReadWrite');
    expect(authorize!.get('code_challenge_method')).toBe('S256');

    const folders = data<Array<{ value: string; label: string }>>(await get('apps.settingChoices', { id: 'microsoft-365', key: 'folderId', credentialId }));
    expect(folders).toEqual([
      { value: 'default', label: 'Contacts (the default folder)' },
      { value: clients, label: 'Clients' },
    ]);

    data(await post('sandbox.crm.create', { firstName: 'Grace', lastName: 'Hopper', email: 'grace@example.com', labels: ['Customer'] }));
    const connection = data<{ id: string }>(
      await post('connections.create', {
        name: 'Outlook ↔ CRM',
        apps: { a: { connector: 'microsoft-365', config: { folderId: clients }, credentialId }, b: { connector: 'sandbox-crm', config: {} } },
        mode: 'two-way',
      }),
    );
    data(await post('connections.start', { id: connection.id }));
    const first = await until('the first sync', async () => {
      const st = data<{ state: string; links: number; lastRun?: { id: string; status: string } | null }>(await get('connections.status', { id: connection.id }));
      return st.state === 'live.idle' && st.lastRun?.status === 'succeeded' && st;
    }, 60_000);
    expect(first.links).toBe(2);
    const people = data<{ items: Array<{ email: string | null; firstName: string | null; company?: string | null; tags: string[] }> }>(await get('sandbox.crm.list', { limit: 500 }));
    expect(people.items.find((p) => p.email === 'ada@example.com')).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', tags: ['VIP'] });
    // Only the chosen folder syncs: the default folder's contact stays out.
    expect(people.items.some((p) => p.email === 'elsewhere@example.com')).toBe(false);
    expect(fake.live(clients).find((c) => c.emailAddresses[0]?.address === 'grace@example.com')).toMatchObject({ givenName: 'Grace', surname: 'Hopper', categories: ['Customer'] });

    // An hour later the access token has expired: the next run renews it and the vault keeps the rotated refresh token.
    fake.expireAccessTokens();
    fake.edit(fake.byEmail('ada@example.com')!.id, { jobTitle: 'Countess' });
    data(await post('connections.syncNow', { id: connection.id }));
    await until('the second sync', async () => {
      const st = data<{ state: string; lastRun?: { id: string; status: string } | null }>(await get('connections.status', { id: connection.id }));
      return st.state === 'live.idle' && st.lastRun?.id !== first.lastRun!.id && st.lastRun?.status === 'succeeded';
    }, 60_000);
    expect(fake.refreshCount).toBe(1);
    const after = data<{ items: Array<{ email: string | null; jobTitle?: string | null }> }>(await get('sandbox.crm.list', { limit: 500 }));
    expect(after.items.find((p) => p.email === 'ada@example.com')).toMatchObject({ jobTitle: 'Countess' });
    const workspaceId = String((await s.env.store.db.collection('credentials').findOne({}))!.workspaceId);
    expect(await s.env.store.credentials.revealForEngine(workspaceId, credentialId)).toMatchObject({ accessToken: 'ms-access-1', refreshToken: 'ms-refresh-1', apiBaseUrl: fake.server.url });
    // The tokens and the client secret never leave the server.
    for (const secret of ['ms-access-1', 'ms-refresh-1', 'ms-refresh-code-1', fake.client.secret]) expect(s.logs.join('\n')).not.toContain(secret);
    data(await post('connections.pause', { id: connection.id }));
  });

  it('says which variables the operator must set when Microsoft sign-in is not configured', async () => {
    const bare = await openServerEnv({ config: loadConfig({}) });
    try {
      const c = sessionCookieOf((await bare.app.inject({ method: 'POST', url: '/trpc/auth.signUp', headers: json, payload: { email: 'bare@example.com', password: 'a good password', name: 'B' } })).headers['set-cookie']);
      const res = await bare.app.inject({ method: 'POST', url: '/oauth/start', headers: { ...json, cookie: c, origin: `http://${host}` }, payload: { app: 'microsoft-365', returnTo: { kind: 'wizard', side: 'a' } } });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: 'E_OAUTH_NOT_CONFIGURED', message: 'Connecting Outlook (Microsoft 365) needs the operator to set SLUICE_MICROSOFT_CLIENT_ID and SLUICE_MICROSOFT_CLIENT_SECRET (see docs/operations.md, "OAuth apps").' });
      const apps = await bare.app.inject({ url: '/trpc/credentials.oauthApps', headers: { cookie: c, host } });
      expect(apps.json().result.data).toContainEqual({ app: 'microsoft-365', configured: false, missing: ['SLUICE_MICROSOFT_CLIENT_ID', 'SLUICE_MICROSOFT_CLIENT_SECRET'] });
    } finally {
      await bare.close();
    }
  });
});
