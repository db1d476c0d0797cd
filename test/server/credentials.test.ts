import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@sluice/server';
import { openServerEnv, sessionCookieOf, type ServerEnv } from '@sluice/server/testing';
import { PipedriveFake } from '../fakes/pipedrive.fake';

// Credentials end to end: checked against the app at once (a local Pipedrive fake), never returned,
// never logged, never stored in plaintext; and the SSRF guard on user-supplied base URLs.
const SECRET = 'pd-token-2';
const host = '127.0.0.1:3000';
const json = { 'content-type': 'application/json', host };

// `s` is a server whose operator allows private URLs (the fake listens on loopback); `guarded` one
// that keeps the default.
let s: ServerEnv;
let guarded: ServerEnv;
let fake: PipedriveFake;
let cookie: string;
let otherCookie: string;
let guardedCookie: string;

const signUp = async (env: ServerEnv, email: string) =>
  sessionCookieOf((await env.app.inject({ method: 'POST', url: '/trpc/auth.signUp', headers: json, payload: { email, password: 'a good password', name: 'C' } })).headers['set-cookie']);

beforeAll(async () => {
  fake = new PipedriveFake();
  await fake.server.start();
  const config = loadConfig({});
  s = await openServerEnv({ config: { ...config, allowPrivateUrls: true } });
  guarded = await openServerEnv({ config: { ...config, allowPrivateUrls: false } });
  cookie = await signUp(s, 'creds@example.com');
  otherCookie = await signUp(s, 'creds-other@example.com');
  guardedCookie = await signUp(guarded, 'creds-guarded@example.com');
});
afterAll(async () => {
  await s.close();
  await guarded.close();
  await fake.server.stop();
});

const post = (path: string, payload: unknown, c = cookie, env = s) => env.app.inject({ method: 'POST', url: `/trpc/${path}`, headers: { ...json, cookie: c }, payload: payload as object });
const get = (path: string, input?: unknown, c = cookie) =>
  s.app.inject({ url: `/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`, headers: { cookie: c, host } });

describe('credentials over HTTP', () => {
  it('refuses a base URL on a private address unless the operator allows it', async () => {
    const res = await post('credentials.add', { app: 'pipedrive', label: 'PD', secret: { apiToken: SECRET }, config: { baseUrl: fake.server.url } }, guardedCookie, guarded);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/private|loopback|not allowed|public/i);
    const conn = await post(
      'connections.create',
      { name: 'x', apps: { a: { connector: 'pipedrive', config: { baseUrl: 'http://169.254.169.254/latest' } }, b: { connector: 'sandbox-outreach', config: {} } } },
      guardedCookie,
      guarded,
    );
    expect(conn.statusCode).toBe(400);
  });

  it('checks the key against the app at once, and a rejected key is not stored', async () => {
    const bad = await post('credentials.add', { app: 'pipedrive', label: 'PD', secret: { apiToken: 'wrong-token' }, config: { baseUrl: fake.server.url } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.data.appCode).toBe('E_AUTH_REJECTED');
    expect((await get('credentials.list')).json().result.data).toEqual([]);
  });

  it('stores a good key encrypted and never returns, logs or stores it in plaintext', async () => {
    const added = await post('credentials.add', { app: 'pipedrive', label: 'Sales Pipedrive', secret: { apiToken: SECRET }, config: { baseUrl: fake.server.url } });
    expect(added.statusCode).toBe(200);
    const info = added.json().result.data;
    // The base URL it was added for is sealed with the key (`apiBaseUrl`): connections cannot change it.
    expect(info).toMatchObject({ app: 'pipedrive', label: 'Sales Pipedrive', status: 'ok', fields: ['apiBaseUrl', 'apiToken'] });
    expect(added.body).not.toContain(SECRET);

    const list = await get('credentials.list');
    expect(list.body).not.toContain(SECRET);
    expect(list.json().result.data).toHaveLength(1);

    const renamed = await post('credentials.rename', { id: info.id, label: 'PD main' });
    expect(renamed.body).not.toContain(SECRET);
    const reauth = await post('credentials.reauthorize', { id: info.id, secret: { apiToken: SECRET }, config: { baseUrl: fake.server.url } });
    expect(reauth.statusCode).toBe(200);
    expect(reauth.body).not.toContain(SECRET);

    // Another workspace: not found, never the secret.
    const theirs = await post('credentials.rename', { id: info.id, label: 'mine now' }, otherCookie);
    expect(theirs.statusCode).toBe(404);
    expect((await get('credentials.list', undefined, otherCookie)).json().result.data).toEqual([]);

    // A connection using it: its configuration shows the credential id only.
    const conn = await post('connections.create', {
      name: 'PD → Outreach',
      apps: { a: { connector: 'pipedrive', config: { baseUrl: fake.server.url }, credentialId: info.id }, b: { connector: 'sandbox-outreach', config: {} } },
      mode: 'a-to-b',
    });
    expect(conn.statusCode).toBe(200);
    const got = await get('connections.get', { id: conn.json().result.data.id });
    expect(got.body).toContain(info.id);
    expect(got.body).not.toContain(SECRET);
    // In use: cannot be deleted.
    expect((await post('credentials.delete', { id: info.id })).statusCode).toBe(409);

    const raw = await s.env.store.db.collection('credentials').find({}).toArray();
    expect(raw).toHaveLength(1);
    expect(JSON.stringify(raw)).not.toContain(SECRET);
    for (const name of await s.env.store.db.listCollections().toArray()) {
      const docs = await s.env.store.db.collection(name.name).find({}).toArray();
      expect(JSON.stringify(docs), name.name).not.toContain(SECRET);
    }
    expect(s.logs.join('\n')).not.toContain(SECRET);

    await post('connections.delete', { id: conn.json().result.data.id });
    expect((await post('credentials.delete', { id: info.id })).statusCode).toBe(200);
    expect((await get('credentials.list')).json().result.data).toEqual([]);
  });
});
