import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '@sluice/core';
import { AddressPins } from '../http/address-pins';
import { createVirtualClock } from '../http/clock';
import { OAuthRefresher, type OAuthRefresherOptions } from './oauth-refresher';

function tokenEndpoint(answers: (() => Response)[]) {
  const seen: { body: string; auth: string | null }[] = [];
  const fetch = (async (_url: string | URL | Request, init?: RequestInit) => {
    seen.push({ body: String(init?.body), auth: new Headers(init?.headers).get('authorization') });
    await new Promise((r) => setTimeout(r, 5));
    return answers.shift()!();
  }) as typeof globalThis.fetch;
  return { fetch, seen };
}
const json = (body: unknown, status = 200) => () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('OAuthRefresher', () => {
  it('refreshes once for many callers that found the token rejected, and reports the new tokens', async () => {
    const { fetch, seen } = tokenEndpoint([json({ access_token: 'new', expires_in: 3600 })]);
    const reported: Record<string, string>[] = [];
    const auth = new OAuthRefresher({
      appName: 'Google',
      tokenUrl: 'http://127.0.0.1:9/token',
      allowPrivateUrls: true,
      credential: { accessToken: 'old', refreshToken: 'r1', clientId: 'id', clientSecret: 'secret' },
      onRefresh: async (c) => void reported.push(c),
      reconnectHelp: 'Reconnect.',
      fetch,
      clock: createVirtualClock(0),
    });
    let calls = 0;
    const call = () =>
      auth.withToken(async () => {
        calls++;
        const { authorization } = await auth.headers();
        if (authorization === 'Bearer old') throw new UserError('E_AUTH_REJECTED', 'nope');
        return authorization;
      });
    expect(await Promise.all([call(), call(), call()])).toEqual(['Bearer new', 'Bearer new', 'Bearer new']);
    expect(seen).toHaveLength(1);
    expect(new URLSearchParams(seen[0]!.body).get('refresh_token')).toBe('r1');
    expect(reported).toEqual([{ accessToken: 'new', refreshToken: 'r1', expiresAt: '3600000', clientId: 'id', clientSecret: 'secret' }]);
    expect(calls).toBe(6);
  });

  it('refreshes ahead of expiry, with client credentials as HTTP Basic when asked', async () => {
    const clock = createVirtualClock(1_000_000);
    const { fetch, seen } = tokenEndpoint([json({ access_token: 'fresh', refresh_token: 'r2' })]);
    const auth = new OAuthRefresher({
      appName: 'Pipedrive',
      tokenUrl: 'http://127.0.0.1:9/token',
      allowPrivateUrls: true,
      credential: { accessToken: 'old', refreshToken: 'r1', expiresAt: String(1_000_000 + 30_000), clientId: 'id', clientSecret: 'secret' },
      clientAuth: 'basic',
      reconnectHelp: 'Reconnect.',
      fetch,
      clock,
    });
    expect(await auth.headers()).toEqual({ authorization: 'Bearer fresh' });
    expect(seen[0]!.auth).toBe(`Basic ${Buffer.from('id:secret').toString('base64')}`);
  });

  it('turns a refused refresh token into E_AUTH_REJECTED that says what to do', async () => {
    const { fetch } = tokenEndpoint([json({ error: 'invalid_grant' }, 400)]);
    const auth = new OAuthRefresher({ appName: 'Google', tokenUrl: 'http://127.0.0.1:9/token', allowPrivateUrls: true, credential: { accessToken: 'old', refreshToken: 'r1' }, reconnectHelp: 'Reconnect Google.', fetch });
    await expect(auth.refresh('old')).rejects.toMatchObject({ code: 'E_AUTH_REJECTED', message: expect.stringContaining('Reconnect Google.') });
  });
});

