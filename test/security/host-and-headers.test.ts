import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSluiceProcess, type SluiceProcess } from './sluice-process';

// Issue 18, findings 4 and 15, against real servers: the Host check (DNS rebinding), the origin check
// with its scheme, Cache-Control on API answers, HSTS when the operator turns it on. Requests go
// through node:http because fetch will not let a test choose the Host header, as a browser after DNS
// rebinding does.

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function raw(base: string, path: string, options: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: unknown } = {}): Promise<Answer> {
  const url = new URL(path, base);
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: options.method ?? 'GET', headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...options.headers } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const signUpBody = { email: 'first@hosts.test', password: 'a good password 42', name: 'First' };

describe('a server with the default settings', () => {
  let sluice: SluiceProcess;
  let port = 0;
  beforeAll(async () => {
    sluice = await startSluiceProcess();
    port = sluice.port;
  });
  afterAll(async () => {
    await sluice?.stop();
  });

  it('answers 421 with a sentence to another name, as after DNS rebinding, and creates nothing', async () => {
    const evil = `attacker.example:${port}`;
    const signUp = await raw(sluice.url, '/trpc/auth.signUp', { method: 'POST', headers: { host: evil, origin: `http://${evil}` }, body: signUpBody });
    expect(signUp.status).toBe(421);
    expect(JSON.parse(signUp.body)).toEqual({
      error: 'E_UNKNOWN_HOST',
      message: `This Sluice server does not answer to the name "${evil}". If that is how your users reach it, add it to SLUICE_TRUSTED_HOSTS or set SLUICE_PUBLIC_URL.`,
    });
    for (const path of ['/trpc/auth.status', '/connections', '/oauth/callback?state=x']) {
      expect((await raw(sluice.url, path, { headers: { host: evil } })).status, path).toBe(421);
    }
    const status = await raw(sluice.url, '/trpc/auth.status', { headers: { host: `127.0.0.1:${port}` } });
    expect(JSON.parse(status.body).result.data).toMatchObject({ needsSetup: true, user: null });
  });

  it('keeps /healthz and /readyz reachable under any name, for probes', async () => {
    for (const path of ['/healthz', '/readyz']) expect((await raw(sluice.url, path, { headers: { host: 'sluice-0.internal:9999' } })).status, path).toBe(200);
  });

  it('answers to localhost and IP addresses, also on a mapped port (docker -p 8080:3000), not to look-alike names', async () => {
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'localhost:8080', '192.168.1.20:8080']) {
      expect((await raw(sluice.url, '/trpc/auth.status', { headers: { host } })).status, host).toBe(200);
    }
    for (const host of [`localhost.attacker.example:${port}`, `127.0.0.1.attacker.example:${port}`]) {
      expect((await raw(sluice.url, '/trpc/auth.status', { headers: { host } })).status, host).toBe(421);
    }
  });

  it('refuses a write whose Origin has the right host but another scheme', async () => {
    const host = `127.0.0.1:${port}`;
    const res = await raw(sluice.url, '/trpc/auth.signUp', { method: 'POST', headers: { host, origin: `https://${host}` }, body: signUpBody });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body).error).toBe('E_CROSS_ORIGIN');
  });

  it('marks API answers, refusals and health no-store, sends no HSTS over plain http by default', async () => {
    const host = `127.0.0.1:${port}`;
    const answers = [
      await raw(sluice.url, '/trpc/auth.status', { headers: { host } }),
      await raw(sluice.url, '/trpc/connections.list', { headers: { host } }),
      await raw(sluice.url, '/healthz', { headers: { host } }),
      await raw(sluice.url, '/trpc/auth.status', { headers: { host: 'attacker.example' } }),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 401, 200, 421]);
    for (const a of answers) {
      expect(a.headers['cache-control']).toBe('no-store');
      expect(a.headers['strict-transport-security']).toBeUndefined();
    }
  });
});

describe('a server behind a TLS proxy, with a public URL and trusted hosts', () => {
  let sluice: SluiceProcess;
  const publicHost = 'sluice.example.com';
  beforeAll(async () => {
    sluice = await startSluiceProcess({ SLUICE_PUBLIC_URL: `https://${publicHost}`, SLUICE_TRUSTED_HOSTS: 'sluice.lan', SLUICE_TRUST_PROXY: '1' });
  });
  afterAll(async () => {
    await sluice?.stop();
  });

  const viaProxy = (headers: Record<string, string> = {}) => ({ host: '127.0.0.1:1', 'x-forwarded-host': publicHost, 'x-forwarded-proto': 'https', ...headers });

  it('answers to the public name (as the proxy forwards it) and the trusted ones, not to others', async () => {
    expect((await raw(sluice.url, '/trpc/auth.status', { headers: viaProxy() })).status).toBe(200);
    expect((await raw(sluice.url, '/trpc/auth.status', { headers: { host: 'sluice.lan:8443' } })).status).toBe(200);
    expect((await raw(sluice.url, '/trpc/auth.status', { headers: viaProxy({ 'x-forwarded-host': 'attacker.example' }) })).status).toBe(421);
  });

  it('turns HSTS on by itself because the public URL is https', async () => {
    const res = await raw(sluice.url, '/trpc/auth.status', { headers: viaProxy() });
    expect(res.headers['strict-transport-security']).toBe('max-age=15552000');
  });

  it("compares the Origin's scheme with the one the proxy reports", async () => {
    const plain = await raw(sluice.url, '/trpc/auth.signUp', { method: 'POST', headers: viaProxy({ origin: `http://${publicHost}` }), body: signUpBody });
    expect(plain.status).toBe(403);
    const secure = await raw(sluice.url, '/trpc/auth.signUp', { method: 'POST', headers: viaProxy({ origin: `https://${publicHost}` }), body: signUpBody });
    expect(secure.status, secure.body).toBe(200);
  });
});
