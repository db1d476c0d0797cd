import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerEnv, sessionCookieOf, type ServerEnv } from './testing/server-env';

let s: ServerEnv;
let webRoot: string;
const host = '127.0.0.1:3000';
const json = { 'content-type': 'application/json', host };

beforeAll(async () => {
  webRoot = await mkdtemp(join(tmpdir(), 'sluice-web-'));
  await writeFile(join(webRoot, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/assets/app.js"></script>');
  await writeFile(join(webRoot, 'app.css'), 'body{}');
  s = await openServerEnv({ webRoot, limits: { perMinute: 200, auth: { signInPerAddress: { max: 5, windowMs: 60_000 } } } });
});
afterAll(async () => {
  await s.close();
  await rm(webRoot, { recursive: true, force: true });
});

async function signUp(email: string): Promise<string> {
  const res = await s.app.inject({ method: 'POST', url: '/trpc/auth.signUp', headers: json, payload: { email, password: 'a good password', name: 'Tester' } });
  expect(res.statusCode).toBe(200);
  return sessionCookieOf(res.headers['set-cookie']);
}

describe('server', () => {
  it('answers /healthz and /readyz', async () => {
    const health = await s.app.inject({ url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok', server: 'up', database: 'up' });
    const ready = await s.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
  });

  it('sends security headers with a CSP the web app passes', async () => {
    const res = await s.app.inject({ url: '/', headers: { host } });
    expect(res.statusCode).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("script-src 'self' 'unsafe-inline'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('serves the web app with an SPA fallback, but not for API paths or missing files', async () => {
    const deep = await s.app.inject({ url: '/connections/abc/rules', headers: { host } });
    expect(deep.statusCode).toBe(200);
    expect(deep.body).toContain('<div id="root">');
    expect((await s.app.inject({ url: '/app.css', headers: { host } })).statusCode).toBe(200);
    expect((await s.app.inject({ url: '/assets/missing.js', headers: { host } })).statusCode).toBe(404);
    expect((await s.app.inject({ url: '/api/nothing', headers: { host } })).statusCode).toBe(404);
  });

  it('answers 401 without a session', async () => {
    const res = await s.app.inject({ url: '/trpc/connections.list', headers: { host } });
    expect(res.statusCode).toBe(401);
    expect(JSON.stringify(res.json())).not.toContain('stack');
  });

  it('signs up over HTTP with an httpOnly SameSite=Strict cookie, then the session works; sign-out ends it', async () => {
    const res = await s.app.inject({ method: 'POST', url: '/trpc/auth.signUp', headers: json, payload: { email: 'web@example.com', password: 'a good password', name: 'Web' } });
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\//);
    const cookie = sessionCookieOf(res.headers['set-cookie']);
    const me = await s.app.inject({ url: '/trpc/auth.me', headers: { cookie, host } });
    expect(me.statusCode).toBe(200);
    expect(me.json().result.data.user.email).toBe('web@example.com');
    const out = await s.app.inject({ method: 'POST', url: '/trpc/auth.signOut', headers: { ...json, cookie } });
    expect(String(out.headers['set-cookie'])).toMatch(/Max-Age=0/);
    expect((await s.app.inject({ url: '/trpc/auth.me', headers: { cookie, host } })).statusCode).toBe(401);
  });

  it('refuses writes from another origin (Origin or Sec-Fetch-Site) and accepts its own', async () => {
    const cookie = await signUp('origin@example.com');
    const payload = { name: 'x', apps: { a: { connector: 'sandbox-crm', config: {} }, b: { connector: 'sandbox-outreach', config: {} } } };
    const evil = await s.app.inject({ method: 'POST', url: '/trpc/connections.create', headers: { ...json, cookie, origin: 'https://evil.example' }, payload });
    expect(evil.statusCode).toBe(403);
    const site = await s.app.inject({ method: 'POST', url: '/trpc/connections.create', headers: { ...json, cookie, 'sec-fetch-site': 'cross-site' }, payload });
    expect(site.statusCode).toBe(403);
    const own = await s.app.inject({ method: 'POST', url: '/trpc/connections.create', headers: { ...json, cookie, origin: `http://${host}`, 'sec-fetch-site': 'same-origin' }, payload });
    expect(own.statusCode).toBe(200);
    expect((await s.app.inject({ url: '/trpc/connections.list', headers: { cookie, host } })).json().result.data).toHaveLength(1);
  });

  it('answers long batched calls (the web app batches many procedures in one URL)', async () => {
    const cookie = await signUp('batch@example.com');
    const paths = Array.from({ length: 12 }, () => 'connections.list').concat('auth.me', 'templates.gallery');
    const res = await s.app.inject({ url: `/trpc/${paths.join(',')}?batch=1&input=${encodeURIComponent(JSON.stringify({}))}`, headers: { cookie, host } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toHaveLength(paths.length);
  });

  it('names unknown keys in a 400', async () => {
    const cookie = await signUp('keys@example.com');
    const res = await s.app.inject({ method: 'POST', url: '/trpc/credentials.rename', headers: { ...json, cookie }, payload: { id: 'x', label: 'y', colour: 'red' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('"colour"');
  });

  it('rate-limits sign-in attempts with 429 and Retry-After in seconds', async () => {
    // A different account each time: the limit is the address's, not an account's.
    let n = 0;
    const attempt = () =>
      s.app.inject({ method: 'POST', url: '/trpc/auth.signIn', headers: { ...json }, payload: { email: `nobody${n++}@example.com`, password: 'wrong password' }, remoteAddress: '10.9.8.7' });
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await attempt()).statusCode);
    expect(codes.slice(0, 5).every((c) => c === 401)).toBe(true);
    const limited = await attempt();
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.message).toBe('Too many sign-in attempts from your network; try again in 1 minute.');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number.isInteger(Number(limited.headers['retry-after']))).toBe(true);
    // Other clients are not affected.
    expect((await s.app.inject({ url: '/trpc/auth.status', headers: { host }, remoteAddress: '10.9.8.8' })).statusCode).toBe(200);
  });

  it('rate-limits the whole API per client', async () => {
    let last = 0;
    for (let i = 0; i < 205 && last !== 429; i++) last = (await s.app.inject({ url: '/trpc/auth.status', headers: { host }, remoteAddress: '10.1.1.1' })).statusCode;
    expect(last).toBe(429);
  });

  it('never logs cookies or passwords', async () => {
    await signUp('logs@example.com');
    const all = s.logs.join('\n');
    expect(all).not.toContain('a good password');
    expect(all).not.toMatch(/sluice_session=[A-Za-z0-9_-]{10,}/);
  });
});