// Finding 6 of issue 18: the refresh posts the refresh token and the client secret, so it goes through
// the SSRF guard and the pinned connections, follows no redirect, and quotes nothing the endpoint said.
describe('OAuthRefresher over real sockets', () => {
  type Hit = { url: string; body: string };
  const hits: Record<'token' | 'elsewhere', Hit[]> = { token: [], elsewhere: [] };
  let answer: (res: ServerResponse) => void = () => {};
  const servers: Server[] = [];
  const ports: Record<'token' | 'elsewhere', number> = { token: 0, elsewhere: 0 };

  beforeAll(async () => {
    for (const name of ['token', 'elsewhere'] as const) {
      const server = createServer((req: IncomingMessage, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          hits[name].push({ url: req.url ?? '', body });
          if (name === 'token') answer(res);
          else res.end('{"access_token":"stolen"}');
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      ports[name] = (server.address() as AddressInfo).port;
      servers.push(server);
    }
  });
  afterAll(async () => {
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  const refresher = (extra: Partial<OAuthRefresherOptions>) =>
    new OAuthRefresher({
      appName: 'Google',
      tokenUrl: `http://127.0.0.1:${ports.token}/token`,
      credential: { accessToken: 'old', refreshToken: 'refresh-SECRET', clientId: 'id', clientSecret: 'client-SECRET' },
      reconnectHelp: 'Reconnect Google.',
      allowPrivateUrls: true,
      ...extra,
    });

  it('refuses a redirect: nothing reaches where it points, and the error says why', async () => {
    hits.token = [];
    hits.elsewhere = [];
    answer = (res) => {
      res.writeHead(307, { location: `http://127.0.0.1:${ports.elsewhere}/steal` });
      res.end();
    };
    await expect(refresher({}).refresh('old')).rejects.toMatchObject({ name: 'UserError', code: 'E_TOKEN_REDIRECT', message: expect.stringContaining('does not follow redirects') });
    expect(hits.token).toHaveLength(1);
    expect(hits.elsewhere).toEqual([]);
  });

  it('refuses a token URL on a private address unless private URLs are allowed, before sending anything', async () => {
    hits.token = [];
    await expect(refresher({ allowPrivateUrls: false }).refresh('old')).rejects.toMatchObject({ code: 'E_URL_NOT_ALLOWED' });
    expect(hits.token).toEqual([]);
  });

  it('connects through the pinned addresses the guard checked, not a fresh DNS answer', async () => {
    hits.token = [];
    answer = (res) => res.end(JSON.stringify({ access_token: 'new', expires_in: 60 }));
    const pins = new AddressPins();
    // "token.invalid" resolves nowhere; only the pin (as if the guard had checked it) leads to the socket.
    pins.pinUnchecked('token.invalid', ['127.0.0.1']);
    const auth = refresher({ allowPrivateUrls: false, pins, tokenUrl: `http://token.invalid:${ports.token}/token` });
    await auth.refresh('old');
    expect(await auth.headers()).toEqual({ authorization: 'Bearer new' });
    expect(new URLSearchParams(hits.token[0]!.body).get('refresh_token')).toBe('refresh-SECRET');
    await pins.close();
  });

  it("quotes only the OAuth error code of a refusal, never the endpoint's body", async () => {
    answer = (res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'invalid_grant', error_description: 'refresh-SECRET for client-SECRET is revoked', echo: 'client-SECRET' }));
    };
    const error = await refresher({}).refresh('old').catch((e: unknown) => e as Error);
    expect(error).toMatchObject({ code: 'E_AUTH_REJECTED', message: 'Google refused to renew Sluice\'s access (HTTP 400, invalid_grant). Reconnect Google.' });
    answer = (res) => {
      res.writeHead(401);
      res.end('<html>refresh-SECRET</html>');
    };
    const other = (await refresher({}).refresh('old').catch((e: unknown) => e)) as Error;
    expect(other.message).toBe('Google refused to renew Sluice\'s access (HTTP 401, unknown_error). Reconnect Google.');
  });
});
