import { describe, expect, it } from 'vitest';
import { UserError } from '@sluice/graph';
import { createVirtualClock } from '../http/clock';
import { OAuthRefresher } from './oauth-refresher';

process.env.SLUICE_ALLOW_PRIVATE_URLS = '1';

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
    const auth = new OAuthRefresher({ appName: 'Google', tokenUrl: 'http://127.0.0.1:9/token', credential: { accessToken: 'old', refreshToken: 'r1' }, reconnectHelp: 'Reconnect Google.', fetch });
    await expect(auth.refresh('old')).rejects.toMatchObject({ code: 'E_AUTH_REJECTED', message: expect.stringContaining('Reconnect Google.') });
  });
});
