import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hubspotOAuth, pipedriveOAuth } from '@sluice/connectors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OAuthClient } from '@sluice/runtime';
import { exchangeCode } from './oauth-token.exchange';

// The token request as each vendor documents it, against a local endpoint that records what it got
// and answers what the test sets.
let server: Server;
let url = '';
let answer: { status: number; body: unknown } = { status: 200, body: {} };
const seen: { headers: IncomingMessage['headers']; form: URLSearchParams }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      seen.push({ headers: req.headers, form: new URLSearchParams(text) });
      // A redirect points back here: followed, it would show as a second request.
      const location: Record<string, string> = answer.status >= 300 && answer.status < 400 ? { location: url } : {};
      res.writeHead(answer.status, { 'content-type': 'application/json', ...location }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
});
afterAll(async () => {
  await new Promise<void>((ok) => server.close(() => ok()));
});

const client = (provider: OAuthClient['provider']): OAuthClient => ({ provider, clientId: 'id', clientSecret: 'shh', authorizeUrl: 'https://x/auth', tokenUrl: url, apiBaseUrl: 'http://127.0.0.1:1/api' });

// The endpoint is on loopback, which only the operator's SLUICE_ALLOW_PRIVATE_URLS lets through.
const local = { allowPrivateUrls: true };

describe('exchangeCode', () => {
  it("sends Pipedrive's client as HTTP Basic and keeps the company's api_domain", async () => {
    answer = { status: 200, body: { access_token: 'a1', refresh_token: 'r1', expires_in: 3600, api_domain: 'https://acme.pipedrive.com' } };
    const secret = await exchangeCode(client(pipedriveOAuth), { code: 'c1', redirectUri: 'https://s/oauth/callback' }, { ...local, now: () => 1000 });
    const req = seen.at(-1)!;
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from('id:shh').toString('base64')}`);
    expect(Object.fromEntries(req.form)).toEqual({ grant_type: 'authorization_code', code: 'c1', redirect_uri: 'https://s/oauth/callback' });
    expect(secret).toEqual({ accessToken: 'a1', refreshToken: 'r1', expiresAt: String(1000 + 3_600_000), clientId: 'id', clientSecret: 'shh', apiBaseUrl: 'http://127.0.0.1:1/api', apiDomain: 'https://acme.pipedrive.com' });
  });

  it("sends HubSpot's client in the form with the PKCE verifier when given, and names its refusal without echoing the body", async () => {
    answer = { status: 400, body: { status: 'BAD_AUTH_CODE', message: 'code c2 is bad', echo: 'shh' } };
    const refused = exchangeCode(client(hubspotOAuth), { code: 'c2', redirectUri: 'https://s/cb', codeVerifier: 'v' }, local);
    await expect(refused).rejects.toMatchObject({ code: 'E_OAUTH_TOKEN', message: expect.stringContaining('400 BAD_AUTH_CODE') });
    await refused.catch((e: Error) => expect(e.message).not.toContain('shh'));
    expect(seen.at(-1)!.form.get('client_secret')).toBe('shh');
    expect(seen.at(-1)!.form.get('code_verifier')).toBe('v');
  });

  it('follows no redirect from the token endpoint: the code and client secret go nowhere else', async () => {
    answer = { status: 307, body: {} };
    const before = seen.length;
    await expect(exchangeCode(client(hubspotOAuth), { code: 'c3', redirectUri: 'https://s/cb' }, local)).rejects.toMatchObject({ code: 'E_TOKEN_REDIRECT' });
    expect(seen.length).toBe(before + 1);
  });

  it('treats an answer without an access token as a refusal and a 5xx as the app being unavailable', async () => {
    answer = { status: 200, body: { token_type: 'Bearer' } };
    await expect(exchangeCode(client(hubspotOAuth), { code: 'c', redirectUri: 'https://s/cb' }, local)).rejects.toMatchObject({ code: 'E_OAUTH_TOKEN' });
    answer = { status: 503, body: {} };
    await expect(exchangeCode(client(hubspotOAuth), { code: 'c', redirectUri: 'https://s/cb' }, local)).rejects.toMatchObject({ code: 'E_APP_UNAVAILABLE' });
  });
});
