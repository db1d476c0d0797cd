import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@sluice/server';
import { openServerEnv, sessionCookieOf, type ServerEnv } from '@sluice/server/testing';

// Adding a key, per API app: an app Sluice cannot reach (a port nobody listens on, a name that does
// not resolve) reads as "Could not reach <App> (network)" with E_NETWORK; only an app that answers
// 401 reads as a refused key (E_AUTH_REJECTED). Nothing is stored either way.
const host = '127.0.0.1:3000';
const json = { 'content-type': 'application/json', host };

const apps = [
  { id: 'hubspot', name: 'HubSpot', secret: { privateAppToken: 'pat-na1-key' } },
  { id: 'pipedrive', name: 'Pipedrive', secret: { apiToken: 'pd-key' } },
  { id: 'woodpecker', name: 'Woodpecker', secret: { apiKey: 'wp-key' } },
  { id: 'google-contacts', name: 'Google Contacts', secret: { accessToken: 'ya29.key' } },
  { id: 'mailchimp', name: 'Mailchimp', secret: { apiKey: 'mc-key-us6' } },
  { id: 'microsoft-365', name: 'Outlook (Microsoft 365)', secret: { accessToken: 'ms-token' } },
] as const;

// `open` lets loopback through (the operator's allowPrivateUrls, as the local fakes need); `guarded` keeps the default.
let open: ServerEnv;
let guarded: ServerEnv;
let openCookie: string;
let guardedCookie: string;
/** A local app that refuses every key: 401 to every request. */
let refusing: Server;
let refusingUrl: string;
/** A loopback port that refuses connections (a server opened, then closed). */
let closedUrl: string;

const listen = async (server: Server) => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};
const signUp = async (env: ServerEnv, email: string) =>
  sessionCookieOf((await env.app.inject({ method: 'POST', url: '/trpc/auth.signUp', headers: json, payload: { email, password: 'a good password', name: 'N' } })).headers['set-cookie']);

beforeAll(async () => {
  refusing = createServer((_req, res) => {
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'error', message: 'Authentication credentials not found.' }));
  });
  refusingUrl = await listen(refusing);
  const probe = createServer();
  closedUrl = await listen(probe);
  await new Promise((r) => probe.close(r));
  const config = loadConfig({});
  open = await openServerEnv({ config: { ...config, allowPrivateUrls: true } });
  guarded = await openServerEnv({ config: { ...config, allowPrivateUrls: false } });
  openCookie = await signUp(open, 'reach@example.com');
  guardedCookie = await signUp(guarded, 'reach-guarded@example.com');
});
afterAll(async () => {
  await open?.close();
  await guarded?.close();
  refusing?.closeAllConnections();
  await new Promise((r) => refusing?.close(r));
});

const addKey = async (env: ServerEnv, cookie: string, app: (typeof apps)[number], baseUrl: string) => {
  const res = await env.app.inject({ method: 'POST', url: '/trpc/credentials.add', headers: { ...json, cookie }, payload: { app: app.id, label: app.name, secret: app.secret, config: { baseUrl } } });
  const error = res.json().error as { message: string; data: { appCode?: string } } | undefined;
  return { status: res.statusCode, code: error?.data.appCode, message: error?.message ?? '' };
};

describe.concurrent('adding a key: "could not reach" versus "refused the key", per app', () => {
  it.each(apps)('$name', async (app) => {
    const network = new RegExp(`^Could not reach ${app.name.replace(/[()]/g, '\\$&')} \\(network\\): `);

    const refusedPort = await addKey(open, openCookie, app, closedUrl);
    expect(refusedPort).toMatchObject({ status: 503, code: 'E_NETWORK' });
    expect(refusedPort.message).toMatch(network);
    expect(refusedPort.message).toContain('refused the connection');

    // Resolved by the connection itself (private URLs allowed) and by the SSRF guard (the default).
    for (const [env, cookie] of [[open, openCookie], [guarded, guardedCookie]] as const) {
      const unresolved = await addKey(env, cookie, app, 'https://name.invalid');
      expect(unresolved).toMatchObject({ status: 503, code: 'E_NETWORK' });
      expect(unresolved.message).toMatch(network);
      expect(unresolved.message).toContain('name.invalid does not resolve (DNS)');
    }

    const refusedKey = await addKey(open, openCookie, app, refusingUrl);
    expect(refusedKey).toMatchObject({ status: 400, code: 'E_AUTH_REJECTED' });
    expect(refusedKey.message).not.toMatch(/could not reach/i);

    const stored = await open.app.inject({ url: `/trpc/credentials.list?input=${encodeURIComponent(JSON.stringify({ app: app.id }))}`, headers: { cookie: openCookie, host } });
    expect(stored.json().result.data).toEqual([]);
  });
});
