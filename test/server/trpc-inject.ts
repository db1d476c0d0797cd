import { loadConfig } from '@sluice/server';
import { openServerEnv, sessionCookieOf, type ServerEnv } from '@sluice/server/testing';

/** The Host header the test servers answer to. */
export const host = '127.0.0.1:3000';

/**
 * tRPC over `inject()` as a signed-in browser calls it: `post` for mutations, `get` for queries, and
 * `data` for an answer's result (throwing with the body when the call failed).
 */
export function trpcInject(s: () => ServerEnv, cookie: () => string) {
  return {
    post: (path: string, payload: unknown) => s().app.inject({ method: 'POST', url: `/trpc/${path}`, headers: { 'content-type': 'application/json', host, cookie: cookie() }, payload: payload as object }),
    get: (path: string, input?: unknown) => s().app.inject({ url: `/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`, headers: { cookie: cookie(), host } }),
  };
}

export const data = <T>(res: { statusCode: number; body: string; json(): { result: { data: T } } }): T => {
  if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}: ${res.body}`);
  return res.json().result.data;
};

/**
 * A server whose settings allow private URLs (the vendor fakes listen on loopback, which the SSRF
 * guard lets through only then), and the session cookie of a person who just signed up on it.
 */
export async function serverForFakes(email: string): Promise<{ s: ServerEnv; cookie: string }> {
  const s = await openServerEnv({ config: { ...loadConfig({}), allowPrivateUrls: true } });
  const res = await s.app.inject({ method: 'POST', url: '/trpc/auth.signUp', headers: { 'content-type': 'application/json', host }, payload: { email, password: 'a good password', name: 'Tester' } });
  return { s, cookie: sessionCookieOf(res.headers['set-cookie']) };
}
